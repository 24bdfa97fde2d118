/**
 * Reading the CLI's input files from their text (the CLI does the file I/O): survey definitions and responses
 * as JSON, responses in the responses.csv layout, and the roster CSV. Every problem is an AnalysisInputError
 * with a one-line message naming the file.
 */
import Papa from 'papaparse';
import type { Model } from 'survey-core';
import { parseAnswerRow, unescapeCell } from '../surveys/answer-columns';
import type { CityAttributes, RosterCity, SurveyResponse } from './cohort';
import { AnalysisInputError } from './input-error';

/** A response read from a file, with its status when the file gives one (draft, submitted ...). */
export type FileResponse = SurveyResponse & { status?: string };

const firstLine = (message: string): string => message.split('\n')[0]!.trim();

/** Parses JSON text or throws a one-line error naming the file. */
export function parseJsonText(text: string, label: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (err) {
    throw new AnalysisInputError(`${label}: invalid JSON (${firstLine(err instanceof Error ? err.message : String(err))})`);
  }
}

const splitNetworks = (text: string | undefined): string[] =>
  (text ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** Responses from a JSON array `[{"city": "<code>", "data": {...}}]` (optional `attrs` and `status`). */
export function parseResponsesJson(text: string, label: string): FileResponse[] {
  const parsed = parseJsonText(text, label);
  if (!Array.isArray(parsed)) throw new AnalysisInputError(`${label}: responses must be a JSON array of {"city", "data"}`);
  return parsed.map((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new AnalysisInputError(`${label}: item ${i} is not an object {"city", "data"}`);
    }
    const { city, data, attrs, status } = item as Record<string, unknown>;
    if (typeof city !== 'string' || city.trim() === '') throw new AnalysisInputError(`${label}: item ${i} has no "city" code`);
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new AnalysisInputError(`${label}: item ${i} (city ${city}) has no "data" object`);
    }
    return {
      city: city.trim(),
      data: data as Record<string, unknown>,
      ...(typeof attrs === 'object' && attrs !== null ? { attrs: attrs as CityAttributes } : {}),
      ...(typeof status === 'string' ? { status } : {}),
    };
  });
}

function parseCsv(text: string, label: string): { fields: string[]; rows: Record<string, string>[] } {
  const result = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    dynamicTyping: false,
  });
  // A one-column file has no delimiter to detect: only broken quoting is fatal.
  const fatal = result.errors.find((e) => e.type === 'Quotes');
  if (fatal) throw new AnalysisInputError(`${label}: malformed CSV at row ${(fatal.row ?? 0) + 1} (${fatal.message})`);
  return { fields: (result.meta.fields ?? []).map((f) => f.trim()), rows: result.data };
}

/**
 * Responses from text in the responses.csv layout (see surveys/answer-columns.ts): a `city` column, answers
 * read back with parseAnswerRow; the meta columns `country` and `networks` (`;`-separated) become the
 * city's attributes, `status` is kept.
 */
export function parseResponsesCsv(text: string, model: Model, label: string): FileResponse[] {
  const { fields, rows } = parseCsv(text, label);
  if (!fields.includes('city')) throw new AnalysisInputError(`${label}: the CSV has no "city" column`);
  return rows.map((row, i) => {
    const city = unescapeCell(row.city ?? '').trim();
    if (city === '') throw new AnalysisInputError(`${label}: row ${i + 2} has an empty city code`);
    const attrs: CityAttributes = {};
    if (fields.includes('country') && row.country) attrs.country = unescapeCell(row.country);
    if (fields.includes('networks')) attrs.network = splitNetworks(unescapeCell(row.networks ?? ''));
    return {
      city,
      data: parseAnswerRow(model, row),
      ...(Object.keys(attrs).length > 0 ? { attrs } : {}),
      ...(row.status ? { status: unescapeCell(row.status) } : {}),
    };
  });
}

/** The roster from CSV text: a header with at least `code`; optional name, country, network (or networks; `;`-separated), size. */
export function parseRosterCsv(text: string, label: string): RosterCity[] {
  const { fields, rows } = parseCsv(text, label);
  if (!fields.includes('code')) throw new AnalysisInputError(`${label}: the roster CSV has no "code" column`);
  const roster: RosterCity[] = [];
  rows.forEach((row, i) => {
    const code = unescapeCell(row.code ?? '').trim();
    if (code === '') throw new AnalysisInputError(`${label}: row ${i + 2} has an empty city code`);
    const city: RosterCity = { code };
    if (row.name) city.name = unescapeCell(row.name);
    if (row.country) city.country = unescapeCell(row.country);
    const networks = row.network ?? row.networks;
    if (networks) city.network = splitNetworks(unescapeCell(networks));
    if (row.size) city.size = unescapeCell(row.size);
    roster.push(city);
  });
  return roster;
}
