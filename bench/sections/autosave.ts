/**
 * Autosave throughput and latency: PUT /api/respond/:token on the real app (bench/serve-app.ts) against a bare
 * express + better-sqlite3 upsert of the same body (bench/serve-bare.ts), each in its own process, driven from
 * this process by 10 concurrent keep-alive loops (one city each, so the three-way merge never conflicts).
 * Every request changes one answer of a half-filled default survey, so the app writes a new revision each time.
 * Rounds alternate app, bare, app, bare; the best round of each counts (the machine is shared and noisy).
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Answers } from '../../surveys/answers-merge';
import { answersFor, questionsOf } from '../lib/answers';
import { processCpuMs } from '../lib/cpu';
import { entry, type Entry } from '../lib/entry';
import { ROOT, quantile, startTs, type Child } from '../lib/util';

const CONCURRENCY = 10;

interface Server {
  label: 'app' | 'bare';
  child: Child;
  port: number;
  tokens: string[];
  agent: http.Agent;
  loops: LoopState[];
}

interface LoopState {
  token: string;
  data: Answers;
  revision: number;
  n: number;
}

interface RoundResult {
  label: string;
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p99: number;
  /** App only: saves that did not produce a new revision (the merge found nothing to write). */
  unchanged: number;
  /** CPU time the server process used per answered request (all its threads), when /proc is readable. */
  cpuMsPerRequest?: number;
}

function put(server: Server, token: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: `/api/respond/${token}`,
        method: 'PUT',
        agent: server.agent,
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

function revisionOf(text: string): number | undefined {
  const m = /^\{"revision":(\d+)/.exec(text);
  if (m) return Number(m[1]);
  try {
    const r = (JSON.parse(text) as { revision?: unknown }).revision;
    return typeof r === 'number' ? r : undefined;
  } catch {
    return undefined;
  }
}

async function drive(server: Server, editable: string[], durationMs: number): Promise<RoundResult> {
  const latencies: number[] = [];
  let errors = 0;
  let unchanged = 0;
  let consecutiveFailures = 0;
  const cpuBefore = processCpuMs(server.child.proc.pid);
  const start = performance.now();
  const deadline = start + durationMs;
  await Promise.all(
    server.loops.map(async (loop) => {
      while (performance.now() < deadline) {
        const key = editable[loop.n % editable.length]!;
        loop.data[key] = `${String(loop.data[key]).replace(/ \(edit \d+\)$/, '')} (edit ${loop.n})`;
        loop.n++;
        const body = JSON.stringify({ data: loop.data, revision: loop.revision, author: 'Bench', pageNo: 4, progress: 0.5 });
        const t = performance.now();
        let res: { status: number; text: string };
        try {
          res = await put(server, loop.token, body);
        } catch (err) {
          errors++;
          if (++consecutiveFailures > 50) throw new Error(`${server.label} server: requests keep failing (${String(err)})`);
          continue;
        }
        latencies.push(performance.now() - t);
        consecutiveFailures = 0;
        const revision = revisionOf(res.text);
        if (res.status < 200 || res.status > 299) {
          errors++;
          if (errors <= 3) console.error(`  ${server.label}: HTTP ${res.status}: ${res.text.slice(0, 300)}`);
          if (revision !== undefined) loop.revision = revision; // a 409 carries the server's revision
          continue;
        }
        if (revision === undefined) throw new Error(`${server.label} server: no revision in ${res.text.slice(0, 200)}`);
        if (server.label === 'app' && revision <= loop.revision) unchanged++;
        loop.revision = revision;
      }
    }),
  );
  const elapsed = performance.now() - start;
  const cpuAfter = processCpuMs(server.child.proc.pid);
  return {
    cpuMsPerRequest: cpuBefore !== undefined && cpuAfter !== undefined && latencies.length ? (cpuAfter - cpuBefore) / latencies.length : undefined,
    label: server.label,
    requests: latencies.length,
    errors,
    rps: (latencies.length / elapsed) * 1000,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    unchanged,
  };
}

async function startServer(label: 'app' | 'bare', payload: Answers): Promise<Server> {
  const child = startTs(`bench/serve-${label}.ts`, { env: { BENCH_CITIES: String(CONCURRENCY) } });
  try {
    const line = await child.waitForLine(/^\{.*"port".*\}$/, 120_000);
    const info = JSON.parse(line[0]) as { port: number; tokens: string[] };
    if (info.tokens.length < CONCURRENCY) throw new Error(`${label} server gave ${info.tokens.length} tokens`);
    return {
      label,
      child,
      port: info.port,
      tokens: info.tokens,
      agent: new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY }),
      loops: info.tokens.slice(0, CONCURRENCY).map((token) => ({ token, data: structuredClone(payload), revision: 0, n: 0 })),
    };
  } catch (err) {
    await child.stop();
    throw err;
  }
}

