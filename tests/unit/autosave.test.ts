import { describe, expect, test } from 'vitest';
import type { Answers } from '../../surveys/answers-merge';
import { Autosave, type SaveRequest, type SaveResult, type SaveState, type StoredDraft } from '../../client/respond/autosave';

/** A page, a fake server reply queue and manual timers: every step of the autosave is driven by the test. */
function harness(initial: Answers = {}, revision = 0) {
  const page: { data: Answers } = { data: { ...initial } };
  const sent: SaveRequest[] = [];
  const replies: SaveResult[] = [];
  const states: SaveState[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  let stored: StoredDraft | undefined;
  const conflicts: unknown[] = [];
  let submitted = 0;
  const autosave = new Autosave(
    {
      send: async (req) => {
        sent.push(structuredClone(req));
        const r = replies.shift();
        if (!r) throw new Error('no reply queued');
        return r;
      },
      read: () => ({ data: { ...page.data }, pageNo: 2, progress: 0.5 }),
      applyRemote: (q, v) => {
        if (v === undefined) delete page.data[q];
        else page.data[q] = v;
      },
      author: () => 'Ana',
      storage: { get: () => stored, set: (d) => (stored = structuredClone(d)), clear: () => (stored = undefined) },
      onState: (s) => states.push(s),
      onConflict: (c) => conflicts.push(c),
      onSubmitted: () => submitted++,
      setTimer: (fn, ms) => {
        const t = { fn, ms };
        timers.push(t);
        return t;
      },
      clearTimer: (t) => {
        const i = timers.indexOf(t as { fn: () => void; ms: number });
        if (i >= 0) timers.splice(i, 1);
      },
    },
    { data: initial, revision },
  );
  const runTimers = async () => {
    const due = timers.splice(0);
    for (const t of due) t.fn();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { page, sent, replies, states, timers, autosave, runTimers, conflicts, stored: () => stored, submitted: () => submitted };
}

describe('autosave', () => {
  test('a change is saved after the debounce with the revision it started from, and the copy in the browser is cleared', async () => {
    const h = harness({ a: 1 }, 3);
    h.page.data.b = 'x';
    h.autosave.changed();
    expect(h.stored()).toEqual({ base: { data: { a: 1 }, revision: 3 }, local: { a: 1, b: 'x' } });
    expect(h.timers).toHaveLength(1);
    h.replies.push({ kind: 'ok', revision: 4, data: { a: 1, b: 'x' } });
    await h.runTimers();
    expect(h.sent).toEqual([{ data: { a: 1, b: 'x' }, revision: 3, author: 'Ana', pageNo: 2, progress: 0.5 }]);
    expect(h.autosave.revision).toBe(4);
    expect(h.autosave.state).toBe('saved');
    expect(h.stored()).toBeUndefined();
  });

  test('answers a colleague saved meanwhile come back from the server and appear in the page', async () => {
    const h = harness({}, 0);
    h.page.data.mine = 1;
    h.autosave.changed();
    h.replies.push({ kind: 'ok', revision: 2, data: { mine: 1, theirs: 'from colleague' } });
    await h.runTimers();
    expect(h.page.data).toEqual({ mine: 1, theirs: 'from colleague' });
    expect(h.autosave.localChanges()).toEqual([]);
  });

  test('a change made while a save is in flight is saved next, from the new revision', async () => {
    const h = harness({}, 0);
    h.page.data.a = 1;
    h.autosave.changed();
    h.replies.push({ kind: 'ok', revision: 1, data: { a: 1 } });
    const first = h.autosave.flush();
    h.page.data.b = 2;
    h.autosave.changed();
    await first;
    expect(h.autosave.revision).toBe(1);
    h.replies.push({ kind: 'ok', revision: 2, data: { a: 1, b: 2 } });
    await h.runTimers();
    expect(h.sent.map((s) => s.revision)).toEqual([0, 1]);
    expect(h.sent[1]!.data).toEqual({ a: 1, b: 2 });
    expect(h.autosave.state).toBe('saved');
  });

  test('offline: the state says so, the answers stay in the browser and the save is retried with backoff', async () => {
    const h = harness({}, 0);
    h.page.data.a = 'kept';
    h.autosave.changed();
    h.replies.push({ kind: 'network' });
    await h.runTimers();
    expect(h.autosave.state).toBe('offline');
    expect(h.stored()?.local).toEqual({ a: 'kept' });
    expect(h.timers.map((t) => t.ms)).toEqual([1000]);
    h.replies.push({ kind: 'network' });
    await h.runTimers();
    expect(h.timers.map((t) => t.ms)).toEqual([2000]);
    h.replies.push({ kind: 'ok', revision: 1, data: { a: 'kept' } });
    await h.runTimers();
    expect(h.autosave.state).toBe('saved');
    expect(h.stored()).toBeUndefined();
  });

  test('a conflict stops autosaving until the person has chosen', async () => {
    const h = harness({ a: 1 }, 1);
    h.page.data.a = 2;
    h.autosave.changed();
    h.replies.push({ kind: 'conflict', revision: 2, data: { a: 3 }, questions: ['a'], changes: {} });
    await h.runTimers();
    expect(h.autosave.state).toBe('conflict');
    expect(h.conflicts).toHaveLength(1);
    h.autosave.changed();
    expect(h.timers).toHaveLength(0);
    h.page.data.a = 3; // keeps theirs
    h.autosave.resolved({ data: { a: 3 }, revision: 2 });
    expect(h.autosave.localChanges()).toEqual([]);
  });

  test('a submitted response stops autosaving and tells the page', async () => {
    const h = harness({}, 0);
    h.page.data.a = 1;
    h.autosave.changed();
    h.replies.push({ kind: 'submitted' });
    await h.runTimers();
    expect(h.submitted()).toBe(1);
    h.autosave.changed();
    expect(h.timers).toHaveLength(0);
  });

  test('restoring a copy kept offline lays its changes over the server answers and keeps its base revision', () => {
    const stored: StoredDraft = { base: { data: { a: 1, b: 1 }, revision: 4 }, local: { a: 2, b: 1 } };
    const restored = Autosave.restore(stored, { data: { a: 1, b: 5, c: 9 }, revision: 6 });
    expect(restored).toEqual({ show: { a: 2, b: 5, c: 9 }, base: { data: { a: 1, b: 1 }, revision: 4 } });
  });

  test('a copy without changes, or newer than the server (a restored database), is not restored', () => {
    expect(Autosave.restore({ base: { data: { a: 1 }, revision: 1 }, local: { a: 1 } }, { data: {}, revision: 2 })).toBeUndefined();
    expect(Autosave.restore({ base: { data: {}, revision: 9 }, local: { a: 1 } }, { data: {}, revision: 2 })).toBeUndefined();
  });
});
