/**
 * The wide responses.csv export of the large synthetic data set (lib/bulk-data.ts), in a fresh child process
 * (lib/bulk-job.ts csv), so that its peak memory is its own:
 * - the app: `writeResponsesCsv` of server/services/csv-export.ts (what `GET /api/surveys/:id/responses.csv`
 *   runs: pages of 100 responses from the store, one cell per answer column, formula escaping, its own CSV writer
 *   `csvCell` (byte-for-byte Papa.unparse's output, property-tested), writes of about 256 KiB) into a Writable that drops the bytes (each write completed on the next turn of the event loop, as a
 *   socket would); rows per second;
 * - the baseline: papaparse's own `Papa.unparse` of exactly the same rows in the same chunks (read and built
 *   beforehand, only the unparse calls timed); the outputs are checked to be the same size;
 * - peak memory: the child's RSS high-water mark (VmHWM) during the first export, reset just before it
 *   through /proc/self/clear_refs (so the start-up of the child does not count; its RSS at that point does).
 */
import { bulkDatabase, runJob } from '../lib/bulk-data';
import { entry, type Entry } from '../lib/entry';

interface Run {
  ms: number;
  bytes: number;
  readMs?: number;
  buildMs?: number;
}
interface CsvResult {
  n: number;
  columns: number;
  rssBeforeMb: number;
  peakRssMb: number;
  peakSinceStart: boolean;
  appRuns: Run[];
  bareRuns: Run[];
}

export async function csvExportBench({ quick, log }: { quick: boolean; log: (s: string) => void }): Promise<Entry[]> {
  const bulk = await bulkDatabase({ quick, log });
  // One export and one baseline: the export of 100,000 rows takes over a minute on this machine.
  const rounds = 1;
  const r = await runJob<CsvResult>(['csv', bulk.file, String(bulk.surveyId), String(rounds)], { timeoutMs: 30 * 60_000 });
  if (r.n !== bulk.responses) throw new Error(`the export saw ${r.n} responses, ${bulk.responses} were stored`);
  const app = Math.min(...r.appRuns.map((x) => x.ms));
  const bare = Math.min(...r.bareRuns.map((x) => x.ms));
  const appBytes = r.appRuns[0]!.bytes;
  const bareBytes = r.bareRuns[0]!.bytes;
  const rps = (ms: number) => r.n / (ms / 1000);
  const fmt = (xs: Run[]) => xs.map((x) => x.ms.toFixed(0)).join(', ');
  const b0 = r.bareRuns[0]!;
  log(
    `csv export: ${r.n.toLocaleString('en')} rows x ${r.columns} columns, ${(appBytes / 2 ** 20).toFixed(0)} MiB: writeResponsesCsv ${fmt(r.appRuns)} ms ` +
      `(${rps(app).toFixed(0)} rows/s); Papa.unparse alone ${fmt(r.bareRuns)} ms (${rps(bare).toFixed(0)} rows/s; ` +
      `outside the timing: reading pages ${b0.readMs?.toFixed(0)} ms, building rows ${b0.buildMs?.toFixed(0)} ms); ` +
      `RSS ${r.rssBeforeMb.toFixed(0)} MiB before the export, peak ${r.peakRssMb.toFixed(0)} MiB` +
      (r.peakSinceStart ? ' (peak since the child started: /proc/self/clear_refs unavailable)' : '') +
      (quick ? ` (quick: ${r.n.toLocaleString('en')} rows, the target is for 100,000)` : ''),
  );
  if (appBytes !== bareBytes) {
    log(`  note: the export wrote ${appBytes} bytes, the baseline's rows unparse to ${bareBytes}: the export's rows are no longer built as the baseline assumes (bench/lib/bulk-job.ts)`);
  }
  return [
    entry({ name: 'csv_export_rows_per_s', value: rps(app), unit: 'rows/s', baseline: rps(bare) }),
    entry({ name: 'csv_export_peak_rss_mb', value: r.peakRssMb, unit: 'MiB', target: 300 }),
  ];
}
