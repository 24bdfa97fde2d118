import Papa from 'papaparse';
import type { Clock } from '../clock';
import type { Db } from '../db';
import { invalid } from '../errors';
import type { AuditLogStore } from '../stores/audit-log';
import type { City, CityStore } from '../stores/cities';

/** The roster file's columns; `code`, `name` and `country` are required, the others optional. */
export const ROSTER_COLUMNS = ['code', 'name', 'name_fr', 'country', 'size_band', 'networks', 'joined_year', 'last_index_year', 'population'] as const;
type Column = (typeof ROSTER_COLUMNS)[number];
const REQUIRED: readonly Column[] = ['code', 'name', 'country'];
/** Other spellings accepted in headers (the analysis CLI's roster uses `size` and `network`). */
const ALIASES: Record<string, Column> = { size: 'size_band', network: 'networks', name_en: 'name' };
export const SIZE_BANDS = ['small', 'medium', 'large', 'very_large'] as const;
export const MAX_ROSTER_ROWS = 5000;

/** A roster row as read: only the fields whose column the file has are set. */
export interface RosterCity {
  code: string;
  name?: string;
  nameFr?: string | null;
  country?: string;
  sizeBand?: string | null;
  networks?: string[];
  joinedYear?: number | null;
  lastIndexYear?: number | null;
  population?: number | null;
}
export type RosterAction = 'create' | 'update' | 'unchanged';
export interface RosterRow {
  /** The row's line in the file (the header is line 1). */
  line: number;
  city: RosterCity | null;
  problems: string[];
  /** What importing would do; null when the row has problems. */
  action: RosterAction | null;
  /** For an update: each changed field, before and after. */
  changes: Record<string, { from: unknown; to: unknown }>;
}
export interface NewNetworkPlan {
  code: string;
  kind: 'international' | 'national';
  country: string | null;
}
export interface RosterPreview {
  columns: Column[];
  /** Problems of the whole file (columns, encoding of the header, parse errors). */
  fileProblems: string[];
  rows: RosterRow[];
  /** Networks named in the file that do not exist yet: created by the import. */
  networksToCreate: NewNetworkPlan[];
  summary: { rows: number; create: number; update: number; unchanged: number; withProblems: number };
  canImport: boolean;
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
const NETWORK_CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
const YEAR = /^\d{4}$/;
const WHOLE = /^\d{1,9}$/;
const CONTROL = /\p{Cc}/u;
/**
 * UTF-8 text decoded as Windows-1252 / Latin-1: a lead byte (Â Ã Ä Å for the accented letters of European
 * names) followed by a character standing for a continuation byte (U+0080-U+00BF, or what Windows-1252 puts
 * at 0x80-0x9F: € ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ' ' " " • – — ˜ ™ š › œ ž Ÿ). "Zürich" becomes "ZÃ¼rich", "’" "â€™".
 */
const MOJIBAKE = /[\u00C2-\u00C5][\u0080-\u00BF\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\u2013\u2014\u2018-\u201E\u2020-\u2022\u2026\u2030\u2039\u203A\u20AC\u2122]|\u00E2\u20AC/;

/** Why a cell's text looks wrongly decoded, or undefined. */
export function encodingProblem(text: string): string | undefined {
  if (text.includes('\uFFFD')) return 'contains U+FFFD replacement characters: the file was not read as UTF-8 (save it as "CSV UTF-8")';
  if (MOJIBAKE.test(text)) return `looks wrongly decoded ("${text.slice(0, 40)}"): the UTF-8 file was read as Windows-1252 or Latin-1`;
  return undefined;
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The header's delimiter: the first of comma, tab and semicolon found in the first line (Excel in French writes `;`). */
function delimiterOf(text: string): string {
  const first = text.slice(0, text.search(/\r?\n|$/));
  return [',', '\t', ';'].find((d) => first.includes(d)) ?? ',';
}

/**
 * Roster import (issue 5): a CSV of cities previewed row by row (problems, and what would happen) before
 * anything is written, then imported in one transaction, matching cities on their code: importing the same
 * file again changes nothing. A file with any problem is refused whole.
 */
export function rosterImport(d: { db: Db; cities: CityStore; auditLog: AuditLogStore; clock: Clock }) {
  function preview({ csv }: { csv: string }): RosterPreview {
    const text = csv.replace(/^\uFEFF/, '');
    const fileProblems: string[] = [];
    const parsed = Papa.parse<string[]>(text, { delimiter: delimiterOf(text), skipEmptyLines: false });
    for (const e of parsed.errors.slice(0, 10)) {
      // Papa counts data rows from 0 with the header as row 0.
      fileProblems.push(`line ${(e.row ?? 0) + 1}: ${e.message}`);
    }
    const lines = parsed.data;
    const header = (lines[0] ?? []).map((h) => h.trim().toLowerCase().replace(/[\s-]+/g, '_'));
    const columns: Column[] = [];
    const indexOf = new Map<Column, number>();
    header.forEach((raw, i) => {
      if (raw === '') {
        fileProblems.push(`column ${i + 1} has no name`);
        return;
      }
      const col = (ALIASES[raw] ?? raw) as Column;
      if (!(ROSTER_COLUMNS as readonly string[]).includes(col)) {
        const bad = encodingProblem(lines[0]![i]!);
        fileProblems.push(bad ? `column "${lines[0]![i]}": ${bad}` : `unknown column "${lines[0]![i]!.trim()}" (known columns: ${ROSTER_COLUMNS.join(', ')})`);
        return;
      }
      if (indexOf.has(col)) {
        fileProblems.push(`column "${col}" appears twice`);
        return;
      }
      indexOf.set(col, i);
      columns.push(col);
    });
    for (const col of REQUIRED) if (header.length > 0 && !indexOf.has(col)) fileProblems.push(`missing column "${col}"`);

    const dataLines = lines.slice(1).map((cells, i) => ({ line: i + 2, cells })).filter((l) => l.cells.some((c) => c.trim() !== ''));
    if (lines.length === 0 || header.every((h) => h === '')) fileProblems.push('the file is empty: expected a header line (code,name,country,...) and one line per city');
    else if (dataLines.length === 0) fileProblems.push('the file has a header but no cities');
    if (dataLines.length > MAX_ROSTER_ROWS) fileProblems.push(`too many rows: at most ${MAX_ROSTER_ROWS}`);

    const existingNetworks = new Set(d.cities.listNetworks().map((n) => n.code));
    const maxYear = d.clock.now().getUTCFullYear() + 1;
    const rows: RosterRow[] = dataLines.slice(0, MAX_ROSTER_ROWS).map(({ line, cells }) => readRow(line, cells));

    function readRow(line: number, cells: string[]): RosterRow {
      const problems: string[] = [];
      if (cells.length !== header.length) problems.push(`has ${cells.length} cells where the header has ${header.length}`);
      const cell = (col: Column): string | undefined => {
        const i = indexOf.get(col);
        return i === undefined ? undefined : (cells[i] ?? '').trim();
      };
      for (const col of columns) {
        const v = cell(col)!;
        const bad = encodingProblem(v);
        if (bad) problems.push(`${col}: ${bad}`);
        else if (CONTROL.test(v)) problems.push(`${col}: contains control characters or line breaks`);
        else if (v.length > 200) problems.push(`${col}: longer than 200 characters`);
      }
      const required = (col: Column) => {
        const v = cell(col);
        if (v === '') problems.push(`${col}: missing`);
        return v;
      };
      const code = required('code') ?? '';
      if (code && !CODE.test(code)) problems.push(`code: "${code}" is not a code (letters, digits, - and _, at most 40)`);
      const city: RosterCity = { code };
      const name = required('name');
      if (name !== undefined) city.name = name;
      const nameFr = cell('name_fr');
      if (nameFr !== undefined) city.nameFr = nameFr || null;
      const country = required('country');
      if (country !== undefined) {
        city.country = country.toUpperCase();
        if (country && !/^[A-Z]{2}$/.test(city.country)) problems.push(`country: "${country}" is not a two-letter country code (ISO 3166, e.g. FR)`);
      }
      const size = cell('size_band');
      if (size !== undefined) {
        const band = size.toLowerCase().replace(/[\s-]+/g, '_');
        city.sizeBand = band || null;
        if (band && !(SIZE_BANDS as readonly string[]).includes(band)) problems.push(`size_band: unknown size band "${size}" (expected ${SIZE_BANDS.join(', ')})`);
      }
      const networks = cell('networks');
      if (networks !== undefined) {
        const codes = [...new Set(networks.split(';').map((n) => n.trim()).filter(Boolean))].sort();
        for (const n of codes) if (!NETWORK_CODE.test(n)) problems.push(`networks: "${n}" is not a network code (separate several with ;)`);
        city.networks = codes;
      }
      const number = (col: Column, pattern: RegExp, check: (n: number) => string | undefined): number | null | undefined => {
        const v = cell(col);
        if (v === undefined) return undefined;
        if (v === '') return null;
        if (!pattern.test(v)) {
          problems.push(`${col}: "${v}" is not ${pattern === YEAR ? 'a year' : 'a whole number'}`);
          return null;
        }
        const n = Number(v);
        const why = check(n);
        if (why) problems.push(`${col}: ${why}`);
        return n;
      };
      const yearCheck = (n: number) => (n < 1990 || n > maxYear ? `${n} is not a year between 1990 and ${maxYear}` : undefined);
      const joined = number('joined_year', YEAR, yearCheck);
      if (joined !== undefined) city.joinedYear = joined;
      const lastIndex = number('last_index_year', YEAR, yearCheck);
      if (lastIndex !== undefined) city.lastIndexYear = lastIndex;
      const population = number('population', WHOLE, (n) => (n < 1 ? 'must be at least 1' : undefined));
      if (population !== undefined) city.population = population;
      return { line, city, problems, action: null, changes: {} };
    }

    // Codes must be unique in the file: which line wins would otherwise depend on the order.
    const byCode = new Map<string, RosterRow[]>();
    for (const r of rows) if (r.city?.code) byCode.set(r.city.code.toLowerCase(), [...(byCode.get(r.city.code.toLowerCase()) ?? []), r]);
    for (const same of byCode.values()) {
      if (same.length < 2) continue;
      for (const r of same) r.problems.push(`code: "${r.city!.code}" appears on several lines (${same.map((x) => x.line).join(', ')})`);
    }

    const plans = new Map<string, Set<string>>();
    for (const r of rows) {
      for (const n of r.city?.networks ?? []) {
        if (existingNetworks.has(n) || !NETWORK_CODE.test(n)) continue;
        plans.set(n, (plans.get(n) ?? new Set()).add(r.city!.country ?? ''));
      }
      if (r.problems.length > 0 || !r.city) continue;
      const existing = d.cities.getByCode({ code: r.city.code });
      if (!existing) {
        r.action = 'create';
        continue;
      }
      r.changes = changesOf(existing, r.city);
      r.action = Object.keys(r.changes).length > 0 ? 'update' : 'unchanged';
    }
    // A new network whose cities in the file are all in one country is taken as that country's national network.
    const networksToCreate = [...plans.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, countries]): NewNetworkPlan => {
        const only = countries.size === 1 ? [...countries][0]! : '';
        return only ? { code, kind: 'national', country: only } : { code, kind: 'international', country: null };
      });

    const withProblems = rows.filter((r) => r.problems.length > 0).length;
    const count = (a: RosterAction) => rows.filter((r) => r.action === a).length;
    return {
      columns,
      fileProblems,
      rows,
      networksToCreate,
      summary: { rows: rows.length, create: count('create'), update: count('update'), unchanged: count('unchanged'), withProblems },
      canImport: fileProblems.length === 0 && withProblems === 0,
    };
  }

