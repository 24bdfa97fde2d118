import type { Writable } from 'node:stream';
import Papa from 'papaparse';
import { Model } from 'survey-core';
import '../../surveys/extensions';
import { answerColumns, escapeCell } from '../../surveys/answer-columns';
import type { City, CityStore } from '../stores/cities';
import type { ResponseStore, StoredResponse } from '../stores/responses';
import type { SurveyVersion } from '../stores/surveys';

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
 * consumed, so the caller may await between pages (no SQLite cursor stays open across awaits).
 */
export function* savedResponsePages({
  surveyId,
  responses,
  cities,
  pageSize = CHUNK_ROWS,
}: {
  surveyId: number;
  responses: ResponseStore;
  cities: CityStore;
  pageSize?: number;
}): Generator<SavedResponse[]> {
  const cityById = new Map(cities.list().map((c) => [c.id, c]));
  let afterCode = '';
  for (;;) {
    const page = responses.page({ surveyId, afterCode, limit: pageSize });
    if (page.length === 0) return;
    afterCode = page[page.length - 1]!.cityCode;
    // Revision 0: the link was opened but nothing was saved; such cities have not started answering.
    const saved = page.filter((r) => r.revision > 0).map((response) => ({ response, city: cityById.get(response.cityId) }));
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

/** One CSV line (CRLF-terminated) per row, every cell escaped against formula injection. */
export function csvLines(rows: (string | number | boolean)[][]): string {
  return Papa.unparse(rows.map((row) => row.map(escapeCell)), { newline: '\r\n' }) + '\r\n';
}

/**
 * Streams one row per response, one column per answer value (see surveys/answer-columns.ts), page by page,
 * so memory stays flat as responses grow. Waits for the socket to drain between pages.
 */
export async function writeResponsesCsv({
  out,
  surveyId,
  version,
  responses,
  cities,
  bom,
}: {
  out: Writable;
  surveyId: number;
  version: SurveyVersion;
  responses: ResponseStore;
  cities: CityStore;
  bom: boolean;
}): Promise<void> {
  const columns = answerColumns(new Model(version.definition));
  const output = csvOutput(out);
  if (bom) await output.write('\uFEFF');
  await output.write(csvLines([[...META_HEADERS, ...columns.map((c) => c.header)]]));
  for (const page of savedResponsePages({ surveyId, responses, cities })) {
    if (output.isClosed()) return;
    await output.write(csvLines(page.map((saved) => [...metaCells(saved), ...columns.map((c) => c.cell(saved.response.data))])));
  }
}
