import { AppError, notFound } from '../errors';
import type { Clock } from '../clock';
import type { Answers } from '../../surveys/answers-merge';
import { answersOutside } from '../../surveys/definition-diff';
import type { Locale, SubmissionChecker } from '../domain/submission-check';
import type { CityStore } from '../stores/cities';
import type { LinkHolder, LinkStore } from '../stores/links';
import type { ResponseStore, SaveOutcome, StoredResponse } from '../stores/responses';
import type { SurveyStore } from '../stores/surveys';

export interface RespondDeps {
  surveys: SurveyStore;
  cities: CityStore;
  links: LinkStore;
  responses: ResponseStore;
  checker: SubmissionChecker;
  clock: Clock;
  /** The survey's key dates, shown on the coordinator's page (services/calendar.ts). */
  keyDates?: (surveyId: number) => unknown[];
}

const LINK_PROBLEMS = {
  unknown: 'This link is not valid. Please check that you copied the whole address from the email.',
  revoked: 'This link has been replaced. Please use the latest link the ICC Unit sent you.',
  expired: 'This link has expired. Please ask the ICC Unit for a new one.',
} as const;

export type RespondentStatus = 'draft' | 'submitted' | 'closed';

/** The coordinator's side: everything a link holder can do, keyed by the link's token. */
export function respondService(d: RespondDeps) {
  function holderOf(token: string): LinkHolder {
    const { holder, problem } = d.links.resolve({ token, now: d.clock.now() });
    if (!holder) throw new AppError('not_found', LINK_PROBLEMS[problem ?? 'unknown'], { reason: problem ?? 'unknown' });
    return holder;
  }

  function surveyOf(holder: LinkHolder) {
    const survey = d.surveys.get({ id: holder.surveyId });
    if (!survey) throw notFound('This survey no longer exists.');
    return survey;
  }

  /** The version the city answers: the one its draft was given, else the latest published one. */
  function versionFor(holder: LinkHolder) {
    const existing = d.responses.get({ surveyId: holder.surveyId, cityId: holder.cityId });
    const version = existing
      ? d.surveys.version({ id: existing.versionId })
      : d.surveys.publishedVersion({ surveyId: holder.surveyId });
    if (!version) {
      throw new AppError('not_open', 'This survey is not open yet. The ICC Unit will let you know when it opens.');
    }
    return { version, existing };
  }

  /** Only the version id, for saves: no definition or answers are read. */
  function versionIdFor(holder: LinkHolder): number {
    const id = d.responses.versionIdOf(holder) ?? d.surveys.publishedVersionId({ surveyId: holder.surveyId });
    if (id === undefined) throw new AppError('not_open', 'This survey is not open yet.');
    return id;
  }

  function statusOf(surveyStatus: string, response: StoredResponse | undefined): RespondentStatus {
    if (surveyStatus === 'closed') return 'closed';
    return response?.status === 'submitted' ? 'submitted' : 'draft';
  }

  function ensureWritable(holder: LinkHolder) {
    const survey = surveyOf(holder);
    if (survey.status === 'closed') throw new AppError('closed', 'This survey is closed; answers can no longer be changed.');
    if (survey.status !== 'open') throw new AppError('not_open', 'This survey is not open yet.');
    return survey;
  }

  function conflictError(outcome: Exclude<SaveOutcome, { kind: 'saved' }>): AppError {
    const body = { data: outcome.current.data, revision: outcome.current.revision };
    switch (outcome.kind) {
      case 'submitted':
        return new AppError('submitted', 'These answers have been submitted. Ask the ICC Unit to reopen them to make changes.', {}, body);
      case 'stale':
        return new AppError('conflict', 'Your copy is ahead of the server; the answers have been reloaded.', { questions: [] }, body);
      case 'conflict':
        return new AppError(
          'conflict',
          'A colleague changed some of the same answers meanwhile. Choose which version to keep.',
          { questions: outcome.conflicts, changes: d.responses.lastChanges({ responseId: outcome.current.id }) },
          body,
        );
    }
  }

  return {
    /** The city and survey a working link stands for; 404 with the reason (unknown, revoked, expired) otherwise. */
    holder({ token }: { token: string }): LinkHolder {
      return holderOf(token);
    },

    load({ token }: { token: string }) {
      const holder = holderOf(token);
      const survey = surveyOf(holder);
      const { version, existing } = versionFor(holder);
      const city = d.cities.get({ id: holder.cityId });
      if (!city) throw notFound('This city is no longer in the programme roster.');
      const previousSurvey = d.surveys.previous({ code: survey.code, year: survey.year });
      const previous = previousSurvey && d.responses.get({ surveyId: previousSurvey.id, cityId: holder.cityId });
      // 'Opened' on the Unit's campaign page.
      d.links.recordOpen({ linkId: holder.linkId, now: d.clock.now() });
      return {
        survey: version.definition,
        data: existing?.data ?? {},
        revision: existing?.revision ?? 0,
        status: statusOf(survey.status, existing),
        pageNo: existing?.pageNo ?? 0,
        year: survey.year,
        title: survey.title,
        closesAt: survey.closesAt,
        city: { code: city.code, name: city.name, nameFr: city.nameFr, country: city.country },
        previous: previous && previous.revision > 0 ? { year: previousSurvey!.year, data: previous.data } : null,
        changes: existing ? d.responses.lastChanges({ responseId: existing.id }) : {},
        keyDates: d.keyDates?.(survey.id) ?? [],
        // Answers to questions a newer version removed (the draft moved to it): kept and flagged, never deleted.
        removedAnswers: existing ? answersOutside(version.definition, existing.data) : [],
      };
    },

    save(input: { token: string; data: Answers; revision: number; author: string | null; pageNo?: number; progress?: number }) {
      const holder = holderOf(input.token);
      ensureWritable(holder);
      const outcome = d.responses.merge({ ...holder, versionId: versionIdFor(holder), ...input, now: d.clock.now() });
      if (outcome.kind !== 'saved') throw conflictError(outcome);
      // The merged answers come back so the page learns what colleagues changed meanwhile.
      return { revision: outcome.revision, changed: outcome.changed, data: outcome.data };
    },

    submit(input: { token: string; data: Answers; revision: number; author: string | null; locale: Locale }) {
      const holder = holderOf(input.token);
      ensureWritable(holder);
      const version = d.surveys.version({ id: versionIdFor(holder) })!;
      const outcome = d.responses.merge({ ...holder, versionId: version.id, ...input, now: d.clock.now() });
      if (outcome.kind !== 'saved') throw conflictError(outcome);
      const stored = d.responses.get(holder)!;
      const { errors: questions, withoutHidden: cleaned } = d.checker.review({
        versionId: version.id,
        definition: version.definition,
        data: stored.data,
        locale: input.locale,
      });
      if (Object.keys(questions).length > 0) {
        throw new AppError(
          'validation_failed',
          input.locale === 'fr'
            ? 'Certaines réponses doivent être complétées ou corrigées avant l’envoi.'
            : 'Some answers need attention before the survey can be submitted.',
          { questions },
          { revision: stored.revision },
        );
      }
      // Answers hidden by logic are dropped at submission, as survey-core does on completion; the change log keeps them.
      let revision = stored.revision;
      if (Object.keys(cleaned).length !== Object.keys(stored.data).length) {
        const again = d.responses.merge({ ...holder, versionId: version.id, data: cleaned, revision, author: input.author, now: d.clock.now() });
        if (again.kind === 'saved') revision = again.revision;
      }
      d.responses.setStatus({ id: stored.id, status: 'submitted', now: d.clock.now() });
      return { revision, status: 'submitted' as const };
    },
  };
}
export type RespondService = ReturnType<typeof respondService>;
