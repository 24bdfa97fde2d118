/**
 * The analyst's exports beside responses.csv: the answers in long format, the codebook of responses.csv, and
 * the indicator tables of the analysis as CSV. Every cell is escaped against formula injection (header
 * included) and written with back-pressure, so a slow download never piles rows up in memory.
 */
import type { Writable } from 'node:stream';
import { Model } from 'survey-core';
import '../../surveys/extensions';
import { AnalysisInputError, indicatorTables, type Filters, type Table } from '../../analysis';
import { answerColumns } from '../../surveys/answer-columns';
import { AppError } from '../errors';
import type { CityStore } from '../stores/cities';
import type { ResponseStore } from '../stores/responses';
import type { SurveyStore, SurveyVersion } from '../stores/surveys';
import { sameYearReader } from './same-year-answers';
import { analysisService } from './analysis';
import { answerColumnTags, responseCodebook, type ChoiceLabel } from './codebook';
import { csvLines, csvOutput, metaCells, savedResponsePages, type AnswersExport } from './csv-export';

/** Rows handed to papaparse at once: large enough to be fast, small enough to keep memory flat. */
const BATCH_ROWS = 1000;

export const LONG_HEADERS = ['city', 'city_name', 'country', 'networks', 'status', 'question', 'column', 'indicator', 'policy_area', 'value'] as const;
export const CODEBOOK_HEADERS = [
  'column',
  'question',
  'type',
  'indicator',
  'policy_area',
  'question_en',
  'question_fr',
  'item_en',
  'item_fr',
  'cell',
  'choices',
] as const;

/** Meta cells the long export repeats on each row: city, city_name, country, networks, status. */
const LONG_META = 5;

/**
 * Streams the answers in long format: one row per city and non-empty cell of responses.csv (same version of
 * the questionnaire, same cell values), i.e. the wide file without its empty cells, unpivoted. Unanswered
 * questions have no row; a checkbox that was answered has a row per choice (1 or 0), as in the wide file.
 */
export async function writeLongCsv({ out, surveyId, version, responses, cities, bom, sameYearMappings }: AnswersExport): Promise<void> {
  const model = new Model(version.definition);
  const readAs = sameYearReader(sameYearMappings, { surveyId, target: version });
  const tags = answerColumnTags(model);
  const columns = answerColumns(model).map((c) => ({ ...c, tags: tags.get(c.header) }));
  const output = csvOutput(out);
  if (bom) await output.write('\uFEFF');
  await output.write(csvLines([[...LONG_HEADERS]]));
  let batch: (string | number | boolean)[][] = [];
  for (const page of savedResponsePages({ surveyId, responses, cities, readAs })) {
    for (const saved of page) {
      const meta = metaCells(saved).slice(0, LONG_META);
      for (const c of columns) {
        const value = c.cell(saved.response.data);
        if (value === '') continue;
        batch.push([...meta, c.question, c.header, c.tags?.indicator ?? '', c.tags?.policyArea ?? '', value]);
      }
      if (batch.length >= BATCH_ROWS) {
        await output.write(csvLines(batch));
        batch = [];
        if (output.isClosed()) return;
      }
    }
  }
  if (batch.length > 0) await output.write(csvLines(batch));
}

/** `value=English label|French label`, one choice per line, so a spreadsheet cell shows one choice per line. */
export function formatChoices(choices: readonly ChoiceLabel[]): string {
  return choices.map((c) => `${String(c.value)}=${c.text.en}|${c.text.fr}`).join('\n');
}

/** The codebook of responses.csv: one row per column of the wide export, meta columns first. */
export async function writeCodebookCsv({ out, version, bom }: { out: Writable; version: SurveyVersion; bom: boolean }): Promise<void> {
  const rows = responseCodebook(version.definition).map((c) => [
    c.column,
    c.question,
    c.type,
    c.indicator ?? '',
    c.policyArea ?? '',
    c.title.en,
    c.title.fr,
    c.item?.en ?? '',
    c.item?.fr ?? '',
    c.cell,
    formatChoices(c.choices),
  ]);
  const output = csvOutput(out);
  if (bom) await output.write('\uFEFF');
  await output.write(csvLines([[...CODEBOOK_HEADERS]]));
  for (let i = 0; i < rows.length && !output.isClosed(); i += BATCH_ROWS) await output.write(csvLines(rows.slice(i, i + BATCH_ROWS)));
}

/** One indicator table as CSV: its column names, then its rows (null cells empty). */
export async function writeTableCsv({ out, table, bom }: { out: Writable; table: Table; bom: boolean }): Promise<void> {
  const output = csvOutput(out);
  if (bom) await output.write('\uFEFF');
  await output.write(csvLines([table.columns.map((c) => c.name)]));
  for (let i = 0; i < table.rows.length && !output.isClosed(); i += BATCH_ROWS) {
    await output.write(csvLines(table.rows.slice(i, i + BATCH_ROWS).map((row) => row.map((cell) => cell ?? ''))));
  }
}

/**
 * The indicator tables of a survey year, computed by the same analysis as the dashboard (same responses,
 * roster, previous year, filters), plus the codebooks of the tables and of the questionnaire.
 */
export function indicatorExports(d: { surveys: SurveyStore; responses: ResponseStore; cities: CityStore }) {
  const analysis = analysisService(d);
  return {
    tables({ surveyId, filters, submittedOnly }: { surveyId: number; filters: Filters; submittedOnly: boolean }): {
      year: number;
      tables: Table[];
    } {
      const result = analysis.analyse({ surveyId, filters, submittedOnly });
      // The catalogue the analysis read (cached per questionnaire version), not a second survey-core walk.
      try {
        return { year: result.survey.year, tables: indicatorTables(result, result.catalogue) };
      } catch (err) {
        if (err instanceof AnalysisInputError) throw new AppError('validation_failed', `The survey cannot be analysed: ${err.message}`);
        throw err;
      }
    },
  };
}
export type IndicatorExports = ReturnType<typeof indicatorExports>;
