/**
 * The crash test of bench/crash.ts, quick: the real server (`server/main.ts` in its own process) is killed with
 * SIGKILL three times in the middle of autosave bursts from 3 cities × 3 team members; after each restart every
 * save answered 200 must be there and the database must pass `PRAGMA integrity_check`.
 * `npm run crash` runs the same with 20 kills.
 */
import { expect, test } from 'vitest';
import { crashPassed, runCrashTest } from '../../bench/crash';

test('three SIGKILLs during autosave bursts: every acknowledged save survives and the database stays sound', { timeout: 120_000 }, async () => {
  const lines: string[] = [];
  const report = await runCrashTest({
    cycles: 3,
    cities: 3,
    membersPerCity: 3,
    burstMs: [300, 1500],
    log: (l) => lines.push(l),
  });
  const summary = `${JSON.stringify({ ...report, lost: report.lost.slice(0, 5), unexpected: report.unexpected.slice(0, 5) })}\n${lines.join('\n')}`;
  expect(report.kills, summary).toBe(3);
  expect(report.lost, summary).toEqual([]);
  expect(report.unexpected, summary).toEqual([]);
  expect(report.serverErrors, summary).toEqual([]);
  expect(report.integrity, summary).toEqual([]);
  // The bursts really saved: something was acknowledged before each kill, and checked after the restarts.
  expect(report.savesAcknowledged, summary).toBeGreaterThan(20);
  expect(report.savesChecked, summary).toBeGreaterThanOrEqual(report.savesAcknowledged);
  expect(crashPassed(report)).toBe(true);
});
