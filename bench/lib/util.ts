import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** Lets pending timers run (survey-core keeps Models alive until the event loop turns). */
export const macrotask = () => new Promise<void>((r) => setImmediate(r));

/** Quantile by nearest rank on a copy (q in [0, 1]). */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const rank = Math.min(s.length, Math.max(1, Math.ceil(q * s.length)));
  return s[rank - 1]!;
}
export const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

// ---------------------------------------------------------------------------------------------
// Child processes: every one we start is tracked and killed at exit, also on error or Ctrl-C.

const children = new Set<ChildProcess>();

export interface Child {
  proc: ChildProcess;
  /** Resolves with the first stdout line matching `re` (its match), rejects on exit or timeout. */
  waitForLine(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  stop(): Promise<void>;
}

/** Runs a TypeScript file with tsx in its own node process (no npx wrapper, so one pid to stop). */
export function startTs(file: string, { env = {}, args = [] }: { env?: Record<string, string | undefined>; args?: string[] } = {}): Child {
  const fullEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete fullEnv[k];
  const proc = spawn(process.execPath, ['--import', 'tsx', path.resolve(ROOT, file), ...args], {
    cwd: ROOT,
    env: fullEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(proc);
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  const stderrTail: string[] = [];
  readline.createInterface({ input: proc.stdout! }).on('line', (line) => {
    lines.push(line);
    for (const w of [...waiters]) {
      const m = w.re.exec(line);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  readline.createInterface({ input: proc.stderr! }).on('line', (line) => {
    stderrTail.push(line);
    if (stderrTail.length > 40) stderrTail.shift();
    if (process.env.BENCH_VERBOSE) process.stderr.write(`  [${path.basename(file)}] ${line}\n`);
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  void exited.then(() => children.delete(proc));

  return {
    proc,
    waitForLine(re, timeoutMs = 120_000) {
      for (const l of lines) {
        const m = re.exec(l);
        if (m) return Promise.resolve(m);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${file}: no line matching ${re} within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          re,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        });
        void exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`${file} exited (code ${code}) before printing ${re}; stderr:\n${stderrTail.join('\n')}`));
        });
      });
    },
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      const done = await Promise.race([exited.then(() => true), sleep(8000).then(() => false)]);
      if (!done) {
        proc.kill('SIGKILL');
        await exited;
      }
    },
  };
}

export function killAllChildren(): void {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  }
  children.clear();
}

process.once('exit', killAllChildren);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    killAllChildren();
    process.exit(130);
  });
}
