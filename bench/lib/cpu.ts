/** CPU time of processes, much less sensitive to other load on the machine than elapsed time. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { CDPSession } from 'playwright-core';

let ticksPerSecond: number | undefined;
/** User + system CPU time of a process (all its threads) in ms, from /proc (Linux); undefined elsewhere. */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

/** CPU time of each Chromium process so far (ms by process id), through a browser CDP session. */
export type ChromiumCpu = Map<number, { type: string; ms: number }>;
export async function chromiumCpu(cdp: CDPSession): Promise<ChromiumCpu> {
  const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number; cpuTime: number }[] };
  return new Map(processInfo.map((p) => [p.id, { type: p.type, ms: p.cpuTime * 1000 }]));
}

/** CPU ms Chromium spent between two readings: in its renderer processes, and in all its processes. */
export function chromiumCpuSpent(before: ChromiumCpu, after: ChromiumCpu): { renderer: number; all: number } {
  let renderer = 0;
  let all = 0;
  for (const [id, now] of after) {
    const spent = now.ms - (before.get(id)?.ms ?? 0);
    all += spent;
    if (now.type === 'renderer') renderer += spent;
  }
  return { renderer, all };
}
