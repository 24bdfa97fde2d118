/**
 * Published summaries (issue 7): the ICC Unit reviews a year's headline figures (the preview) and publishes them;
 * anyone may then read them at /summary/<year>, without signing in.
 *
 * The figures are computed by the pure `publicSummary` (analysis/public-summary.ts: aggregated only, suppressed
 * below 5 cities) from what the dashboard analyses (services/analysis.ts: every saved response, all cities), and
 * stored as a snapshot when published: reading a published year never recomputes anything, so later answers or
 * roster changes do not silently change a public page (docs/decisions/007-published-summary.md). Publishing
 * again makes a new version, the one shown; every earlier version is kept and readable (`?version=N`) while the
 * year is published, so a figure someone cited can still be found. Unpublishing withdraws the year (every version
 * of it); publishing again continues the numbering.
 *
 * Rules: only a closed survey may be published (its answers are final); one survey per year (the public address
 * is the year), so another survey of a year already published gets 409 until that one is unpublished.
 */
import crypto from 'node:crypto';
import {
  AnalysisInputError,
  analyseSurvey,
  publicSummary,
  publicSummaryTables,
  surveyCatalogue,
  type PublicSummary,
  type SurveyAnalysis,
  type Table,
} from '../../analysis';
import type { Clock } from '../clock';
import { AppError, notFound } from '../errors';
import type { CityStore } from '../stores/cities';
import type { PublishedSummaryStore } from '../stores/published-summaries';
import type { ResponseStore } from '../stores/responses';
import type { SurveyStore } from '../stores/surveys';
import { analysisService } from './analysis';

/** The public address of a year's summary page. */
export const summaryPath = (year: number) => `/summary/${year}`;

/** The Unit's view of a survey's summary: what is published (if anything) and what would be published now. */
export interface SummaryStatus {
  survey: { id: number; year: number; title: string; status: string };
  published: { publishedAt: string; publishedBy: string; path: string; matchesPreview: boolean; version: number } | null;
  /** Another survey of the same year whose summary is published (this one cannot be published meanwhile). */
  yearTakenBy: number | null;
  preview: PublicSummary;
  /** The analysis's warnings (few responses, unknown answers ...), to read before publishing. */
  warnings: string[];
}

/** What GET /api/public/summaries/:year answers. */
export interface PublishedSummaryView {
  year: number;
  /** The version shown and the latest one (the current summary); equal unless an earlier version was asked for. */
  version: number;
  latestVersion: number;
  /** Every kept version of the year, newest first. */
  versions: { version: number; publishedAt: string }[];
  publishedAt: string;
  summary: PublicSummary;
  tables: { file: string; description: string }[];
}