  return {
    preview,

    /** Applies the file in one transaction; refuses (400, nothing written) when any row or the file has a problem. */
    apply({ csv, actor }: { csv: string; actor: string }) {
      return d.db
        .transaction(() => {
          const p = preview({ csv });
          if (!p.canImport) {
            const problems = [...p.fileProblems, ...p.rows.flatMap((r) => r.problems.map((x) => `line ${r.line}: ${x}`))];
            throw invalid(`The roster has ${problems.length} problem(s); nothing was imported. Preview it to see them.`, {
              problems: problems.slice(0, 50),
              preview: p,
            });
          }
          for (const n of p.networksToCreate) d.cities.createNetwork({ code: n.code, name: n.code, kind: n.kind, country: n.country });
          for (const r of p.rows) {
            const c = r.city!;
            if (r.action === 'create') {
              d.cities.create(
                {
                  code: c.code,
                  name: c.name!,
                  nameFr: c.nameFr ?? null,
                  country: c.country!,
                  sizeBand: c.sizeBand ?? null,
                  population: c.population ?? null,
                  joinedYear: c.joinedYear ?? null,
                  lastIndexYear: c.lastIndexYear ?? null,
                },
                c.networks ?? [],
              );
            } else if (r.action === 'update') {
              const existing = d.cities.getByCode({ code: c.code })!;
              d.cities.update({ ...existing, ...withoutUndefined(c) });
              if (c.networks && !sameValue(existing.networks, c.networks)) d.cities.setNetworks({ cityId: existing.id, networkCodes: c.networks });
            }
          }
          const outcome = {
            created: p.summary.create,
            updated: p.summary.update,
            unchanged: p.summary.unchanged,
            networksCreated: p.networksToCreate.map((n) => n.code),
          };
          if (outcome.created + outcome.updated + outcome.networksCreated.length > 0) {
            d.auditLog.record({
              actor,
              action: 'roster.import',
              detail: { ...outcome, cities: p.rows.filter((r) => r.action !== 'unchanged').map((r) => ({ code: r.city!.code, action: r.action, changes: r.changes })) },
              now: d.clock.now(),
            });
          }
          return outcome;
        })
        .immediate();
    },
  };
}
export type RosterImport = ReturnType<typeof rosterImport>;

function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The fields the file sets differently from the roster (columns absent from the file are left as they are). */
function changesOf(existing: City, c: RosterCity): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  const compare = (field: keyof RosterCity & keyof City) => {
    if (c[field] === undefined) return;
    if (!sameValue(existing[field], c[field])) out[field] = { from: existing[field], to: c[field] };
  };
  for (const f of ['name', 'nameFr', 'country', 'sizeBand', 'population', 'joinedYear', 'lastIndexYear', 'networks'] as const) compare(f);
  return out;
}
