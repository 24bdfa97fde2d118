import Papa from 'papaparse';
import { z } from 'zod';
import type { Clock } from '../clock';
import type { Db } from '../db';
import { invalid } from '../errors';
import type { AuditLogStore } from '../stores/audit-log';
import type { City, CityStore } from '../stores/cities';
import type { MailLang, PeopleStore, Person, PersonRole } from '../stores/people';

/**
 * The roster file's columns; `code`, `name` and `country` are required, the others optional. The `contact_*`
 * columns carry one member of the city's coordination team per line: a city with several members takes several
 * lines, its city columns repeated (see CONTACT_COLUMNS).
 */
export const CITY_COLUMNS = ['code', 'name', 'name_fr', 'country', 'size_band', 'networks', 'joined_year', 'last_index_year', 'population'] as const;
export const CONTACT_COLUMNS = ['contact_name', 'contact_email', 'contact_role', 'contact_language', 'contact_consent'] as const;
export const ROSTER_COLUMNS = [...CITY_COLUMNS, ...CONTACT_COLUMNS] as const;
type Column = (typeof ROSTER_COLUMNS)[number];
type CityColumn = (typeof CITY_COLUMNS)[number];
const REQUIRED: readonly Column[] = ['code', 'name', 'country'];
/** Other spellings accepted in headers (the analysis CLI's roster uses `size` and `network`). */
const ALIASES: Record<string, Column> = {
  size: 'size_band',
  network: 'networks',
  name_en: 'name',
  contact_lang: 'contact_language',
  team_name: 'contact_name',
  team_email: 'contact_email',
  team_role: 'contact_role',
  team_language: 'contact_language',
  team_consent: 'contact_consent',
};
/** Team roles as written in the file (the API's values, and their English and French words). */
const ROLE_WORDS: Record<string, PersonRole> = {
  staff: 'staff',
  operational_staff: 'staff',
  personnel: 'staff',
  elected: 'elected',
  elected_official: 'elected',
  elu: 'elected',
  élu: 'elected',
  elue: 'elected',
  élue: 'elected',
  other: 'other',
  autre: 'other',
};
const LANG_WORDS: Record<string, MailLang> = { en: 'en', english: 'en', anglais: 'en', fr: 'fr', french: 'fr', français: 'fr', francais: 'fr' };
const CONSENT_WORDS: Record<string, boolean> = { yes: true, y: true, true: true, '1': true, oui: true, no: false, n: false, false: false, '0': false, non: false };
const emailSchema = z.email().max(254);

/**
 * A problem found in the file: a stable `code` with its `params`, so the page can say it in the reader's
 * language, and the English `message` for API users.
 */
export interface RosterProblem {
  code: string;
  params: Record<string, string | number>;
  message: string;
}
const problem = (code: string, params: Record<string, string | number>, message: string): RosterProblem => ({ code, params, message });
export const SIZE_BANDS = ['small', 'medium', 'large', 'very_large'] as const;
export const MAX_ROSTER_ROWS = 5000;

