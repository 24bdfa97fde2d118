import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStores, type Stores } from '../../server/app';
import { openDatabase, type Db } from '../../server/db';
import { DEMO_SURVEY_CODE, loadDemo } from '../../server/demo/demo-data';
import { SubmissionChecker } from '../../server/domain/submission-check';

const clock = { now: () => new Date('2026-12-05T10:00:00Z') };
const Y = 2026;

type Json = Record<string, unknown>;

/** Every question object of a definition (walks pages, panels and nested elements). */
function questionsOf(definition: Json): Json[] {
  const out: Json[] = [];
  const walk = (elements: unknown) => {
    if (!Array.isArray(elements)) return;
    for (const e of elements as Json[]) {
      if (e['type'] === 'panel' || e['type'] === 'paneldynamic') walk(e['elements'] ?? e['templateElements']);
      else out.push(e);
    }
  };
  for (const page of (definition['pages'] ?? []) as Json[]) walk(page['elements']);
  return out;
}

const valueOf = (item: unknown): unknown => (item && typeof item === 'object' ? (item as Json)['value'] : item);

interface Loaded {
  dir: string;
  db: Db;
  stores: Stores;
  result: { cities: number; responses: number };
  lines: string[];
  ms: number;
}

async function freshLoad(): Promise<Loaded> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'icc-demo-'));
  const db = openDatabase(path.join(dir, 'demo.sqlite'));
  const stores = createStores(db, crypto.randomBytes(32));
  const lines: string[] = [];
  const t = performance.now();
  const result = await loadDemo({ stores, db, clock, log: (s) => lines.push(s) });
  return { dir, db, stores, result, lines, ms: performance.now() - t };
}

function dump(db: Db): string {
  const cities = db.prepare('SELECT code, name, name_fr, country, size_band, population, joined_year, last_index_year, is_synthetic FROM cities ORDER BY id').all();
  const memberships = db
    .prepare('SELECT c.code AS city, n.code AS network FROM city_networks cn JOIN cities c ON c.id = cn.city_id JOIN networks n ON n.id = cn.network_id ORDER BY 1, 2')
    .all();
  const responses = db
    .prepare(
      `SELECT s.year, c.code, r.data, r.status, r.revision, r.page_no, r.progress, r.created_at, r.updated_at, r.submitted_at
       FROM responses r JOIN surveys s ON s.id = r.survey_id JOIN cities c ON c.id = r.city_id ORDER BY s.year, c.code`,
    )
    .all();
  const changes = db.prepare('SELECT count(*) AS n FROM answer_changes').get();
  const people = db.prepare('SELECT city_id, name, role, email, lang, consent, consent_at FROM people ORDER BY id').all();
  return JSON.stringify({ cities, memberships, responses, changes, people });
}

