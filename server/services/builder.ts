import { surveyCatalogue } from '../../analysis/survey-catalogue';
import { checkDefinition } from '../../surveys/default-surveys';
import { rewrittenValueWarnings } from '../../surveys/expression-rewrites';
import { checkIndicators, indicatorWarnings } from '../../surveys/indicator-check';
import { answersOutside, applyAnswerMapping, diffDefinitions, isSameDefinition, mappingProblems, renamesNeedingMapping, type AnswerMapping } from '../../surveys/definition-diff';
import type { Clock } from '../clock';
import type { Db } from '../db';
import { AppError, invalid, notFound } from '../errors';
import type { ResponseStore } from '../stores/responses';
import type { SurveyStore, SurveyVersion } from '../stores/surveys';
import type { VersionMappingStore } from '../stores/version-mappings';
import type { SameYearMappingStore } from '../stores/same-year-mappings';
import { renamesOf } from './same-year-answers';
import { plainText, type SurveysAdmin } from './surveys-admin';

export interface BuilderDeps {
  db: Db;
  surveys: SurveyStore;
  responses: ResponseStore;
  mappings: VersionMappingStore;
  sameYearMappings: SameYearMappingStore;
  admin: SurveysAdmin;
  clock: Clock;
}

/** `draft` or a version id. */
export type VersionRef = number | 'draft';

/**
 * The questionnaire builder's server side (issue 4; decision docs/decisions/004-builder-drafts.md).
 *
 * A survey has at most one draft version (unpublished); published versions never change. The draft is saved
 * whatever its problems (autosave keeps work in progress) and every save answers with the problems
 * checkDefinition finds; publishing refuses a draft that has any.
 */
