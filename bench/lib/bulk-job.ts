/**
 * Child process of the analysis and CSV-export benchmarks (a fresh process each, so that one figure's garbage
 * and heap growth never weighs on the next, and the export's peak RSS is its own). Prints one line
 * `RESULT {json}` and exits.
 *
 *   node --import tsx bench/lib/bulk-job.ts build FILE N        fills FILE with N cities and responses
 *   node --import tsx bench/lib/bulk-job.ts analyse FILE ID R   R rounds of: baseline, parse-only baseline, the dashboard's analysis; a last baseline
 *   node --import tsx bench/lib/bulk-job.ts csv FILE ID R       R rounds of: the responses.csv export, then bare Papa.unparse
 */
import fs from 'node:fs';
import { Writable } from 'node:stream';
import { buildBulkDatabase } from './bulk-data';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const result = (x: unknown) => console.log(`RESULT ${JSON.stringify(x)}`);

/** Peak resident set size of this process in MiB (VmHWM), or NaN where /proc is missing. */
function peakRssMb(): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}
/** Resets VmHWM to the current RSS (Linux >= 4.0); false when not possible. */
function resetPeakRss(): boolean {
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}
const rssMb = () => process.memoryUsage.rss() / 2 ** 20;

/** Reads the database file once so that the first measured run does not pay for disk reads the others skip. */
function warmFileCache(file: string): void {
  const buf = Buffer.allocUnsafe(8 << 20);
  for (const f of [file, `${file}-wal`]) {
    if (!fs.existsSync(f)) continue;
    const fd = fs.openSync(f, 'r');
    try {
      while (fs.readSync(fd, buf, 0, buf.length, null) > 0);
    } finally {
      fs.closeSync(fd);
    }
  }
}

async function openStores(file: string) {
  const { openDatabase } = await import('../../server/db');
  const { cityStore } = await import('../../server/stores/cities');
  const { responseStore } = await import('../../server/stores/responses');
  const { surveyStore } = await import('../../server/stores/surveys');
  const db = openDatabase(file);
  return { db, cities: cityStore(db), responses: responseStore(db), surveys: surveyStore(db) };
}

async function analyse(file: string, surveyId: number, rounds: number) {
  const { analysisService } = await import('../../server/services/analysis');
  const { responseStore } = await import('../../server/stores/responses');
  warmFileCache(file);
  const stores = await openStores(file);
  const select = stores.db.prepare<[number], { data: string }>('SELECT data FROM responses WHERE survey_id = ? AND revision > 0');

  // Baseline: read every response's answers from SQLite and JSON.parse them, keeping them all (as the analysis
  // did until it streamed them: the figure stays comparable with earlier runs).
  const baseline = () => {
    const all: unknown[] = [];
    for (const row of select.iterate(surveyId)) all.push(JSON.parse(row.data));
    return all.length;
  };
  // The stricter baseline, printed beside: the same, each parsed response dropped at once (merely parsing, the
  // least any analysis of the answers must do; the streamed analysis keeps no answers but the pairing's few).
  // Each parsed value is touched so that the parse cannot be skipped.
  const parseOnly = () => {
    let n = 0;
    for (const row of select.iterate(surveyId)) if (JSON.parse(row.data) !== null) n++;
    return n;
  };
  // A fresh service on a fresh responses store each round: the analysis caches (services/analysis.ts) are per
  // responses store, so every round computes the analysis (catalogue included) as the first request after a
  // start does, instead of the next rounds being served from the cache in a second.
  const app = () => analysisService({ ...stores, responses: responseStore(stores.db) }).analyse({ surveyId, filters: {}, submittedOnly: false });

  const baseMs: number[] = [];
  const parseOnlyMs: number[] = [];
  const appMs: number[] = [];
  let n = 0;
  let summary: Record<string, unknown> = {};
  for (let r = 0; r < rounds; r++) {
    gc();
    let t = performance.now();
    n = baseline();
    baseMs.push(performance.now() - t);
    gc();
    t = performance.now();
    if (parseOnly() !== n) throw new Error('the two baselines read different numbers of responses');
    parseOnlyMs.push(performance.now() - t);
    gc();
    t = performance.now();
    const out = app();
    appMs.push(performance.now() - t);
    if (out.n !== n) throw new Error(`the analysis counted ${out.n} responses, the database holds ${n}`);
    summary = { questions: Object.keys(out.questions).length, warnings: out.warnings };
  }
  // One more baseline after the last analysis, so each analysis run has a baseline on either side.
  gc();
  const t = performance.now();
  baseline();
  baseMs.push(performance.now() - t);
  stores.db.close();
  result({ n, baseMs, parseOnlyMs, appMs, peakRssMb: peakRssMb(), ...summary });
}

