/**
 * Several colleagues answering one city's survey at once (issue 6, reliability; the contract's three-way merge).
 *
 * 5 simulated team members each make 200 edits to one city's answers and save each through
 * `PUT /api/respond/:token {data, revision}`, all five at once in every round (Promise.all bursts), so most saves
 * start from a revision that colleagues have moved past. Each member owns some answers alone and shares others
 * with everyone. A member keeps, like the page does (client/respond/autosave.ts), the answers of its last
 * acknowledged save as its base and sends the whole answer set with that base's revision; on 409 it takes the
 * server's answers and revision as the new base and, for each answer in conflict, keeps its own value or the
 * colleague's (as a person choosing in the conflict dialog would), then saves again.
 *
 * What can be checked: the server handles saves one at a time, and every save that changes something gets the
 * next revision, so the acknowledged saves are totally ordered by revision. Hence, for every answer, the final
 * value is the one of the acknowledged write with the highest revision; answers owned by one member end with
 * that member's last acknowledged value; the revision equals the number of acknowledged saves that changed
 * something; conflicts are reported for shared answers only, and only when a colleague really changed the answer;
 * and the change log (answer_changes) holds exactly the acknowledged writes, replaying to the stored answers.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { jsonInit, startTestApp, type TestApp } from '../helpers/test-app';

const MEMBERS = 5;
const EDITS = 200;
const OWN_KEYS = 4; // per member
const SHARED_KEYS = 4;
const MAX_RETRIES = 100;

type Answers = Record<string, unknown>;
interface Ack {
  member: number;
  revision: number;
  /** The revision the save started from. */
  base: number;
  /** The answers this save changed relative to its base, with their values (`undefined` = cleared). */
  writes: Map<string, unknown>;
  changed: string[];
}
interface Conflict {
  member: number;
  questions: string[];
}

let t: TestApp;
let token = '';
let cityId = 0;
beforeAll(async () => {
  t = await startTestApp();
  cityId = t.cities[0]!.id;
  token = t.linkFor(t.surveyId, cityId);
});
afterAll(async () => t?.close());

