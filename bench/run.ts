/**
 * `npm run bench`: the benchmark suite. Prints a table and writes bench/results.json, an array of
 * `{name, value, unit, target?, baseline?, ratio?}` (see bench/README.md for what each figure measures).
 * `BENCH_QUICK=1` runs a reduced version (under two minutes). Targets are reported, not asserted: the exit
 * code is non-zero only when the benchmark itself could not run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { passes, ruleFor, type Entry } from './lib/entry';
import { ROOT, killAllChildren } from './lib/util';
import { autosaveBench } from './sections/autosave';
import { bundleBench } from './sections/bundle';
import { firstQuestionBench } from './sections/first-question';
import { validationBench } from './sections/validate';

type Section = (o: { quick: boolean; log: (s: string) => void }) => Promise<Entry[]>;

/** Order of the sections: validation first so that its cold figure is the process's first survey-core Model. */
const SECTIONS: [string, Section][] = [
  ['server validation', validationBench],
  ['bundle size', bundleBench],
  ['autosave', autosaveBench],
  ['first question in the browser', firstQuestionBench],
];

/** Output order and rounding of results.json (names are stable from run to run). */
const ORDER = [
  'autosave_rps',
  'autosave_p99_ms',
  'autosave_errors',
  'autosave_server_cpu_ms',
  'validate_200q_median_ms',
  'validate_200q_p95_ms',
  'validate_200q_cold_ms',
  'js_gzip_signin_kb',
  'js_gzip_respondent_kb',
  'css_gzip_respondent_kb',
  'first_question_visible_ms',
  'first_question_visible_slow4x_ms',
];

const round = (x: number, d: number) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : x);
function tidy(e: Entry): Entry {
  const d = e.unit === 'count' ? 0 : e.unit === 'req/s' ? 1 : 2;
  const out: Entry = { name: e.name, value: round(e.value, d), unit: e.unit };
  if (e.target !== undefined) out.target = e.target;
  if (e.baseline !== undefined) out.baseline = round(e.baseline, d);
  if (e.ratio !== undefined) out.ratio = round(e.ratio, 3);
  return out;
}

function table(entries: Entry[]): string {
  const fmt = (x: number | undefined, d = 1) => (x === undefined ? '' : Number.isInteger(x) ? String(x) : x.toFixed(d));
  const rows = entries.map((e) => {
    const rule = ruleFor(e.name);
    const target = e.target === undefined ? '' : `${rule.on === 'ratio' ? 'ratio ' : ''}${rule.better === 'lower' ? '≤' : '≥'} ${e.target}`;
    const ok = passes(e);
    return [e.name, fmt(e.value), e.unit, target, fmt(e.baseline), e.ratio === undefined ? '' : e.ratio.toFixed(2), ok === undefined ? '-' : ok ? 'pass' : 'FAIL'];
  });
  const head = ['name', 'value', 'unit', 'target', 'baseline', 'ratio', 'result'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 || i === 2 || i === 6 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

async function main(): Promise<number> {
  const quick = !!process.env.BENCH_QUICK && process.env.BENCH_QUICK !== '0';
  const log = (s: string) => console.log(s);
  const started = performance.now();
  log(
    `ICC survey benchmarks (${quick ? 'quick' : 'full'}) · node ${process.version} · ${os.cpus().length} cores · ` +
      `load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`,
  );

  const entries: Entry[] = [];
  const failures: string[] = [];
  for (const [name, run] of SECTIONS) {
    const t = performance.now();
    try {
      entries.push(...(await run({ quick, log })));
      log(`  (${name}: ${((performance.now() - t) / 1000).toFixed(1)} s)`);
    } catch (err) {
      failures.push(name);
      console.error(`\n${name} FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    }
  }

  const results = entries.map(tidy).sort((a, b) => {
    const ia = ORDER.indexOf(a.name);
    const ib = ORDER.indexOf(b.name);
    return (ia < 0 ? ORDER.length : ia) - (ib < 0 ? ORDER.length : ib);
  });
  const out = path.join(ROOT, 'bench', 'results.json');
  fs.writeFileSync(out, JSON.stringify(results, null, 2) + '\n');

  log('');
  log(table(results));
  log('');
  log(`autosave_rps: the target applies to the ratio app / bare. Other targets are upper bounds on the value.`);
  log(`wrote ${path.relative(process.cwd(), out)} in ${((performance.now() - started) / 1000).toFixed(0)} s; load average now ${os.loadavg()[0]!.toFixed(1)}`);
  const missed = results.filter((e) => passes(e) === false).map((e) => e.name);
  if (missed.length) log(`targets missed (reported, not asserted): ${missed.join(', ')}`);
  if (failures.length) {
    console.error(`the benchmark could not run: ${failures.join(', ')}`);
    return 1;
  }
  return 0;
}

main()
  .then((code) => {
    killAllChildren();
    process.exit(code);
  })
  .catch((err: unknown) => {
    console.error(err);
    killAllChildren();
    process.exit(1);
  });
