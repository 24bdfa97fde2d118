/**
 * Indicator computation on the large synthetic data set (lib/bulk-data.ts: 100,000 responses x 200 questions,
 * 5,000 quick), in a fresh child process (lib/bulk-job.ts analyse):
 * - the app: `analysisService(stores).analyse({ surveyId, filters: {} })`, what the dashboard's API runs: reads
 *   the definition, the roster (cities store) and every response through the responses store (one pass,
 *   JSON.parse), then the pure `analyseSurveyStream` of analysis/ (every question summary and indicator); a fresh
 *   service on a fresh responses store each round, so neither the catalogue cache nor the analysis cache
 *   (services/analysis.ts, per responses store) serves it;
 * - the baseline: `SELECT data FROM responses` + `JSON.parse` of every response, each dropped at once (merely
 *   parsing, as issue 3 words it: the least any analysis of the answers must do); the older parse-and-keep
 *   baseline (the same, kept in an array) and the ratio to it are printed beside.
 * Best of the rounds for each, app and baselines apart (the machine is shared; 3 rounds in the full run, 1 quick),
 * `global.gc()` before each run.
 */
import { bulkDatabase, runJob } from '../lib/bulk-data';
import { entry, type Entry } from '../lib/entry';

interface AnalyseResult {
  n: number;
  baseMs: number[];
  parseOnlyMs: number[];
  appMs: number[];
  peakRssMb: number;
  questions: number;
  warnings: string[];
}

export async function analysisBench({ quick, log }: { quick: boolean; log: (s: string) => void }): Promise<Entry[]> {
  const bulk = await bulkDatabase({ quick, log });
  // Best of 3 in the full run (each round computes the analysis afresh, bulk-job.ts): one round of the app took
  // from 2.6 to 4 times the parse-only baseline from run to run on the shared machine. About 30 s a round at
  // 100,000 responses; the quick run keeps one.
  const rounds = quick ? 1 : 3;
  // A bound, so that an analysis that has become superlinear fails the run in minutes rather than hours.
  const limitMin = quick ? 5 : 15;
  const r = await runJob<AnalyseResult>(['analyse', bulk.file, String(bulk.surveyId), String(rounds)], {
    heapMb: 12_288,
    timeoutMs: limitMin * 60_000,
  }).catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(
      /no line matching/.test(message)
        ? `the analysis of ${bulk.responses.toLocaleString('en')} responses did not finish within ${limitMin} minutes (stopped)`
        : message,
    );
  });
  if (r.n !== bulk.responses) throw new Error(`the analysis read ${r.n} responses, ${bulk.responses} were stored`);
  if (r.warnings.length) log(`  analysis warnings: ${r.warnings.join(' | ')}`);
  const app = Math.min(...r.appMs);
  const base = Math.min(...r.parseOnlyMs);
  const keep = Math.min(...r.baseMs);
  const fmt = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
  log(
    `analysis: ${r.n.toLocaleString('en')} responses, ${r.questions} question summaries: analyse ${fmt(r.appMs)} ms ` +
      `(${((app / r.n) * 1000).toFixed(0)} µs per response); baseline read + JSON.parse, nothing kept ${fmt(r.parseOnlyMs)} ms: ` +
      `ratio ${(app / base).toFixed(2)} (to parsing and keeping every response, ${fmt(r.baseMs)} ms: ` +
      `${(app / keep).toFixed(2)}); child peak RSS ${r.peakRssMb.toFixed(0)} MiB` +
      (quick ? ` (quick: ${r.n.toLocaleString('en')} responses, the targets are for 100,000)` : ''),
  );
  return [entry({ name: 'analysis_100k_ms', value: app, unit: 'ms', target: 5000, baseline: base })];
}