/** A small deterministic PRNG (mulberry32), so that every run makes the same edits. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const ownKey = (member: number, k: number) => `own_${member}_${k}`;
const sharedKey = (k: number) => `shared_${k}`;

/** A value no one else ever writes, in the shapes SurveyJS answers take (text, number, checkbox, matrix). */
function valueFor(member: number, edit: number, key: string): unknown {
  switch (edit % 4) {
    case 0:
      return `member ${member}, edit ${edit}, ${key}`;
    case 1:
      return member * 100_000 + edit;
    case 2:
      return [`m${member}`, `e${edit}`];
    default:
      return { row1: `m${member}`, row2: edit };
  }
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

class Member {
  base: { data: Answers; revision: number } = { data: {}, revision: 0 };
  pending = new Map<string, unknown>();
  saves = 0;
  retries = 0;
  constructor(
    readonly id: number,
    private readonly random: () => number,
    private readonly acks: Ack[],
    private readonly conflicts: Conflict[],
  ) {}

  /** One to three edits: mostly the member's own answers, sometimes shared ones, now and then a cleared answer. */
  edit(edit: number): void {
    const n = 1 + Math.floor(this.random() * 3);
    for (let i = 0; i < n; i++) {
      const shared = this.random() < 0.3;
      const key = shared ? sharedKey(Math.floor(this.random() * SHARED_KEYS)) : ownKey(this.id, Math.floor(this.random() * OWN_KEYS));
      const current = this.pending.has(key) ? this.pending.get(key) : this.base.data[key];
      if (!shared && current !== undefined && this.random() < 0.1) this.pending.set(key, undefined);
      else this.pending.set(key, valueFor(this.id, edit, key));
    }
  }

  /** Sends the answers as this member sees them; on 409 re-bases onto the server's answers and tries again. */
  async save(): Promise<void> {
    for (let attempt = 0; attempt <= MAX_RETRIES; attempt++) {
      // Changes are relative to the base (an answer set, then cleared again before saving, is no change).
      for (const [k, v] of this.pending) if (sameJson(v, this.base.data[k])) this.pending.delete(k);
      if (this.pending.size === 0) return; // nothing left to save, e.g. every change given up for a colleague's
      const data: Answers = { ...this.base.data };
      for (const [k, v] of this.pending) {
        if (v === undefined) delete data[k];
        else data[k] = v;
      }
      const res = await fetch(`${t.url}/api/respond/${token}`, jsonInit('PUT', { data, revision: this.base.revision, author: `member ${this.id}` }));
      const body = (await res.json()) as { revision: number; data: Answers; changed?: string[]; error?: { code: string; message: string; questions: string[] } };
      if (res.status === 200) {
        this.saves++;
        // Read your own writes: every acknowledged change is in the merged answers that come back.
        for (const [k, v] of this.pending) expect(body.data[k], `member ${this.id}: ${k} right after its save`).toEqual(v);
        this.acks.push({ member: this.id, revision: body.revision, base: this.base.revision, writes: new Map(this.pending), changed: [...(body.changed ?? [])] });
        this.base = { data: body.data, revision: body.revision };
        this.pending.clear();
        return;
      }
      expect(res.status, JSON.stringify(body).slice(0, 300)).toBe(409);
      expect(body.error?.code).toBe('conflict');
      expect(typeof body.error?.message).toBe('string');
      const questions = body.error!.questions;
      // A conflict is reported only where a colleague really changed an answer this member changed too.
      expect(questions.length).toBeGreaterThan(0);
      for (const q of questions) {
        expect(this.pending.has(q), `member ${this.id}: conflict on ${q}, which it did not change`).toBe(true);
        expect(sameJson(body.data[q], this.base.data[q]), `member ${this.id}: conflict on ${q}, unchanged by others`).toBe(false);
        expect(sameJson(body.data[q], this.pending.get(q))).toBe(false);
      }
      this.conflicts.push({ member: this.id, questions });
      this.retries++;
      // As the conflict dialog does: the server's answers become the base; keep mine or theirs per answer.
      this.base = { data: body.data, revision: body.revision };
      for (const q of questions) if (this.random() < 0.5) this.pending.delete(q);
    }
    throw new Error(`member ${this.id} could not save after ${MAX_RETRIES} attempts`);
  }
}

test('5 members × 200 concurrent edits of one city: no acknowledged answer lost, conflicts reported, the change log consistent', async () => {
  const acks: Ack[] = [];
  const conflicts: Conflict[] = [];
  const members = Array.from({ length: MEMBERS }, (_, i) => new Member(i, prng(0x1cc0 + i), acks, conflicts));

  for (let edit = 0; edit < EDITS; edit++) {
    await Promise.all(
      members.map(async (m) => {
        m.edit(edit);
        await m.save();
      }),
    );
  }

  const stored = t.stores.responses.get({ surveyId: t.surveyId, cityId })!;
  const served = (await (await fetch(`${t.url}/api/respond/${token}`)).json()) as { data: Answers; revision: number };
  expect(served.data).toEqual(stored.data);
  expect(served.revision).toBe(stored.revision);

  // Every acknowledged save changed exactly what it wrote (each value is unique, so it always differs).
  for (const a of acks) expect([...a.changed].sort()).toEqual([...a.writes.keys()].sort());
  const changing = acks.filter((a) => a.changed.length > 0);
  // The revision counts the acknowledged saves, each with its own revision: 1, 2, 3, ... in server order.
  expect(stored.revision).toBe(changing.length);
  expect(changing.map((a) => a.revision).sort((x, y) => x - y)).toEqual(Array.from({ length: changing.length }, (_, i) => i + 1));

  // For every answer, the final value is the last acknowledged write in server order.
  const expected: Answers = {};
  const lastWriter = new Map<string, number>();
  for (const a of [...changing].sort((x, y) => x.revision - y.revision)) {
    for (const [k, v] of a.writes) {
      if (v === undefined) delete expected[k];
      else expected[k] = v;
      lastWriter.set(k, a.member);
    }
  }
  expect(stored.data).toEqual(expected);

  // Answers owned by one member end with that member's last acknowledged value.
  for (const m of members) {
    for (let k = 0; k < OWN_KEYS; k++) {
      const key = ownKey(m.id, k);
      const mine = acks.filter((a) => a.member === m.id && a.writes.has(key));
      const last = mine.at(-1);
      expect(last, `${key} was written by its owner`).toBeDefined();
      expect(stored.data[key], key).toEqual(last!.writes.get(key));
    }
  }

  // Most saves started from a revision colleagues had moved past, and were merged without conflict.
  const merged = changing.filter((a) => a.revision > a.base + 1).length;
  expect(merged).toBeGreaterThan(changing.length / 2);

  // Conflicts happened, on shared answers only, and every shared answer ends with an acknowledged value.
  expect(conflicts.length).toBeGreaterThan(0);
  for (const c of conflicts) for (const q of c.questions) expect(q).toMatch(/^shared_/);
  for (let k = 0; k < SHARED_KEYS; k++) {
    const key = sharedKey(k);
    const acknowledged = changing.filter((a) => a.writes.has(key)).map((a) => JSON.stringify(a.writes.get(key)));
    expect(acknowledged).toContain(JSON.stringify(stored.data[key]));
  }

  // The change log holds exactly the acknowledged writes, with their authors, and replays to the stored answers.
  const log = t.db
    .prepare('SELECT revision, question, value, author FROM answer_changes WHERE response_id = ? ORDER BY revision, question')
    .all(stored.id) as { revision: number; question: string; value: string | null; author: string }[];
  const fromAcks = changing
    .flatMap((a) =>
      [...a.writes].map(([question, v]) => ({ revision: a.revision, question, value: v === undefined ? null : JSON.stringify(v), author: `member ${a.member}` })),
    )
    .sort((x, y) => x.revision - y.revision || (x.question < y.question ? -1 : x.question > y.question ? 1 : 0));
  expect(log).toEqual(fromAcks);
  const replayed: Answers = {};
  for (const row of log) {
    if (row.value === null) delete replayed[row.question];
    else replayed[row.question] = JSON.parse(row.value);
  }
  expect(replayed).toEqual(stored.data);

  const saves = members.reduce((n, m) => n + m.saves, 0);
  const conflictedAnswers = conflicts.reduce((n, c) => n + c.questions.length, 0);
  expect(saves).toBe(acks.length);
  // Each round's edits end in one acknowledged save, unless the member gave all of them up to colleagues.
  expect(acks.length).toBeLessThanOrEqual(MEMBERS * EDITS);
  expect(acks.length).toBeGreaterThan(MEMBERS * EDITS * 0.9);
  console.log(
    `concurrency: ${MEMBERS} members × ${EDITS} edits; ${acks.length} saves acknowledged (${changing.length} revisions, ${merged} merged onto colleagues' newer answers), ` +
      `${conflicts.length} conflicts answered 409 (${conflictedAnswers} answers), ${Object.keys(stored.data).length} answers at the end`,
  );
}, 120_000);
