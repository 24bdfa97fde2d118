import { checkDefinition } from '../../surveys/default-surveys';
import { diffDefinitions, isSameDefinition } from '../../surveys/definition-diff';
import type { Clock } from '../clock';
import { AppError, invalid, notFound } from '../errors';
import type { SurveyStore, SurveyVersion } from '../stores/surveys';
import { plainText, type SurveysAdmin } from './surveys-admin';

export interface BuilderDeps {
  surveys: SurveyStore;
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
      survey: { id: s.id, title: s.title, year: s.year, status: s.status, code: s.code },
      versionId: v.id,
      number: v.number,
      revision: v.revision,
      definition: v.definition,
      problems: checkDefinition(v.definition),
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
          return { versionId: draft.id, revision: outcome.revision, updatedAt: outcome.updatedAt, problems: checkDefinition(definition) };
      }
    },

    /** Turns the draft into a new immutable published version; refused while it has problems. */
    publish({ surveyId, revision }: { surveyId: number; revision?: number }) {
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
      const previous = d.surveys.publishedVersion({ surveyId });
      if (previous && isSameDefinition(previous.definition, draft.definition)) {
        throw new AppError('conflict', `The draft has no changes since version ${previous.number}: there is nothing to publish.`, { reason: 'unchanged' });
      }
      const ok = d.surveys.publishDraft({
        versionId: draft.id,
        revision: draft.revision,
        title: plainText(draft.definition.title) || undefined,
        now: d.clock.now(),
      });
      if (!ok) throw new AppError('conflict', 'The draft changed while it was being published. Try again.', { reason: 'stale' });
      const v = d.surveys.version({ id: draft.id })!;
      return { versionId: v.id, number: v.number, publishedAt: v.publishedAt };
    },

    /** Next year's survey of the same questionnaire: a copy of the published version (same codes), no answers. */
    nextYear({ surveyId, year }: { surveyId: number; year?: number }) {
      const source = d.admin.requireSurvey(surveyId);
      const targetYear = year ?? source.year + 1;
      if (d.surveys.findByYear({ year: targetYear, code: source.code })) {
        throw new AppError('conflict', `The ${targetYear} survey of this questionnaire already exists.`, { reason: 'exists' });
      }
      const version = d.surveys.publishedVersion({ surveyId }) ?? d.surveys.latestVersion({ surveyId });
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