export async function autosaveBench({ quick, log }: { quick: boolean; log: (s: string) => void }): Promise<Entry[]> {
  const durationMs = quick ? 3000 : 10_000;
  const warmupMs = quick ? 1000 : 2000;
  const definition = JSON.parse(fs.readFileSync(path.join(ROOT, 'surveys', 'icc-annual-survey.json'), 'utf8')) as Record<string, unknown>;
  const payload = answersFor(definition, { seed: 1, share: 0.5 });
  const questions = questionsOf(definition).length;
  // Answers edited in turn: the free-text ones already filled in (one changes per request).
  const editable = Object.keys(payload).filter((k) => typeof payload[k] === 'string' && String(payload[k]).length > 40);
  if (editable.length === 0) throw new Error('the autosave payload has no text answer to edit');
  const bodyBytes = Buffer.byteLength(JSON.stringify({ data: payload, revision: 1, author: 'Bench', pageNo: 4, progress: 0.5 }));
  log(
    `autosave: payload ${Object.keys(payload).length}/${questions} answers, ${(bodyBytes / 1024).toFixed(1)} KiB body; ` +
      `${CONCURRENCY} connections, warm-up ${warmupMs / 1000} s + ${durationMs / 1000} s per round, rounds app/bare/app/bare`,
  );

  const servers: Server[] = [];
  try {
    const started = await Promise.allSettled([startServer('app', payload), startServer('bare', payload)]);
    for (const r of started) if (r.status === 'fulfilled') servers.push(r.value);
    for (const r of started) if (r.status === 'rejected') throw r.reason;
    const [app, bare] = servers as [Server, Server];
    const rounds: RoundResult[] = [];
    const warmupErrors = { app: 0, bare: 0 };
    for (const server of [app, bare, app, bare]) {
      const warm = await drive(server, editable, warmupMs);
      warmupErrors[server.label] += warm.errors;
      const r = await drive(server, editable, durationMs);
      rounds.push(r);
      log(
        `  ${r.label.padEnd(4)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms  ` +
          `server CPU ${r.cpuMsPerRequest?.toFixed(2) ?? '?'} ms/request  ` +
          `${r.requests} requests, ${r.errors} errors${r.label === 'app' ? `, ${r.unchanged} without a new revision` : ''}`,
      );
    }
    const of = (label: string) => rounds.filter((r) => r.label === label);
    const best = (label: string) => ({
      rps: Math.max(...of(label).map((r) => r.rps)),
      p99: Math.min(...of(label).map((r) => r.p99)),
      errors: of(label).reduce((s, r) => s + r.errors, 0) + warmupErrors[label as 'app' | 'bare'],
      unchanged: of(label).reduce((s, r) => s + r.unchanged, 0),
      cpu: Math.min(...of(label).map((r) => r.cpuMsPerRequest ?? NaN)),
    });
    const a = best('app');
    const b = best('bare');
    if (a.unchanged > 0) log(`  warning: ${a.unchanged} app saves did not write a new revision`);
    return [
      entry({ name: 'autosave_rps', value: a.rps, unit: 'req/s', target: 0.5, baseline: b.rps }),
      entry({ name: 'autosave_p99_ms', value: a.p99, unit: 'ms', target: 50, baseline: b.p99 }),
      entry({ name: 'autosave_errors', value: a.errors, unit: 'count', baseline: b.errors }),
      // Less sensitive to a busy machine than req/s: CPU time of the server process per request.
      ...(Number.isFinite(a.cpu) && Number.isFinite(b.cpu)
        ? [entry({ name: 'autosave_server_cpu_ms', value: a.cpu, unit: 'ms', baseline: b.cpu })]
        : []),
    ];
  } finally {
    for (const s of servers) s.agent.destroy();
    await Promise.all(servers.map((s) => s.child.stop()));
  }
}
