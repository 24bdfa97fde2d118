import type { Clock } from '../clock';

/**
 * Counts failures per key in a sliding window, in memory (one process serves the platform). Used to slow
 * down password guessing: after `max` failures within `windowMs`, the key is refused until the window passes.
 */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly max = 10,
    private readonly windowMs = 15 * 60 * 1000,
  ) {}

  /** Milliseconds until the key may try again, or 0 when it may try now. */
  retryAfter(key: string): number {
    const recent = this.recent(key);
    if (recent.length < this.max) return 0;
    return recent[0]! + this.windowMs - this.clock.now().getTime();
  }

  fail(key: string): void {
    const recent = this.recent(key);
    recent.push(this.clock.now().getTime());
    this.failures.set(key, recent);
    if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value!);
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.clock.now().getTime() - this.windowMs;
    return (this.failures.get(key) ?? []).filter((t) => t > since);
  }
}
