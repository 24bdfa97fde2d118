import type { Writable } from 'node:stream';
import Papa from 'papaparse';
import { Model } from 'survey-core';
import '../../surveys/extensions';
import { answerColumns, escapeCell } from '../../surveys/answer-columns';
import type { City, CityStore } from '../stores/cities';
import type { ResponseStore, StoredResponse } from '../stores/responses';
import type { SurveyVersion } from '../stores/surveys';
import type { SameYearMappingStore } from '../stores/same-year-mappings';
import { sameYearReader, type SameYearReader } from './same-year-answers';

const CHUNK_ROWS = 500;
/** The columns of responses.csv before the answers, in order. */
export const META_HEADERS = ['city', 'city_name', 'country', 'networks', 'status', 'revision', 'version', 'updated_at', 'submitted_at'] as const;
export type MetaHeader = (typeof META_HEADERS)[number];

/** A response saved at least once, with its city as the roster has it (undefined if the city was removed). */
export interface SavedResponse {
  response: StoredResponse & { cityCode: string };
  city: City | undefined;
}

/**
 * The survey's responses that were saved at least once, in city-code order, one page at a time: only one page
 * of answers is in memory, whatever the number of responses. Each page is read when the previous one has been
 * consumed, so the caller may await between pages (no SQLite cursor stays open across awaits). With `readAs`,
 * answers given to an older version of the year come in the codes of the exported version (same-year-answers.ts).
 */
export function* savedResponsePages({
  surveyId,
  responses,
  cities,
  pageSize = CHUNK_ROWS,
  readAs,
}: {
  surveyId: number;
  responses: ResponseStore;
  cities: CityStore;
  pageSize?: number;
  readAs?: SameYearReader;
}): Generator<SavedResponse[]> {
  const cityById = new Map(cities.list().map((c) => [c.id, c]));
  let afterCode = '';
  for (;;) {
    const page = responses.page({ surveyId, afterCode, limit: pageSize });
    if (page.length === 0) return;
    afterCode = page[page.length - 1]!.cityCode;
    // Revision 0: the link was opened but nothing was saved; such cities have not started answering.
    const saved = page
      .filter((r) => r.revision > 0)
      .map((r) => ({ response: readAs ? { ...r, data: readAs(r.versionId, r.data) } : r, city: cityById.get(r.cityId) }));
    if (saved.length > 0) yield saved;
  }
}

/** The meta cells of a response, in META_HEADERS order (not yet escaped). */
export function metaCells({ response: r, city }: SavedResponse): (string | number)[] {
  return [
    r.cityCode,
    city?.name ?? '',
    city?.country ?? '',
    city?.networks.join(';') ?? '',
    r.status,
    r.revision,
    r.versionId,
    r.updatedAt,
    r.submittedAt ?? '',
  ];
}

/**
 * Writes text to a stream, honouring back-pressure: when the stream's buffer is full, the promise settles once
 * it has drained. If the reader goes away (the stream closes), it settles too and `isClosed()` turns true, so
 * loops stop instead of waiting forever for a 'drain' that never comes.
 */
export function csvOutput(out: Writable): { write(text: string): Promise<void>; isClosed(): boolean } {
  let closed = out.destroyed;
  out.once('close', () => {
    closed = true;
  });
  return {
    isClosed: () => closed,
    write(text: string): Promise<void> {
      if (closed) return Promise.resolve();
      if (out.write(text)) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const done = () => {
          out.off('drain', done);
          out.off('close', done);
          resolve();
        };
        out.on('drain', done);
        out.on('close', done);
      });
    },
  };
}

/** Characters that make papaparse quote a cell (besides a leading or trailing space). */
const QUOTED_CHARACTERS = /[\r\n",\uFEFF]/;

/**
 * One cell as CSV text, escaped against formula injection first (escapeCell), then exactly as papaparse's
 * `unparse` writes it with the settings of this module (comma, double quotes, `quotes: false`): quoted when it
 * holds a comma, a quote, CR, LF or a byte order mark, or starts or ends with a space; quotes doubled; null and
 * undefined empty. Property-tested against Papa.unparse (tests/unit/analysis-csv-export.test.ts). Written by
 * hand because the export calls it for every cell (papaparse's own was the export's bottleneck).
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return Papa.unparse([[value]]);
  let text = typeof value === 'string' ? (escapeCell(value) as string) : String(value);
  if (text === '') return text;
  const hasQuote = text.includes('"');
  if (hasQuote) text = text.replace(/"/g, '""');
  return hasQuote || QUOTED_CHARACTERS.test(text) || text.charCodeAt(0) === 32 || text.charCodeAt(text.length - 1) === 32 ? `"${text}"` : text;
}

/** One CSV line (CRLF-terminated) per row, every cell escaped against formula injection (as Papa.unparse + escapeCell). */
export function csvLines(rows: readonly (readonly (string | number | boolean)[])[]): string {
  const lines: string[] = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const cells = new Array<string>(row.length);
    for (let j = 0; j < row.length; j++) cells[j] = csvCell(row[j]);
    lines[i] = cells.join(',');
  }
  return lines.join('\r\n') + '\r\n';
}

/** Text handed to the socket at once: a few hundred rows of the wide file (large writes are cheap, huge ones costly). */
const WRITE_BYTES = 256 * 1024;
/** Responses read from the database at once: few, so that little parsed data is alive at any time. */
const EXPORT_PAGE_ROWS = 100;

/** What the answer exports (wide here, long in exports.ts) read and where they write. */
export interface AnswersExport {
  out: Writable;
  surveyId: number;
  /** The version whose questions are the columns. */
  version: SurveyVersion;
  responses: ResponseStore;
  cities: CityStore;
  bom: boolean;
  /** Reads answers given to older versions of the year in this version's codes. */
  sameYearMappings?: SameYearMappingStore;
}

/**
 * Streams one row per response, one column per answer value (see surveys/answer-columns.ts), page by page,
 * so memory stays flat as responses grow: each response's line is built into one reused array of cells and
 * joined at once (no row arrays, no per-page string of the whole page); lines are written in batches of about
 * WRITE_BYTES, waiting for the socket to drain.
 */
export async function writeResponsesCsv({ out, surveyId, version, responses, cities, bom, sameYearMappings }: AnswersExport): Promise<void> {
  const columns = answerColumns(new Model(version.definition));
  const readAs = sameYearReader(sameYearMappings, { surveyId, target: version });
  const output = csvOutput(out);
  if (bom) await output.write('\uFEFF');
  await output.write(csvLines([[...META_HEADERS, ...columns.map((c) => c.header)]]));
  const cells = new Array<string>(META_HEADERS.length + columns.length);
  let batch: string[] = [];
  let batchBytes = 0;
  for (const page of savedResponsePages({ surveyId, responses, cities, pageSize: EXPORT_PAGE_ROWS, readAs })) {
    if (output.isClosed()) return;
    for (const saved of page) {
      const meta = metaCells(saved);
      for (let i = 0; i < meta.length; i++) cells[i] = csvCell(meta[i]);
      const data = saved.response.data;
      for (let i = 0; i < columns.length; i++) cells[meta.length + i] = csvCell(columns[i]!.cell(data));
      const line = cells.join(',');
      batch.push(line);
      batchBytes += line.length;
    }
    if (batchBytes >= WRITE_BYTES) {
      await output.write(batch.join('\r\n') + '\r\n');
      batch = [];
      batchBytes = 0;
    }
  }
  if (batch.length > 0 && !output.isClosed()) await output.write(batch.join('\r\n') + '\r\n');
}