/** A team member read from a line's contact columns. */
export interface RosterContact {
  name: string;
  email: string;
  role: PersonRole;
  lang: MailLang;
  consent: boolean;
}
export interface RosterContactPlan extends RosterContact {
  /** What importing would do to the city's team, matching on the address within the city; null with problems. */
  action: RosterAction | null;
  changes: Record<string, { from: unknown; to: unknown }>;
}

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
  problems: RosterProblem[];
  /** What importing would do to the city; null when the row has problems. */
  action: RosterAction | null;
  /** For an update: each changed field, before and after. */
  changes: Record<string, { from: unknown; to: unknown }>;
  /** The team member the line carries, when the file has contact columns and the line fills them. */
  contact?: RosterContactPlan;
}
export interface NewNetworkPlan {
  code: string;
  kind: 'international' | 'national';
  country: string | null;
}
export interface RosterPreview {
  columns: Column[];
  /** Problems of the whole file (columns, encoding of the header, parse errors). */
  fileProblems: RosterProblem[];
  rows: RosterRow[];
  /** Networks named in the file that do not exist yet: created by the import. */
  networksToCreate: NewNetworkPlan[];
  /** Cities (a city on several lines counts once) and team members that importing would create, update or leave. */
  summary: {
    rows: number;
    create: number;
    update: number;
    unchanged: number;
    withProblems: number;
    contacts: { create: number; update: number; unchanged: number };
  };
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
export function encodingProblem(text: string): { code: 'encoding_replacement' | 'encoding_mojibake'; text: string; message: string } | undefined {
  if (text.includes('\uFFFD')) {
    return { code: 'encoding_replacement', text, message: 'contains U+FFFD replacement characters: the file was not read as UTF-8 (save it as "CSV UTF-8")' };
  }
  if (MOJIBAKE.test(text)) {
    const shown = text.slice(0, 40);
    return { code: 'encoding_mojibake', text: shown, message: `looks wrongly decoded ("${shown}"): the UTF-8 file was read as Windows-1252 or Latin-1` };
  }
  return undefined;
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The header's delimiter: the first of comma, tab and semicolon found in the first line (Excel in French writes `;`). */
function delimiterOf(text: string): string {
  const first = text.slice(0, text.search(/\r?\n|$/));
  return [',', '\t', ';'].find((d) => first.includes(d)) ?? ',';
}

const CITY_FIELDS = ['name', 'nameFr', 'country', 'sizeBand', 'population', 'joinedYear', 'lastIndexYear', 'networks'] as const;
const word = (v: string) => v.trim().toLowerCase().replace(/[\s-]+/g, '_');

/**
 * Roster import (issue 5): a CSV of cities previewed row by row (problems, and what would happen) before
 * anything is written, then imported in one transaction, matching cities on their code and team members on
 * their address within the city: importing the same file again changes nothing. A file with any problem is
 * refused whole.
 */
export function rosterImport(d: { db: Db; cities: CityStore; people: PeopleStore; auditLog: AuditLogStore; clock: Clock }) {
  function preview({ csv }: { csv: string }): RosterPreview {
    const text = csv.replace(/^\uFEFF/, '');
    const fileProblems: RosterProblem[] = [];
    const parsed = Papa.parse<string[]>(text, { delimiter: delimiterOf(text), skipEmptyLines: false });
    for (const e of parsed.errors.slice(0, 10)) {
      // Papa counts data rows from 0 with the header as row 0.
      const line = (e.row ?? 0) + 1;
      fileProblems.push(problem('parse_error', { line, detail: e.message }, `line ${line}: ${e.message}`));
    }
    const lines = parsed.data;
    const header = (lines[0] ?? []).map((h) => word(h));
    const columns: Column[] = [];
    const indexOf = new Map<Column, number>();
    header.forEach((raw, i) => {
      if (raw === '') {
        fileProblems.push(problem('column_unnamed', { index: i + 1 }, `column ${i + 1} has no name`));
        return;
      }
      const col = (ALIASES[raw] ?? raw) as Column;
      if (!(ROSTER_COLUMNS as readonly string[]).includes(col)) {
        const name = lines[0]![i]!.trim();
        const bad = encodingProblem(lines[0]![i]!);
        fileProblems.push(
          bad
            ? problem(`column_${bad.code}`, { column: name, text: bad.text }, `column "${lines[0]![i]}": ${bad.message}`)
            : problem('column_unknown', { column: name, known: ROSTER_COLUMNS.join(', ') }, `unknown column "${name}" (known columns: ${ROSTER_COLUMNS.join(', ')})`),
        );
        return;
      }
      if (indexOf.has(col)) {
        fileProblems.push(problem('column_twice', { column: col }, `column "${col}" appears twice`));
        return;
      }
      indexOf.set(col, i);
      columns.push(col);
    });
    for (const col of REQUIRED) if (header.length > 0 && !indexOf.has(col)) fileProblems.push(problem('column_missing', { column: col }, `missing column "${col}"`));
    const hasContacts = CONTACT_COLUMNS.some((c) => indexOf.has(c));
    if (hasContacts) {
      for (const col of ['contact_name', 'contact_email', 'contact_consent'] as const) {
        if (!indexOf.has(col)) fileProblems.push(problem('column_missing', { column: col }, `missing column "${col}"`));
      }
    }

    const dataLines = lines.slice(1).map((cells, i) => ({ line: i + 2, cells })).filter((l) => l.cells.some((c) => c.trim() !== ''));
    if (lines.length === 0 || header.every((h) => h === '')) {
      fileProblems.push(problem('file_empty', {}, 'the file is empty: expected a header line (code,name,country,...) and one line per city'));
    } else if (dataLines.length === 0) fileProblems.push(problem('file_no_rows', {}, 'the file has a header but no cities'));
    if (dataLines.length > MAX_ROSTER_ROWS) fileProblems.push(problem('file_too_many_rows', { max: MAX_ROSTER_ROWS }, `too many rows: at most ${MAX_ROSTER_ROWS}`));

    const existingNetworks = new Set(d.cities.listNetworks().map((n) => n.code));
    const maxYear = d.clock.now().getUTCFullYear() + 1;
    const rows: RosterRow[] = dataLines.slice(0, MAX_ROSTER_ROWS).map(({ line, cells }) => readRow(line, cells));

    function readRow(line: number, cells: string[]): RosterRow {
      const problems: RosterProblem[] = [];
      const at = (col: Column, code: string, params: Record<string, string | number>, message: string) =>
        problems.push(problem(code, { column: col, ...params }, `${col}: ${message}`));
      if (cells.length !== header.length) {
        problems.push(problem('cell_count', { cells: cells.length, expected: header.length }, `has ${cells.length} cells where the header has ${header.length}`));
      }
      const cell = (col: Column): string | undefined => {
        const i = indexOf.get(col);
        return i === undefined ? undefined : (cells[i] ?? '').trim();
      };
      for (const col of columns) {
        const v = cell(col)!;
        const bad = encodingProblem(v);
        if (bad) at(col, bad.code, { text: bad.text }, bad.message);
        else if (CONTROL.test(v)) at(col, 'control_characters', {}, 'contains control characters or line breaks');
        else if (v.length > 200) at(col, 'too_long', { max: 200 }, 'longer than 200 characters');
      }
      const required = (col: Column) => {
        const v = cell(col);
        if (v === '') at(col, 'missing', {}, 'missing');
        return v;
      };
      const code = required('code') ?? '';
      if (code && !CODE.test(code)) at('code', 'bad_code', { value: code }, `"${code}" is not a code (letters, digits, - and _, at most 40)`);
      const city: RosterCity = { code };
      const name = required('name');
      if (name !== undefined) city.name = name;
      const nameFr = cell('name_fr');
      if (nameFr !== undefined) city.nameFr = nameFr || null;
      const country = required('country');
      if (country !== undefined) {
        city.country = country.toUpperCase();
        if (country && !/^[A-Z]{2}$/.test(city.country)) at('country', 'bad_country', { value: country }, `"${country}" is not a two-letter country code (ISO 3166, e.g. FR)`);
      }
      const size = cell('size_band');
      if (size !== undefined) {
        const band = word(size);
        city.sizeBand = band || null;
        if (band && !(SIZE_BANDS as readonly string[]).includes(band)) {
          at('size_band', 'unknown_size_band', { value: size, expected: SIZE_BANDS.join(', ') }, `unknown size band "${size}" (expected ${SIZE_BANDS.join(', ')})`);
        }
      }
      const networks = cell('networks');
      if (networks !== undefined) {
        const codes = [...new Set(networks.split(';').map((n) => n.trim()).filter(Boolean))].sort();
        for (const n of codes) if (!NETWORK_CODE.test(n)) at('networks', 'bad_network_code', { value: n }, `"${n}" is not a network code (separate several with ;)`);
        city.networks = codes;
      }
      const number = (col: CityColumn, pattern: RegExp, check: (n: number) => [string, Record<string, number>, string] | undefined): number | null | undefined => {
        const v = cell(col);
        if (v === undefined) return undefined;
        if (v === '') return null;
        if (!pattern.test(v)) {
          if (pattern === YEAR) at(col, 'not_a_year', { value: v }, `"${v}" is not a year`);
          else at(col, 'not_a_number', { value: v }, `"${v}" is not a whole number`);
          return null;
        }
        const n = Number(v);
        const why = check(n);
        if (why) at(col, why[0], why[1], why[2]);
        return n;
      };
      const yearCheck = (n: number): [string, Record<string, number>, string] | undefined =>
        n < 1990 || n > maxYear ? ['year_out_of_range', { value: n, min: 1990, max: maxYear }, `${n} is not a year between 1990 and ${maxYear}`] : undefined;
      const joined = number('joined_year', YEAR, yearCheck);
      if (joined !== undefined) city.joinedYear = joined;
      const lastIndex = number('last_index_year', YEAR, yearCheck);
      if (lastIndex !== undefined) city.lastIndexYear = lastIndex;
      const population = number('population', WHOLE, (n) => (n < 1 ? ['too_small', { min: 1 }, 'must be at least 1'] : undefined));
      if (population !== undefined) city.population = population;

      const row: RosterRow = { line, city, problems, action: null, changes: {} };
      const contactCells = CONTACT_COLUMNS.map((c) => cell(c) ?? '');
      if (hasContacts && contactCells.some((v) => v !== '')) {
        const contactName = required('contact_name') ?? '';
        const email = required('contact_email') ?? '';
        if (email && !emailSchema.safeParse(email).success) at('contact_email', 'bad_email', { value: email }, `"${email}" is not an email address`);
        const roleText = cell('contact_role') ?? '';
        const role = roleText === '' ? undefined : ROLE_WORDS[word(roleText)];
        if (roleText === '') at('contact_role', 'missing', {}, 'missing');
        else if (!role) at('contact_role', 'unknown_role', { value: roleText, expected: 'staff, elected, other' }, `unknown role "${roleText}" (expected staff, elected, other)`);
        const langText = cell('contact_language') ?? '';
        const lang = langText === '' ? 'en' : LANG_WORDS[word(langText)];
        if (!lang) at('contact_language', 'unknown_language', { value: langText }, `unknown language "${langText}" (expected en or fr)`);
        const consentText = cell('contact_consent') ?? '';
        const consent = CONSENT_WORDS[word(consentText)];
        if (consentText === '') at('contact_consent', 'missing_consent', {}, 'missing: say yes or no (no consent, no email)');
        else if (consent === undefined) at('contact_consent', 'bad_consent', { value: consentText }, `"${consentText}" is not yes or no`);
        row.contact = { name: contactName, email, role: role ?? 'other', lang: lang ?? 'en', consent: consent ?? false, action: null, changes: {} };
      }
      return row;
    }

    // Codes must be unique in the file (which line wins would otherwise depend on the order), except that a city
    // takes one line per team member: those lines must each carry a member and agree on the city's columns.
    const byCode = new Map<string, RosterRow[]>();
    for (const r of rows) if (r.city?.code) byCode.set(r.city.code.toLowerCase(), [...(byCode.get(r.city.code.toLowerCase()) ?? []), r]);
    for (const same of byCode.values()) {
      if (same.length < 2) continue;
      const lineList = same.map((x) => x.line).join(', ');
      const first = same[0]!.city!;
      const differing = CITY_FIELDS.filter((f) => same.some((r) => !sameValue(r.city![f], first[f])));
      const teamLines = same.every((r) => r.contact) && same.every((r) => r.city!.code === first.code);
      for (const r of same) {
        if (!teamLines) {
          r.problems.push(problem('duplicate_code', { column: 'code', value: r.city!.code, lines: lineList }, `code: "${r.city!.code}" appears on several lines (${lineList})`));
        } else if (differing.length > 0) {
          r.problems.push(
            problem('city_lines_differ', { value: first.code, lines: lineList, fields: differing.join(', ') }, `the lines of "${first.code}" (${lineList}) give different ${differing.join(', ')}: repeat the same city values on each line`),
          );
        }
      }
    }
    // A team member appears once per city.
    const byContact = new Map<string, RosterRow[]>();
    for (const r of rows) {
      if (!r.contact?.email || !r.city?.code) continue;
      const key = `${r.city.code.toLowerCase()} ${r.contact.email.toLowerCase()}`;
      byContact.set(key, [...(byContact.get(key) ?? []), r]);
    }
    for (const same of byContact.values()) {
      if (same.length < 2) continue;
      const lineList = same.map((x) => x.line).join(', ');
      for (const r of same) {
        r.problems.push(problem('duplicate_contact', { column: 'contact_email', value: r.contact!.email, lines: lineList }, `contact_email: "${r.contact!.email}" appears on several lines of the same city (${lineList})`));
      }
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
        if (r.contact) r.contact.action = 'create';
        continue;
      }
      r.changes = changesOf(existing, r.city);
      r.action = Object.keys(r.changes).length > 0 ? 'update' : 'unchanged';
      if (r.contact) {
        const member = d.people.findByEmail({ cityId: existing.id, email: r.contact.email });
        r.contact.changes = member ? contactChangesOf(member, r.contact) : {};
        r.contact.action = !member ? 'create' : Object.keys(r.contact.changes).length > 0 ? 'update' : 'unchanged';
      }
    }
    // A new network whose cities in the file are all in one country is taken as that country's national network.
    const networksToCreate = [...plans.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, countries]): NewNetworkPlan => {
        const only = countries.size === 1 ? [...countries][0]! : '';
        return only ? { code, kind: 'national', country: only } : { code, kind: 'international', country: null };
      });