export function publicSummaryService(d: {
  surveys: SurveyStore;
  responses: ResponseStore;
  cities: CityStore;
  publishedSummaries: PublishedSummaryStore;
  clock: Clock;
}) {
  const analysis = analysisService(d);

  function requireSurvey(surveyId: number) {
    const survey = d.surveys.get({ id: surveyId });
    if (!survey) throw notFound(`No survey with id ${surveyId}.`);
    return survey;
  }

  function compute(surveyId: number): { summary: PublicSummary; warnings: string[] } {
    const input = analysis.inputs({ surveyId, submittedOnly: false });
    let a: SurveyAnalysis;
    try {
      a = analyseSurvey({ definition: input.definition, responses: input.responses, roster: input.roster, previous: input.previous });
    } catch (err) {
      if (err instanceof AnalysisInputError) throw new AppError('validation_failed', `The summary cannot be computed: ${err.message}`);
      throw err;
    }
    const summary = publicSummary({
      analysis: a,
      catalogue: surveyCatalogue(input.definition),
      survey: { year: input.survey.year, title: input.survey.title },
      previousYear: input.previousYear,
    });
    // The analysis's warnings name cities (duplicates, unmatched codes): fine for the Unit, never published.
    return { summary, warnings: a.warnings };
  }

  /** The year's current summary, or one of its kept versions (only while the year is published). */
  function readPublished(
    year: number,
    version?: number,
  ): { row: NonNullable<ReturnType<PublishedSummaryStore['getByYear']>>; latest: number; summary: PublicSummary } {
    const current = d.publishedSummaries.getByYear({ year });
    if (!current) throw notFound(`No summary has been published for ${year}.`);
    const row = version === undefined || version === current.version ? current : d.publishedSummaries.getVersion({ year, version });
    if (!row) throw notFound(`The ${year} summary has no version ${version}.`);
    return { row, latest: current.version, summary: JSON.parse(row.snapshot) as PublicSummary };
  }

  return {
    status({ surveyId }: { surveyId: number }): SummaryStatus {
      const survey = requireSurvey(surveyId);
      const { summary, warnings } = compute(surveyId);
      const published = d.publishedSummaries.getBySurvey({ surveyId });
      const sameYear = d.publishedSummaries.getByYear({ year: survey.year });
      return {
        survey: { id: survey.id, year: survey.year, title: survey.title, status: survey.status },
        published: published
          ? {
              publishedAt: published.publishedAt,
              publishedBy: published.publishedBy,
              path: summaryPath(published.year),
              matchesPreview: published.snapshot === JSON.stringify(summary),
              version: published.version,
            }
          : null,
        yearTakenBy: sameYear && sameYear.surveyId !== surveyId ? sameYear.surveyId : null,
        preview: summary,
        warnings,
      };
    },

    /** Publishes (or publishes again) the survey's summary as it stands now. */
    publish({ surveyId, by }: { surveyId: number; by: string }): { year: number; publishedAt: string; path: string; version: number } {
      const survey = requireSurvey(surveyId);
      if (survey.status !== 'closed') {
        throw new AppError('conflict', 'Close the survey before publishing its summary: the figures must rest on final answers.', { reason: 'not_closed' });
      }
      const taken = d.publishedSummaries.getByYear({ year: survey.year });
      if (taken && taken.surveyId !== surveyId) {
        throw new AppError('conflict', `Another survey’s summary is published for ${survey.year}: unpublish it first.`, { reason: 'year_taken', surveyId: taken.surveyId });
      }
      const { summary } = compute(surveyId);
      const snapshot = JSON.stringify(summary);
      const publishedAt = d.clock.now().toISOString();
      const etag = `"${crypto.createHash('sha256').update(`${publishedAt}\n${snapshot}`).digest('base64url').slice(0, 27)}"`;
      const version = d.publishedSummaries.save({ surveyId, year: survey.year, snapshot, etag, publishedAt, publishedBy: by });
      return { year: survey.year, publishedAt, path: summaryPath(survey.year), version };
    },

    /** Withdraws the survey's summary from the public; doing it twice is harmless. */
    unpublish({ surveyId }: { surveyId: number }): { published: false; withdrawn: boolean } {
      requireSurvey(surveyId);
      return { published: false, withdrawn: d.publishedSummaries.delete({ surveyId }) };
    },

    /** Published years, newest first, with the survey's title and headline n/N. */
    list(): { year: number; title: string; publishedAt: string; n: number; N: number | null }[] {
      return d.publishedSummaries.listYears().map((y) => {
        const { summary } = readPublished(y.year);
        return { year: y.year, title: summary.title, publishedAt: y.publishedAt, n: summary.n, N: summary.N };
      });
    },

    /** A published year's summary (the latest version, or `version`) and its ETag. */
    published({ year, version }: { year: number; version?: number }): { etag: string; view: PublishedSummaryView } {
      const { row, latest, summary } = readPublished(year, version);
      const tables = publicSummaryTables(summary).map((t) => ({ file: t.file, description: t.description }));
      const versions = d.publishedSummaries.listVersions({ year }).map((v) => ({ version: v.version, publishedAt: v.publishedAt }));
      // The list of versions is part of the answer: a new publication must change the ETag of older versions too.
      const etag = row.version === latest ? row.etag : `${row.etag.slice(0, -1)}-v${row.version}-of-${latest}"`;
      return { etag, view: { year, version: row.version, latestVersion: latest, versions, publishedAt: row.publishedAt, summary, tables } };
    },

    /** One table of a published year, latest version or `version` (404 for an unknown file). */
    table({ year, file, version }: { year: number; file: string; version?: number }): { etag: string; table: Table } {
      const { row, summary } = readPublished(year, version);
      const table = publicSummaryTables(summary).find((t) => t.file === file);
      if (!table) throw notFound(`No table ${file} in the ${year} summary.`);
      return { etag: row.etag, table };
    },
  };
}
export type PublicSummaryService = ReturnType<typeof publicSummaryService>;
