/**
 * Load: 150 cities autosaving at once for 60 s (BENCH_QUICK: 10 s) against the real app (bench/serve-app.ts), to
 * show that the autosave figure holds under a campaign's peak without errors and without memory growth.
 *
 * Each city has its own link and its own keep-alive connection; its loop sends `PUT /api/respond/:token` with the
 * whole answer set (one text answer changed) and the revision the previous save returned, as the coordinator's
 * page does, back to back (a closed loop: the server is kept saturated, which is the worst case). Before the load,
 * one city alone saves for a few seconds on the same server: that single-client figure is the baseline of the
 * latency and throughput entries, so the ratios say what 150 concurrent cities cost each save. The server's RSS
 * (/proc/PID/status VmRSS) is sampled every second; the mean of the last 10 s against the first 10 s (3 s each in
 * the quick run) tells whether memory stays flat.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Answers } from '../../surveys/answers-merge';
import { answersFor } from '../lib/answers';
import { entry, type Entry } from '../lib/entry';
import { ROOT, quantile, sleep, startTs } from '../lib/util';

const CITIES = 150;

interface Loop {
  token: string;
  data: Answers;
  revision: number;
  n: number;
}

interface Round {
  saves: number;
  errors: number;
  savesPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

function put(port: number, agent: http.Agent, token: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: `/api/respond/${token}`,
        method: 'PUT',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Resident set size of a process in MiB (Linux); undefined elsewhere. */
function rssMiB(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const m = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function drive(port: number, agent: http.Agent, loops: Loop[], editable: string[], durationMs: number, log: (s: string) => void): Promise<Round> {
  const latencies: number[] = [];
  let errors = 0;
  const start = performance.now();
  const deadline = start + durationMs;
  await Promise.all(
    loops.map(async (loop) => {
      while (performance.now() < deadline) {
        const key = editable[loop.n % editable.length]!;
        loop.data[key] = `${String(loop.data[key]).replace(/ \(edit \d+\)$/, '')} (edit ${loop.n})`;
        loop.n++;
        const body = JSON.stringify({ data: loop.data, revision: loop.revision, author: 'Load bench', pageNo: 4, progress: 0.5 });
        const t = performance.now();
        let res: { status: number; text: string };
        try {
          res = await put(port, agent, loop.token, body);
        } catch (err) {
          errors++;
          if (errors <= 3) log(`  load: request failed: ${String(err)}`);
          await sleep(100);
          continue;
        }
        latencies.push(performance.now() - t);
        let revision: unknown;
        try {
          revision = (JSON.parse(res.text) as { revision?: unknown }).revision;
        } catch {
          revision = undefined;
        }
        if (res.status !== 200 || typeof revision !== 'number') {
          errors++;
          if (errors <= 3) log(`  load: HTTP ${res.status}: ${res.text.slice(0, 200)}`);
          if (typeof revision === 'number') loop.revision = revision;
          continue;
        }
        loop.revision = revision;
      }
    }),
  );
  const elapsed = performance.now() - start;
  return {
    saves: latencies.length - errors,
    errors,
    savesPerSecond: ((latencies.length - errors) / elapsed) * 1000,
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
    p99: quantile(latencies, 0.99),
  };
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

export async function loadBench({ quick, log }: { quick: boolean; log: (s: string) => void }): Promise<Entry[]> {
  const durationMs = quick ? 10_000 : 60_000;
  const singleMs = quick ? 2000 : 5000;
  const windowS = quick ? 3 : 10;
  const definition = JSON.parse(fs.readFileSync(path.join(ROOT, 'surveys', 'icc-annual-survey.json'), 'utf8')) as Record<string, unknown>;
  const payload = answersFor(definition, { seed: 1, share: 0.5 });
  const editable = Object.keys(payload).filter((k) => typeof payload[k] === 'string' && String(payload[k]).length > 40);
  if (editable.length === 0) throw new Error('the load payload has no text answer to edit');

  const child = startTs('bench/serve-app.ts', { env: { BENCH_CITIES: String(CITIES + 1) } });
  const agent = new http.Agent({ keepAlive: true, maxSockets: CITIES + 1 });
  try {
    const line = await child.waitForLine(/^\{.*"port".*\}$/, 120_000);
    const { port, tokens } = JSON.parse(line[0]) as { port: number; tokens: string[] };
    if (tokens.length < CITIES + 1) throw new Error(`the app gave ${tokens.length} tokens, ${CITIES + 1} wanted`);
    const loopFor = (token: string): Loop => ({ token, data: structuredClone(payload), revision: 0, n: 0 });

    // Single client (its own city, so the 150 below start from empty drafts), after a short warm-up.
    const single = [loopFor(tokens[CITIES]!)];
    await drive(port, agent, single, editable, 1000, log);
    const one = await drive(port, agent, single, editable, singleMs, log);
    log(`  load: 1 city alone   ${one.savesPerSecond.toFixed(0).padStart(5)} saves/s  p50 ${one.p50.toFixed(1)} ms  p95 ${one.p95.toFixed(1)} ms  p99 ${one.p99.toFixed(1)} ms`);

    const pid = child.proc.pid;
    const rss: number[] = [];
    const sample = () => {
      const r = rssMiB(pid);
      if (r !== undefined) rss.push(r);
    };
    sample();
    const sampler = setInterval(sample, 1000);
    let load: Round;
    try {
      load = await drive(port, agent, tokens.slice(0, CITIES).map(loopFor), editable, durationMs, log);
    } finally {
      clearInterval(sampler);
    }
    log(
      `  load: ${CITIES} cities ${load.savesPerSecond.toFixed(0).padStart(5)} saves/s  p50 ${load.p50.toFixed(1)} ms  p95 ${load.p95.toFixed(1)} ms  ` +
        `p99 ${load.p99.toFixed(1)} ms  ${load.saves} saves, ${load.errors} errors over ${durationMs / 1000} s`,
    );
    const entries: Entry[] = [
      entry({ name: 'load_saves_per_s', value: load.savesPerSecond, unit: 'req/s', baseline: one.savesPerSecond }),
      entry({ name: 'load_p50_ms', value: load.p50, unit: 'ms', baseline: one.p50 }),
      entry({ name: 'load_p95_ms', value: load.p95, unit: 'ms', baseline: one.p95 }),
      entry({ name: 'load_p99_ms', value: load.p99, unit: 'ms', baseline: one.p99 }),
      entry({ name: 'load_errors', value: load.errors, unit: 'count', target: 0 }),
    ];
    if (rss.length >= 2 * windowS) {
      const first = mean(rss.slice(0, windowS));
      const last = mean(rss.slice(-windowS));
      log(`  load: server RSS ${rss.map((x) => x.toFixed(0)).join(' ')} MiB (one sample a second); first ${windowS} s ${first.toFixed(1)}, last ${windowS} s ${last.toFixed(1)}`);
      entries.push(entry({ name: 'load_rss_last_mib', value: last, unit: 'MiB', baseline: first }));
    } else {
      log(`  load: server RSS not readable (${rss.length} samples): no memory figure`);
    }
    return entries;
  } finally {
    agent.destroy();
    await child.stop();
  }
}