    const withProblems = rows.filter((r) => r.problems.length > 0).length;
    // A city on several lines (one per team member) is counted once.
    const cityActions = new Map<string, RosterAction>();
    for (const r of rows) if (r.action) cityActions.set(r.city!.code, r.action);
    const count = (a: RosterAction) => [...cityActions.values()].filter((x) => x === a).length;
    const contactCount = (a: RosterAction) => rows.filter((r) => r.contact?.action === a).length;
    return {
      columns,
      fileProblems,
      rows,
      networksToCreate,
      summary: {
        rows: rows.length,
        create: count('create'),
        update: count('update'),
        unchanged: count('unchanged'),
        withProblems,
        contacts: { create: contactCount('create'), update: contactCount('update'), unchanged: contactCount('unchanged') },
      },
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
            const problems = [...p.fileProblems.map((x) => x.message), ...p.rows.flatMap((r) => r.problems.map((x) => `line ${r.line}: ${x.message}`))];
            throw invalid(`The roster has ${problems.length} problem(s); nothing was imported. Preview it to see them.`, {
              problems: problems.slice(0, 50),
              preview: p,
            });
          }
          const now = d.clock.now();
          for (const n of p.networksToCreate) d.cities.createNetwork({ code: n.code, name: n.code, kind: n.kind, country: n.country });
          const done = new Set<string>();
          const people: { personId: number; city: string; action: RosterAction }[] = [];
          for (const r of p.rows) {
            const c = r.city!;
            // A city on several lines is written once (its lines agree).
            if (!done.has(c.code)) {
              done.add(c.code);
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
            const m = r.contact;
            if (!m || m.action === 'unchanged') continue;
            const cityId = d.cities.getByCode({ code: c.code })!.id;
            const member = d.people.findByEmail({ cityId, email: m.email });
            const fields = { name: m.name, role: m.role, email: m.email, lang: m.lang, consent: m.consent };
            if (!member) {
              const personId = d.people.create({ cityId, ...fields, consentAt: m.consent ? now.toISOString() : null, now });
              people.push({ personId, city: c.code, action: 'create' });
            } else {
              // A renewed agreement keeps its first date; a new one is dated now; a withdrawn one loses it.
              const consentAt = m.consent ? (member.consent ? member.consentAt : now.toISOString()) : null;
              d.people.update({ ...member, ...fields, email: member.email, consentAt, now });
              people.push({ personId: member.id, city: c.code, action: 'update' });
            }
          }
          const outcome = {
            created: p.summary.create,
            updated: p.summary.update,
            unchanged: p.summary.unchanged,
            networksCreated: p.networksToCreate.map((n) => n.code),
            contacts: { created: p.summary.contacts.create, updated: p.summary.contacts.update, unchanged: p.summary.contacts.unchanged },
          };
          if (outcome.created + outcome.updated + outcome.networksCreated.length + people.length > 0) {
            d.auditLog.record({
              actor,
              action: 'roster.import',
              // Team members by id only: the audit log keeps no addresses (the person's export finds them by id).
              detail: {
                ...outcome,
                cities: p.rows.filter((r) => r.action !== 'unchanged' && r.action !== null).map((r) => ({ code: r.city!.code, action: r.action, changes: r.changes })).filter((x, i, all) => all.findIndex((y) => y.code === x.code) === i),
                people: people.map((x) => ({ personId: x.personId, city: x.city, action: x.action })),
              },
              now,
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
  for (const f of CITY_FIELDS) {
    if (c[f] === undefined) continue;
    if (!sameValue(existing[f], c[f])) out[f] = { from: existing[f], to: c[f] };
  }
  return out;
}

/** What the file changes for a team member matched on address (the address's case is kept as it was). */
function contactChangesOf(existing: Person, c: RosterContact): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const f of ['name', 'role', 'lang', 'consent'] as const) if (existing[f] !== c[f]) out[f] = { from: existing[f], to: c[f] };
  return out;
}