export function builderService(d: BuilderDeps) {
  const publishedMessage = (v: { number: number }) =>
    `Version ${v.number} of this survey is published and can no longer be changed. Reload the builder to edit a new draft.`;

  function draftView(surveyId: number, v: SurveyVersion) {
    const s = d.admin.requireSurvey(surveyId);
    return {
      survey: { id: s.id, title: s.title, year: s.year, status: s.status, code: s.code, opensAt: s.opensAt, closesAt: s.closesAt },
      versionId: v.id,
      number: v.number,
      revision: v.revision,
      definition: v.definition,
      problems: checkDefinition(v.definition),
      warnings: rewrittenValueWarnings(v.definition),
    };
  }

  /** A version of this survey, or of the same questionnaire in another year (for year-to-year comparisons). */
  function comparableVersion(surveyId: number, ref: VersionRef): SurveyVersion {
    const survey = d.admin.requireSurvey(surveyId);
    if (ref === 'draft') {
      const draft = d.surveys.draftVersion({ surveyId });
      if (!draft) throw notFound('This survey has no draft.');
      return draft;
    }
    const v = d.surveys.version({ id: ref });
    const owner = v && d.surveys.get({ id: v.surveyId });
    if (!v || !owner || (owner.id !== survey.id && owner.code !== survey.code)) {
      throw notFound(`No version ${ref} of this survey or of the same questionnaire in another year.`);
    }
    return v;
  }

  /**
   * What a draft's renames are checked against: the last published version of the survey and its answers, or,
   * for next year's copy not yet published, last year's published version and last year's answers.
   */
  function mappingBase(surveyId: number): { version: SurveyVersion; answersOf: number } | undefined {
    const own = d.surveys.publishedVersion({ surveyId });
    if (own) return { version: own, answersOf: surveyId };
    const survey = d.admin.requireSurvey(surveyId);
    const prev = d.surveys.previous({ code: survey.code, year: survey.year });
    const prevVersion = prev && d.surveys.publishedVersion({ surveyId: prev.id });
    return prev && prevVersion ? { version: prevVersion, answersOf: prev.id } : undefined;
  }

  /**
   * Cities' unsubmitted drafts move to the version just published (a fix reaches them). Answers to a code or value
   * the Unit mapped to a new one follow it (a change of the draft by "ICC Unit", in its history, so that a
   * colleague's save from before merges with it); anything else is not touched, so answers to questions it
   * removed (or dropped) stay in the response, flagged on the respondent page (answersOutside) and in
   * flaggedAnswers. Submitted responses keep the version they were submitted against (and their answers: readers
   * map them, see same-year-answers.ts).
   */
  function moveDrafts(surveyId: number, version: SurveyVersion, now: Date) {
    const rows = d.db
      .prepare<[number, number], { id: number; city_id: number; version_id: number; data: string; revision: number }>(
        `SELECT id, city_id, version_id, data, revision FROM responses WHERE survey_id = ? AND status = 'draft' AND version_id <> ?`,
      )
      .all(surveyId, version.id);
    const mappings = d.sameYearMappings.mappingsOf({ surveyId }).filter((m) => m.number <= version.number);
    const numbers = mappings.length > 0 ? d.sameYearMappings.versionNumbers({ surveyId }) : new Map<number, number>();
    let flaggedAnswers = 0;
    const update = d.db.prepare('UPDATE responses SET version_id = ? WHERE id = ?');
    for (const r of rows) {
      let data = JSON.parse(r.data) as Record<string, unknown>;
      const from = numbers.get(r.version_id) ?? version.number;
      const renames = mappings.filter((m) => m.number > from).map((m) => renamesOf(m.mapping));
      if (renames.length > 0 && r.revision > 0) {
        const renamed = renames.reduce((answers, m) => applyAnswerMapping(answers, m), data);
        const saved = d.responses.merge({ surveyId, cityId: r.city_id, versionId: version.id, data: renamed, revision: r.revision, author: 'ICC Unit', now });
        if (saved.kind === 'saved') data = saved.data;
      }
      flaggedAnswers += answersOutside(version.definition, data).length;
      update.run(version.id, r.id);
    }
    return { drafts: rows.length, flaggedAnswers };
  }

  const savedResponses = d.db.prepare<
    [number],
    { city_id: number; code: string; name: string; version_id: number; status: 'draft' | 'submitted'; data: string }
  >(
    `SELECT r.city_id, c.code, c.name, r.version_id, r.status, r.data FROM responses r JOIN cities c ON c.id = r.city_id
     WHERE r.survey_id = ? AND r.revision > 0 ORDER BY c.code`,
  );

  function* answerData(surveyId: number) {
    for (const r of d.responses.answersOf({ surveyId })) yield r.data as Record<string, unknown>;
  }

  return {
    /** The draft, created as a copy of the latest version when there is none. */
    getDraft({ surveyId }: { surveyId: number }) {
      d.admin.requireSurvey(surveyId);
      return draftView(surveyId, d.surveys.ensureDraft({ surveyId, now: d.clock.now() }));
    },

    /**
     * Autosave. `versionId` (optional) names the draft the sender edits: when that version has been published
     * meanwhile, the save is refused rather than applied to a newer draft the sender has not seen.
     */
    saveDraft({ surveyId, definition, baseRevision, versionId }: { surveyId: number; definition: Record<string, unknown>; baseRevision: number; versionId?: number }) {
      d.admin.requireSurvey(surveyId);
      if (versionId !== undefined) {
        const target = d.surveys.version({ id: versionId });
        if (!target || target.surveyId !== surveyId) throw notFound(`No version ${versionId} of this survey.`);
        if (target.publishedAt !== null) throw new AppError('conflict', publishedMessage(target), { reason: 'published' });
      }
      const draft = d.surveys.draftVersion({ surveyId });
      if (!draft) throw new AppError('conflict', 'This survey has no draft any more (it was published). Reload the builder.', { reason: 'published' });
      if (versionId !== undefined && draft.id !== versionId) throw notFound(`No version ${versionId} of this survey.`);
      const outcome = d.surveys.saveDraft({ versionId: draft.id, definition, baseRevision, now: d.clock.now() });
      switch (outcome.kind) {
        case 'published':
          throw new AppError('conflict', publishedMessage(draft), { reason: 'published' });
        case 'stale':
          throw new AppError(
            'conflict',
            'The draft was saved meanwhile from another window or by a colleague. Load their version or keep yours.',
            { reason: 'stale' },
            { revision: outcome.current.revision, definition: outcome.current.definition },
          );
        case 'saved':
          return {
            versionId: draft.id,
            revision: outcome.revision,
            updatedAt: outcome.updatedAt,
            problems: checkDefinition(definition),
            // Values a condition could not be written on (survey-core rewrites them in expressions): not blocking.
            warnings: rewrittenValueWarnings(definition),
          };
      }
    },

    /**
     * Turns the draft into a new immutable published version; refused while it has problems, and while it removes
     * question codes or choice values that have answers without a `mapping` saying what they became (409,
     * `reason: "unmapped"`). The mapping is stored with the new version.
     */
    publish({ surveyId, revision, mapping }: { surveyId: number; revision?: number; mapping?: AnswerMapping }) {
      d.admin.requireSurvey(surveyId);
      const draft = d.surveys.draftVersion({ surveyId });
      if (!draft) throw new AppError('conflict', 'There is no draft to publish.', { reason: 'no_draft' });
      if (revision !== undefined && revision !== draft.revision) {
        throw new AppError('conflict', 'The draft changed since you last saw it. Review it before publishing.', { reason: 'stale' }, { revision: draft.revision });
      }
      const problems = checkDefinition(draft.definition);
      if (problems.length > 0) {
        throw invalid(`The draft cannot be published: ${problems.length} problem(s) to fix first: ${problems.slice(0, 5).join('; ')}`, { problems });
      }
      // Analysis must be able to read what is published; missing indicators only warn (analysis reports nothing for them).
      try {
        surveyCatalogue(draft.definition);
      } catch (err) {
        const message = `analysis cannot read this definition: ${err instanceof Error ? err.message : String(err)}`;
        throw invalid(`The draft cannot be published: ${message}`, { problems: [message] });
      }
      const warnings = [...indicatorWarnings(checkIndicators(draft.definition)), ...rewrittenValueWarnings(draft.definition)];
      const previous = d.surveys.publishedVersion({ surveyId });
      if (previous && isSameDefinition(previous.definition, draft.definition)) {
        throw new AppError('conflict', `The draft has no changes since version ${previous.number}: there is nothing to publish.`, { reason: 'unchanged' });
      }
      const base = mappingBase(surveyId);
      if (mapping) {
        const wrong = mappingProblems(mapping, draft.definition);
        if (wrong.length > 0) throw invalid(`The mapping does not match the draft: ${wrong.slice(0, 5).join('; ')}`, { problems: wrong });
      }
      if (base) {
        const unmapped = renamesNeedingMapping(base.version.definition, draft.definition, answerData(base.answersOf), mapping);
        if (unmapped.length > 0) {
          const list = unmapped.map((u) => (u.kind === 'question' ? `question "${u.code}"` : `value "${u.value}" of "${u.question}"`));
          throw new AppError(
            'conflict',
            `The draft removes codes or values that have answers: say what each became (or that it is dropped) before publishing: ${list.slice(0, 10).join(', ')}`,
            { reason: 'unmapped', unmapped },
          );
        }
      }
      const now = d.clock.now();
      let moved = { drafts: 0, flaggedAnswers: 0 };
      const ok = d.db.transaction(() => {
        const done = d.surveys.publishDraft({ versionId: draft.id, revision: draft.revision, title: plainText(draft.definition.title) || undefined, now });
        if (done && mapping && base) d.mappings.add({ versionId: draft.id, fromVersionId: base.version.id, mapping, now });
        if (done) moved = moveDrafts(surveyId, draft, now);
        return done;
      })();
      if (!ok) throw new AppError('conflict', 'The draft changed while it was being published. Try again.', { reason: 'stale' });
      const v = d.surveys.version({ id: draft.id })!;
      return { versionId: v.id, number: v.number, publishedAt: v.publishedAt, warnings, movedDrafts: moved.drafts, flaggedAnswers: moved.flaggedAnswers };
    },

    /**
     * Campaign settings: the open and close dates coordinators are shown (respondent page, calendar, reminders).
     * The welcome and thank-you texts are part of the definition (its `description` and `completedHtml`).
     */
    setDates({ surveyId, opensAt, closesAt }: { surveyId: number; opensAt: string | null; closesAt: string | null }) {
      d.admin.requireSurvey(surveyId);
      if (opensAt && closesAt && opensAt > closesAt) throw invalid('The survey cannot close before it opens.', { problems: ['closesAt is before opensAt'] });
      d.db.prepare('UPDATE surveys SET opens_at = ?, closes_at = ? WHERE id = ?').run(opensAt, closesAt, surveyId);
      const s = d.admin.requireSurvey(surveyId);
      return { id: s.id, opensAt: s.opensAt, closesAt: s.closesAt };
    },

    /**
     * The mappings published with this survey's versions (old codes / values → new), for year-over-year readers:
     * apply them to older answers with applyAnswerMapping (surveys/definition-diff.ts).
     */
    mappings({ surveyId }: { surveyId: number }) {
      d.admin.requireSurvey(surveyId);
      return d.mappings.ofSurvey({ surveyId }).map((m) => {
        const from = d.surveys.version({ id: m.fromVersionId });
        const fromSurvey = from && d.surveys.get({ id: from.surveyId });
        return { ...m, from: from && fromSurvey ? { surveyId: fromSurvey.id, year: fromSurvey.year, number: from.number } : null };
      });
    },

    /**
     * Per city, the answers its response holds to questions its version does not have (a fix removed them after
     * they were given, and the city's draft moved to it): kept, never deleted, and listed for the Unit and the
     * analysts, since no export column holds them. Cities in code order; only those with such answers.
     */
    flaggedAnswers({ surveyId }: { surveyId: number }) {
      d.admin.requireSurvey(surveyId);
      const definitions = new Map<number, { number: number; definition: unknown }>();
      const versionOf = (id: number) => {
        let v = definitions.get(id);
        if (!v) {
          const stored = d.surveys.version({ id });
          v = { number: stored?.number ?? 0, definition: stored?.definition };
          definitions.set(id, v);
        }
        return v;
      };
      return savedResponses.all(surveyId).flatMap((r) => {
        const version = versionOf(r.version_id);
        const data = JSON.parse(r.data) as Record<string, unknown>;
        const codes = answersOutside(version.definition, data);
        if (codes.length === 0) return [];
        return [
          {
            cityId: r.city_id,
            cityCode: r.code,
            cityName: r.name,
            status: r.status,
            version: version.number,
            codes,
            values: Object.fromEntries(codes.map((c) => [c, data[c]])),
          },
        ];
      });
    },

    /** Next year's survey of the same questionnaire: a copy of the published version (same codes), no answers. */
    nextYear({ surveyId, year }: { surveyId: number; year?: number }) {
      const source = d.admin.requireSurvey(surveyId);
      const targetYear = year ?? source.year + 1;
      if (d.surveys.findByYear({ year: targetYear, code: source.code })) {
        throw new AppError('conflict', `The ${targetYear} survey of this questionnaire already exists.`, { reason: 'exists' });
      }
      const version = d.surveys.currentVersion({ surveyId });
      if (!version) throw notFound('This survey has no definition to copy.');
      const definition = structuredClone(version.definition);
      const id = d.surveys.create({
        year: targetYear,
        code: source.code,
        title: plainText(definition.title) || source.title,
        definition,
        now: d.clock.now(),
      });
      return { id, year: targetYear, code: source.code, status: 'draft' as const, copiedFrom: version.id };
    },

    versions({ surveyId }: { surveyId: number }) {
      d.admin.requireSurvey(surveyId);
      return d.surveys.versions({ surveyId }).map((v) => ({ ...v, status: v.publishedAt === null ? ('draft' as const) : ('published' as const) }));
    },

    version({ surveyId, ref }: { surveyId: number; ref: VersionRef }) {
      const v = comparableVersion(surveyId, ref);
      return { id: v.id, surveyId: v.surveyId, number: v.number, publishedAt: v.publishedAt, revision: v.revision, definition: v.definition };
    },

    /** Added, removed and changed questions and choices between two versions; defaults: last published → draft. */
    diff({ surveyId, from, to }: { surveyId: number; from?: VersionRef; to?: VersionRef }) {
      d.admin.requireSurvey(surveyId);
      const fromRef = from ?? d.surveys.publishedVersionId({ surveyId });
      if (fromRef === undefined) throw notFound('This survey has no published version to compare with.');
      const a = comparableVersion(surveyId, fromRef);
      const b = comparableVersion(surveyId, to ?? 'draft');
      return {
        from: { id: a.id, surveyId: a.surveyId, number: a.number, published: a.publishedAt !== null },
        to: { id: b.id, surveyId: b.surveyId, number: b.number, published: b.publishedAt !== null },
        ...diffDefinitions(a.definition, b.definition),
      };
    },
  };
}
export type BuilderService = ReturnType<typeof builderService>;
