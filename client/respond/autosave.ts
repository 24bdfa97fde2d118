/**
 * Autosave of a city's answers: debounced saves carrying the revision they started from, a copy kept in the
 * browser while unsaved (so a lost connection or a closed tab loses nothing), retries with backoff, and the
 * server's merged answers folded back in so colleagues' changes appear. No DOM or React here: tested alone.
 */
import { sameValue, type Answers } from '../../surveys/answers-merge';

export type SaveState = 'saved' | 'pending' | 'saving' | 'offline' | 'retrying' | 'conflict' | 'error';

export interface SaveRequest {
  data: Answers;
  revision: number;
  author: string | null;
  pageNo: number;
  progress: number;
}
export type SaveResult =
  | { kind: 'ok'; revision: number; data: Answers }
  | { kind: 'conflict'; revision: number; data: Answers; questions: string[]; changes: Record<string, { author: string | null; at: string }> }
  | { kind: 'submitted' }
  | { kind: 'network' }
  | { kind: 'error'; message: string; retry: boolean };

export interface StoredDraft {
  base: { data: Answers; revision: number };
  local: Answers;
}

export interface AutosaveDeps {
  send(req: SaveRequest): Promise<SaveResult>;
  /** The answers as the page shows them now. */
  read(): { data: Answers; pageNo: number; progress: number };
  /** Sets one answer in the page (a colleague's change arriving). */
  applyRemote(question: string, value: unknown): void;
  author(): string | null;
  storage?: { get(): StoredDraft | undefined; set(d: StoredDraft): void; clear(): void };
  onState(state: SaveState, detail?: string): void;
  onConflict(conflict: Extract<SaveResult, { kind: 'conflict' }>, local: Answers, base: Answers): void;
  onSubmitted(): void;
  delayMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
}

const BACKOFF_MS = [1000, 2000, 5000, 10000, 30000];

export class Autosave {
  private base: { data: Answers; revision: number };
  private timer: unknown;
  private inFlight: Promise<void> | undefined;
  private again = false;
  private failures = 0;
  private blocked = false;
  /** Set by stop(): the page let go of this instance (unmount, or the answers were submitted). */
  private stopped = false;
  state: SaveState = 'saved';

  constructor(
    private readonly d: AutosaveDeps,
    base: { data: Answers; revision: number },
  ) {
    this.base = { data: { ...base.data }, revision: base.revision };
  }

  get revision(): number {
    return this.base.revision;
  }

  /** Keys the page changed since the last acknowledged save. */
  localChanges(): string[] {
    const { data } = this.d.read();
    const keys = new Set([...Object.keys(data), ...Object.keys(this.base.data)]);
    return [...keys].filter((k) => !sameValue(data[k], this.base.data[k]));
  }

  /**
   * Restores an unsaved copy kept in the browser: its changes are laid over the server's answers, and the next
   * save starts from the copy's base revision so the server can still detect a colleague's conflicting change.
   * Returns the answers to show, or undefined when there is nothing to restore.
   */
  static restore(stored: StoredDraft | undefined, server: { data: Answers; revision: number }): { show: Answers; base: StoredDraft['base'] } | undefined {
    if (!stored || stored.base.revision > server.revision) return undefined;
    const keys = new Set([...Object.keys(stored.local), ...Object.keys(stored.base.data)]);
    const changed = [...keys].filter((k) => !sameValue(stored.local[k], stored.base.data[k]));
    if (changed.length === 0) return undefined;
    const show: Answers = { ...server.data };
    for (const k of changed) {
      if (stored.local[k] === undefined) delete show[k];
      else show[k] = stored.local[k];
    }
    return { show, base: stored.base };
  }

  /** Call after every change in the page. */
  changed(): void {
    if (this.blocked || this.stopped) return;
    this.keepCopy();
    this.setState('pending');
    this.schedule(this.d.delayMs ?? 800);
  }

  /** Saves now (page change, leaving the page, connection back). */
  flush(): Promise<void> {
    if (this.blocked || this.stopped) return Promise.resolve();
    this.cancelTimer();
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    this.inFlight = this.run().finally(() => {
      this.inFlight = undefined;
      if (this.again) {
        this.again = false;
        void this.flush();
      }
    });
    return this.inFlight;
  }

  /** After the person chose between versions: the server's state becomes the base, the page shows the choice. */
  resolved(server: { data: Answers; revision: number }): void {
    this.base = { data: { ...server.data }, revision: server.revision };
    this.blocked = false;
    this.changed();
  }

  hasUnsaved(): boolean {
    return this.state !== 'saved' && this.state !== 'error' && this.localChanges().length > 0;
  }

  stop(): void {
    this.cancelTimer();
    this.stopped = true;
  }

  /**
   * Undoes stop() when the page takes the same instance again: React's StrictMode runs every effect's cleanup
   * and setup once more at mount, and a stop() that blocked for good left the page never saving anything.
   * A conflict or a submission still blocks.
   */
  start(): void {
    this.stopped = false;
  }

  private async run(): Promise<void> {
    const now = this.d.read();
    const sent = { ...now.data };
    this.setState('saving');
    const result = await this.d.send({
      data: sent,
      revision: this.base.revision,
      author: this.d.author(),
      pageNo: now.pageNo,
      progress: now.progress,
    });
    switch (result.kind) {
      case 'ok': {
        this.failures = 0;
        this.base = { data: { ...result.data }, revision: result.revision };
        // Fold in what colleagues changed, unless the person changed that answer again since sending.
        const current = this.d.read().data;
        const keys = new Set([...Object.keys(result.data), ...Object.keys(sent)]);
        for (const k of keys) {
          if (!sameValue(result.data[k], sent[k]) && sameValue(current[k], sent[k])) this.d.applyRemote(k, result.data[k]);
        }
        if (this.localChanges().length === 0) {
          this.d.storage?.clear();
          this.setState('saved');
        } else {
          this.keepCopy();
          this.setState('pending');
          this.schedule(this.d.delayMs ?? 800);
        }
        return;
      }
      case 'conflict':
        this.blocked = true;
        this.cancelTimer();
        this.setState('conflict');
        this.d.onConflict(result, this.d.read().data, this.base.data);
        return;
      case 'submitted':
        this.blocked = true;
        this.d.storage?.clear();
        this.setState('saved');
        this.d.onSubmitted();
        return;
      case 'network':
      case 'error': {
        if (result.kind === 'error' && !result.retry) {
          this.setState('error', result.message);
          return;
        }
        const wait = BACKOFF_MS[Math.min(this.failures, BACKOFF_MS.length - 1)]!;
        this.failures++;
        this.setState(result.kind === 'network' ? 'offline' : 'retrying');
        this.schedule(wait);
        return;
      }
    }
  }

  private keepCopy(): void {
    this.d.storage?.set({ base: this.base, local: this.d.read().data });
  }

  private schedule(ms: number): void {
    this.cancelTimer();
    const set = this.d.setTimer ?? ((fn: () => void, t: number) => setTimeout(fn, t));
    this.timer = set(() => {
      this.timer = undefined;
      void this.flush();
    }, ms);
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) (this.d.clearTimer ?? ((t: unknown) => clearTimeout(t as number)))(this.timer);
    this.timer = undefined;
  }

  private setState(state: SaveState, detail?: string): void {
    this.state = state;
    this.d.onState(state, detail);
  }
}
