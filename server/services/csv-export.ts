import type { Writable } from 'node:stream';
import Papa from 'papaparse';
import { Model } from 'survey-core';
import '../../surveys/extensions';
import { answerColumns, escapeCell } from '../../surveys/answer-columns';
import type { CityStore } from '../stores/cities';
import type { ResponseStore } from '../stores/responses';
import type { SurveyVersion } from '../stores/surveys';

const CHUNK_ROWS = 500;
const META_HEADERS = ['city', 'city_name', 'country', 'networks', 'status', 'revision', 'version', 'updated_at', 'submitted_at'];

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
  const cityById = new Map(cities.list().map((c) => [c.id, c]));
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve()));
  if (bom) await write('\uFEFF');
  await write(Papa.unparse([[...META_HEADERS, ...columns.map((c) => c.header)].map(escapeCell)]) + '\r\n');
  let afterCode = '';
  for (;;) {
    const page = responses.page({ surveyId, afterCode, limit: CHUNK_ROWS });
    if (page.length === 0) break;
    const rows = page.filter((r) => r.revision > 0).map((r) => {
      const city = cityById.get(r.cityId);
      const meta = [
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
      return [...meta, ...columns.map((c) => c.cell(r.data))].map(escapeCell);
    });
    afterCode = page[page.length - 1]!.cityCode;
    if (rows.length > 0) await write(Papa.unparse(rows) + "\r\n");
  }
}
