/**
 * `npm run bench`: the benchmark suite. Prints a table and writes bench/results.json, an array of
 * `{name, value, unit, target?, baseline?, ratio?}` (see bench/README.md for what each figure measures).
 * `BENCH_QUICK=1` runs a reduced version (under two minutes). Targets are reported, not asserted: the exit
 * code is non-zero only when the benchmark itself could not run.
 * `BENCH_ONLY=key,key` runs only those sections (keys in SECTIONS below) and merges their entries into the
 * existing results.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BULK_RESPONSES } from './lib/bulk-data';
import { passes, ruleFor, type Entry } from './lib/entry';
import { ROOT, killAllChildren } from './lib/util';
import { analysisBench } from './sections/analysis';
import { autosaveBench } from './sections/autosave';
import { bundleBench } from './sections/bundle';
import { builderBench } from './sections/builder';
import { builderBrowserBench } from './sections/builder-browser';
import { csvExportBench } from './sections/csv-export';
import { dashboardBench } from './sections/dashboard';
import { firstQuestionBench } from './sections/first-question';
import { validationBench } from './sections/validate';
import { loadBench } from './sections/load';
import { mailBench } from './sections/mail';
import { crashBench } from './crash';

type Section = (o: { quick: boolean; log: (s: string) => void }) => Promise<Entry[]>;

/**
 * Order of the sections: validation first so that its cold figure is the process's first survey-core Model.
 * The key is what `BENCH_ONLY` takes. The analysis and CSV export sections share one large synthetic database
 * (lib/bulk-data.ts), built on first use; their heavy work runs in child processes.
 */
const SECTIONS: [key: string, name: string, run: Section][] = [
  ['validate', 'server validation', validationBench],
  ['bundle', 'bundle size', bundleBench],
  ['builder', 'questionnaire builder (outline, translations, indicators, one edit)', builderBench],
  ['autosave', 'autosave', autosaveBench],
  ['first-question', 'first question in the browser', firstQuestionBench],
  ['analysis', 'indicator computation', analysisBench],
  ['csv', 'CSV export', csvExportBench],
  ['dashboard', 'dashboard in the browser', dashboardBench],
  ['builder-browser', 'questionnaire builder in the browser (open 300 questions, one edit)', builderBrowserBench],
  ['load', '150 cities autosaving at once', loadBench],
  ['mail', 'invitations to 1,000 recipients (SMTP and .eml outbox)', mailBench],
  ['crash', 'crash test (SIGKILL during autosaves)', crashBench],
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
  'js_gzip_builder_kb',
  'first_question_visible_ms',
  'first_question_visible_slow4x_ms',
  'analysis_100k_ms',
  'csv_export_rows_per_s',
  'csv_export_peak_rss_mb',
  'dashboard_first_render_ms',
  'builder_open_300q_browser_ms',
  'builder_edit_300q_browser_ms',
  'builder_undo_300q_browser_ms',
  'builder_open_300q_cpu_ms',
  'builder_edit_300q_cpu_ms',
  'load_saves_per_s',
  'load_p50_ms',
  'load_p95_ms',
  'load_p99_ms',
  'load_errors',
  'load_rss_last_mib',
  'mail_smtp_msgs_per_s',
  'mail_smtp_total_ms',
  'mail_invite_request_ms',
  'mail_smtp_peak_rss_mb',
  'mail_outbox_msgs_per_s',
  'mail_outbox_total_ms',
  'mail_outbox_peak_rss_mb',
  'crash_kills_survived',
  'crash_saves_checked',
  'crash_lost_saves',
];

const round = (x: number, d: number) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : x);
function tidy(e: Entry): Entry {
  const d = e.unit === 'count' || e.unit === 'rows/s' ? 0 : e.unit === 'req/s' || e.unit === 'MiB' ? 1 : 2;
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
    const sign = rule.better === 'lower' ? '≤' : '≥';
    const target =
      e.target === undefined
        ? ''
        : `${rule.on === 'ratio' ? 'ratio ' : ''}${sign} ${e.target}${rule.ratioTarget === undefined ? '' : `, ratio ${sign} ${rule.ratioTarget}`}`;
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
  const only = (process.env.BENCH_ONLY ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  const unknown = only.filter((k) => !SECTIONS.some(([key]) => key === k));
  if (unknown.length) {
    console.error(`BENCH_ONLY: unknown section(s) ${unknown.join(', ')}; the sections are ${SECTIONS.map(([k]) => k).join(', ')}`);
    return 1;
  }
  const sections = only.length ? SECTIONS.filter(([key]) => only.includes(key)) : SECTIONS;
  const started = performance.now();
  log(
    `ICC survey benchmarks (${quick ? 'quick' : 'full'}${only.length ? `, only ${only.join(', ')}` : ''}) · node ${process.version} · ` +
      `${os.cpus().length} cores · load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`,
  );

  const entries: Entry[] = [];
  const failures: string[] = [];
  for (const [, name, run] of sections) {
    const t = performance.now();
    try {
      entries.push(...(await run({ quick, log })));
      log(`  (${name}: ${((performance.now() - t) / 1000).toFixed(1)} s)`);
    } catch (err) {
      failures.push(name);
      console.error(`\n${name} FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    }
  }

  const byOrder = (a: Entry, b: Entry) => {
    const ia = ORDER.indexOf(a.name);
    const ib = ORDER.indexOf(b.name);
    return (ia < 0 ? ORDER.length : ia) - (ib < 0 ? ORDER.length : ib);
  };
  const results = entries.map(tidy).sort(byOrder);
  const out = path.join(ROOT, 'bench', 'results.json');
  // A partial run (BENCH_ONLY) keeps the other figures of the previous results.json.
  let kept: Entry[] = [];
  if (only.length && fs.existsSync(out)) {
    try {
      const previous = JSON.parse(fs.readFileSync(out, 'utf8')) as Entry[];
      kept = previous.filter((e) => !results.some((r) => r.name === e.name));
    } catch {
      log(`(${path.relative(process.cwd(), out)} could not be read: it is replaced by this run's figures only)`);
    }
  }
  fs.writeFileSync(out, JSON.stringify([...kept, ...results].sort(byOrder), null, 2) + '\n');

  log('');
  log(table(results));
  log('');
  log(
    `autosave_rps: the target applies to the ratio app / bare; analysis_100k_ms must meet both bounds. ` +
      `Other targets are upper bounds on the value.`,
  );
  if (quick && results.some((e) => e.name === 'analysis_100k_ms' || e.name.startsWith('csv_export'))) {
    log(
      `quick run: analysis_100k_ms and csv_export_* measured on ${BULK_RESPONSES.quick.toLocaleString('en')} responses ` +
        `(their targets are for ${BULK_RESPONSES.full.toLocaleString('en')}).`,
    );
  }
  if (kept.length) log(`kept ${kept.length} figure(s) of the previous results.json (BENCH_ONLY)`);
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