const CHUNK = 500;
const META = ['city', 'city_name', 'country', 'networks', 'status', 'revision', 'version', 'updated_at', 'submitted_at'];

async function csv(file: string, surveyId: number, rounds: number) {
  const { writeResponsesCsv } = await import('../../server/services/csv-export');
  const { answerColumns, escapeCell } = await import('../../surveys/answer-columns');
  const { Model } = await import('survey-core');
  await import('../../surveys/extensions');
  const Papa = (await import('papaparse')).default;
  warmFileCache(file);
  const stores = await openStores(file);
  const version = stores.surveys.publishedVersion({ surveyId });
  if (!version) throw new Error('no published version');
  const n = (stores.db.prepare('SELECT count(*) AS n FROM responses WHERE survey_id = ? AND revision > 0').get(surveyId) as { n: number }).n;

  /**
   * The app: writeResponsesCsv (as GET /api/surveys/:id/responses.csv runs it) into a sink that drops the bytes.
   * The sink completes each write on the next turn of the event loop, as a socket would (a synchronous one would
   * let the export run start to end without the loop ever turning, which no real response does).
   */
  const app = async () => {
    let bytes = 0;
    const out = new Writable({
      write(chunk: Buffer | string, _enc, cb) {
        bytes += chunk.length;
        setImmediate(cb);
      },
    });
    const t = performance.now();
    await writeResponsesCsv({ out, surveyId, version, responses: stores.responses, cities: stores.cities, bom: false });
    return { ms: performance.now() - t, bytes };
  };

  /**
   * Baseline: Papa.unparse of exactly the rows the export writes, in the same chunks; the rows are read and
   * built beforehand, only the unparse calls are timed (their sum).
   */
  let prepared: { columns: ReturnType<typeof answerColumns>; cityById: Map<number, { name: string; country: string; networks: string[] }> } | undefined;
  // Built on first use, after the export's peak memory has been taken (100,000 cities are not nothing).
  const prepare = () => (prepared ??= { columns: answerColumns(new Model(version.definition)), cityById: new Map(stores.cities.list().map((c) => [c.id, c])) });
  const bare = () => {
    const { columns, cityById } = prepare();
    let ms = 0;
    let readMs = 0;
    let buildMs = 0;
    let t = performance.now();
    let bytes = Buffer.byteLength(Papa.unparse([[...META, ...columns.map((c) => c.header)].map(escapeCell)]) + '\r\n');
    ms += performance.now() - t;
    let afterCode = '';
    for (;;) {
      t = performance.now();
      const page = stores.responses.page({ surveyId, afterCode, limit: CHUNK });
      readMs += performance.now() - t;
      if (page.length === 0) break;
      t = performance.now();
      const rows = page
        .filter((r) => r.revision > 0)
        .map((r) => {
          const city = cityById.get(r.cityId);
          const meta = [r.cityCode, city?.name ?? '', city?.country ?? '', city?.networks.join(';') ?? '', r.status, r.revision, r.versionId, r.updatedAt, r.submittedAt ?? ''];
          return [...meta, ...columns.map((c) => c.cell(r.data))].map(escapeCell);
        });
      afterCode = page[page.length - 1]!.cityCode;
      buildMs += performance.now() - t;
      t = performance.now();
      const text = Papa.unparse(rows) + '\r\n';
      ms += performance.now() - t;
      bytes += Buffer.byteLength(text);
    }
    return { ms, bytes, readMs, buildMs };
  };

  gc();
  const rssBefore = rssMb();
  const reset = resetPeakRss();
  const first = await app();
  const peak = peakRssMb();
  const appRuns = [first];
  const bareRuns: ReturnType<typeof bare>[] = [];
  for (let r = 0; r < rounds; r++) {
    gc();
    bareRuns.push(bare());
    if (r + 1 < rounds) {
      gc();
      appRuns.push(await app());
    }
  }
  stores.db.close();
  result({ n, columns: prepare().columns.length + META.length, rssBeforeMb: rssBefore, peakRssMb: peak, peakSinceStart: !reset, appRuns, bareRuns });
}

async function main() {
  const [mode, file, a, b] = process.argv.slice(2);
  if (!file) throw new Error('usage: bulk-job.ts build|analyse|csv FILE ...');
  if (mode === 'build') result(await buildBulkDatabase(file, Number(a)));
  else if (mode === 'analyse') await analyse(file, Number(a), Number(b ?? 1));
  else if (mode === 'csv') await csv(file, Number(a), Number(b ?? 1));
  else throw new Error(`unknown mode ${mode}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  },
);