describe('demo data set', () => {
  let a: Loaded;
  let b: Loaded;

  beforeAll(async () => {
    a = await freshLoad();
    b = await freshLoad();
    console.log(`demo load: ${Math.round(a.ms)} ms, then ${Math.round(b.ms)} ms`);
  }, 240_000); // two loads; each takes ~10 s on an idle 2-core machine, several times that on a busy one

  afterAll(() => {
    for (const l of [a, b]) {
      if (!l) continue;
      l.db.close();
      fs.rmSync(l.dir, { recursive: true, force: true });
    }
  });

  it('creates about 140 synthetic cities in networks', () => {
    const cities = a.stores.cities.list();
    expect(a.result.cities).toBe(cities.length);
    expect(cities.length).toBeGreaterThanOrEqual(130);
    expect(cities.length).toBeLessThanOrEqual(150);
    expect(cities.every((c) => c.isSynthetic)).toBe(true);
    expect(cities.every((c) => /\(synthetic\)/.test(c.name))).toBe(true);
    expect(cities.every((c) => c.networks.length > 0)).toBe(true);
    expect(new Set(cities.map((c) => c.code)).size).toBe(cities.length);
    expect(cities.every((c) => /^[A-Z]{2}-[A-Z]{4}\d*$/.test(c.code))).toBe(true);
    const networks = a.stores.cities.listNetworks().map((n) => n.code);
    expect(networks).toEqual(expect.arrayContaining(['ICC-INT', 'RECI', 'ICC-IT', 'ICC-PT', 'ICC-UA']));
    expect(cities.filter((c) => c.networks.includes('ICC-INT') && c.networks.length > 1).length).toBeGreaterThan(0);
    expect(new Set(cities.map((c) => c.sizeBand))).toEqual(new Set(['small', 'medium', 'large', 'very_large']));
    expect(cities.some((c) => c.lastIndexYear === null)).toBe(true);
    expect(cities.every((c) => c.joinedYear !== null && c.joinedYear >= 2008 && c.joinedYear <= 2025)).toBe(true);
  });

  it('gives each city 1 to 3 synthetic team members with example.org addresses, mixed languages and consent', () => {
    const teams = a.stores.cities.list().map((c) => a.stores.people.listByCity({ cityId: c.id }));
    expect(teams.every((team) => team.length >= 1 && team.length <= 3)).toBe(true);
    const people = teams.flat();
    expect(people.every((p) => /\(synthetic\)$/.test(p.name) && /^[a-z0-9.-]+@example\.org$/.test(p.email))).toBe(true);
    expect(new Set(people.map((p) => p.lang))).toEqual(new Set(['en', 'fr']));
    expect(new Set(people.map((p) => p.role))).toEqual(new Set(['staff', 'elected', 'other']));
    const consenting = people.filter((p) => p.consent);
    expect(consenting.length / people.length).toBeGreaterThan(0.6);
    expect(consenting.length).toBeLessThan(people.length);
    expect(people.every((p) => (p.consent ? p.consentAt !== null && p.consentAt < clock.now().toISOString() : p.consentAt === null))).toBe(true);
  });

  it('logs its progress', () => {
    // The load time is logged, not asserted: on a shared 2-core machine it depends on everything else running.
    expect(a.lines.length).toBeGreaterThan(3);
    expect(a.lines.at(-1)).toMatch(/cities, \d+ responses in [\d.]+ s/);
  });

  it('creates three surveys: two closed, the current one open', () => {
    const surveys = a.stores.surveys.list().sort((x, y) => x.year - y.year);
    expect(surveys.map((s) => [s.year, s.status])).toEqual([
      [Y - 2, 'closed'],
      [Y - 1, 'closed'],
      [Y, 'open'],
    ]);
    const current = surveys[2]!;
    expect(current.opensAt).toBe(`${Y}-12-01`);
    expect(current.closesAt).toBe(`${Y + 1}-01-31`);
    for (const s of surveys) {
      expect(s.title).toContain(String(s.year));
      expect(a.stores.surveys.publishedVersion({ surveyId: s.id })).toBeDefined();
    }
    // Same questionnaire every year.
    const defs = surveys.map((s) => JSON.stringify(a.stores.surveys.publishedVersion({ surveyId: s.id })!.definition));
    expect(new Set(defs).size).toBe(1);
  });

  it('has response rates per year in the expected ranges, and drafts in the current year', () => {
    const n = a.stores.cities.count();
    const counts = a.db
      .prepare<[], { year: number; status: string; n: number }>(
        'SELECT s.year, r.status, count(*) AS n FROM responses r JOIN surveys s ON s.id = r.survey_id GROUP BY 1, 2',
      )
      .all();
    const count = (year: number, status: string) => counts.find((c) => c.year === year && c.status === status)?.n ?? 0;
    const share = (year: number, status: string) => count(year, status) / n;
    expect(share(Y - 2, 'submitted')).toBeGreaterThan(0.55);
    expect(share(Y - 2, 'submitted')).toBeLessThan(0.75);
    expect(share(Y - 1, 'submitted')).toBeGreaterThan(0.65);
    expect(share(Y - 1, 'submitted')).toBeLessThan(0.85);
    expect(share(Y, 'submitted')).toBeGreaterThan(0.25);
    expect(share(Y, 'submitted')).toBeLessThan(0.45);
    expect(share(Y, 'draft')).toBeGreaterThan(0.1);
    expect(share(Y, 'draft')).toBeLessThan(0.3);
    expect(a.result.responses).toBe(counts.reduce((s, c) => s + c.n, 0));

    // Drafts hold the first pages only; the current year's answers are not in the future.
    const drafts = a.db
      .prepare<[number], { progress: number; updated_at: string }>(
        "SELECT progress, updated_at FROM responses r JOIN surveys s ON s.id = r.survey_id WHERE s.year = ? AND r.status = 'draft'",
      )
      .all(Y);
    expect(drafts.some((d) => d.progress < 1)).toBe(true);
    const latest = a.db.prepare<[], { t: string }>('SELECT max(updated_at) AS t FROM responses').get()!.t;
    expect(latest <= clock.now().toISOString()).toBe(true);
    // Spread over several days of each campaign.
    const days = a.db
      .prepare<[number], { d: number }>(
        'SELECT count(DISTINCT substr(submitted_at, 1, 10)) AS d FROM responses r JOIN surveys s ON s.id = r.survey_id WHERE s.year = ?',
      )
      .get(Y - 1)!.d;
    expect(days).toBeGreaterThan(15);
  });

  it("submitted answers of the open survey pass the server's submission check", () => {
    const survey = a.stores.surveys.findByYear({ year: Y, code: DEMO_SURVEY_CODE })!;
    const version = a.stores.surveys.publishedVersion({ surveyId: survey.id })!;
    const checker = new SubmissionChecker();
    const rows = a.db
      .prepare<[number], { data: string; version_id: number }>("SELECT data, version_id FROM responses WHERE survey_id = ? AND status = 'submitted'")
      .all(survey.id);
    expect(rows.length).toBeGreaterThan(30);
    const failing: unknown[] = [];
    for (const r of rows) {
      expect(r.version_id).toBe(version.id);
      const errors = checker.check({ versionId: version.id, definition: version.definition, data: JSON.parse(r.data), locale: 'en' });
      if (Object.keys(errors).length > 0) failing.push(errors);
    }
    expect(failing).toEqual([]);
  });

  it('ranks the email channel first more often than the portal, and the portal last most often', () => {
    const survey = a.stores.surveys.findByYear({ year: Y - 1, code: DEMO_SURVEY_CODE })!;
    const definition = a.stores.surveys.publishedVersion({ surveyId: survey.id })!.definition;
    const ranking = questionsOf(definition).find((q) => q['indicator'] === 'channel_ranking');
    expect(ranking).toBeDefined();
    const channelOf = new Map(((ranking!['choices'] ?? []) as Json[]).map((c) => [valueOf(c), c['channel']]));
    const first = new Map<unknown, number>();
    const last = new Map<unknown, number>();
    const rows = a.db.prepare<[], { data: string }>("SELECT data FROM responses WHERE status = 'submitted'").all();
    for (const r of rows) {
      const order = JSON.parse(r.data)[ranking!['name'] as string] as unknown[] | undefined;
      if (!order?.length) continue;
      const f = channelOf.get(order[0]);
      const l = channelOf.get(order[order.length - 1]);
      first.set(f, (first.get(f) ?? 0) + 1);
      last.set(l, (last.get(l) ?? 0) + 1);
    }
    expect(first.get('email') ?? 0).toBeGreaterThan(first.get('portal') ?? 0);
    const mostOftenFirst = [...first.entries()].sort((x, y) => y[1] - x[1])[0]![0];
    const mostOftenLast = [...last.entries()].sort((x, y) => y[1] - x[1])[0]![0];
    expect(mostOftenFirst).toBe('email');
    expect(mostOftenLast).toBe('portal');
  });

  it('shows progress of the self-assessment between Y-2 and Y-1 on the panel of cities answering both', () => {
    const surveyOf = (year: number) => a.stores.surveys.findByYear({ year, code: DEMO_SURVEY_CODE })!;
    const definition = a.stores.surveys.publishedVersion({ surveyId: surveyOf(Y - 1).id })!.definition;
    const matrices = questionsOf(definition).filter((q) => q['indicator'] === 'self_assessment');
    expect(matrices.length).toBeGreaterThan(0);
    const meanOf = (data: Json): number | undefined => {
      const scores: number[] = [];
      for (const m of matrices) {
        const scoreOf = new Map(((m['columns'] ?? []) as Json[]).map((c) => [valueOf(c), c['score']]));
        const answer = data[m['name'] as string] as Json | undefined;
        for (const v of Object.values(answer ?? {})) {
          const s = scoreOf.get(v);
          if (typeof s === 'number') scores.push(s);
        }
      }
      return scores.length ? scores.reduce((x, y) => x + y, 0) / scores.length : undefined;
    };
    const byCity = (year: number) => {
      const out = new Map<number, number>();
      const rows = a.db
        .prepare<[number], { city_id: number; data: string }>("SELECT city_id, data FROM responses WHERE survey_id = ? AND status = 'submitted'")
        .all(surveyOf(year).id);
      for (const r of rows) {
        const m = meanOf(JSON.parse(r.data));
        if (m !== undefined) out.set(r.city_id, m);
      }
      return out;
    };
    const before = byCity(Y - 2);
    const after = byCity(Y - 1);
    const panel = [...before.keys()].filter((id) => after.has(id));
    expect(panel.length).toBeGreaterThan(40);
    expect(panel.length).toBeLessThan(before.size); // some cities are missing some years
    const mean = (m: Map<number, number>) => panel.reduce((s, id) => s + m.get(id)!, 0) / panel.length;
    expect(mean(after)).toBeGreaterThan(mean(before));
  });

  it('hides follow-up questions of areas without a change', () => {
    const survey = a.stores.surveys.findByYear({ year: Y - 1, code: DEMO_SURVEY_CODE })!;
    const definition = a.stores.surveys.publishedVersion({ surveyId: survey.id })!.definition;
    const followUps = questionsOf(definition).filter((q) => q['indicator'] === 'attribution' && typeof q['policyArea'] === 'string');
    const change = questionsOf(definition).find((q) => q['indicator'] === 'change');
    expect(change && followUps.length).toBeTruthy();
    const rowOfArea = new Map(((change!['rows'] ?? []) as Json[]).map((r) => [r['policyArea'], valueOf(r)]));
    const yesValue = ((change!['columns'] ?? []) as Json[]).reduce((x, y) => (Number(y['score'] ?? -1) > Number(x['score'] ?? -1) ? y : x));
    const rows = a.db.prepare<[number], { data: string }>("SELECT data FROM responses WHERE survey_id = ? AND status = 'submitted'").all(survey.id);
    let answered = 0;
    for (const r of rows) {
      const data = JSON.parse(r.data) as Json;
      const changes = (data[change!['name'] as string] ?? {}) as Json;
      for (const f of followUps) {
        const isYes = changes[String(rowOfArea.get(f['policyArea']))] === valueOf(yesValue);
        if (!isYes) expect(data[f['name'] as string]).toBeUndefined();
        else if (data[f['name'] as string] !== undefined) answered++;
      }
    }
    expect(answered).toBeGreaterThan(50);
  });

  it('gives identical data on two fresh databases', () => {
    expect(dump(b.db)).toEqual(dump(a.db));
  });
});
