// Runs started over HTTP: each goes on in the background, is stored, reports progress to listeners,
// and can be cancelled. Everything a run does is caught here, so one run's failure is stored as a
// failed run and never reaches the server.
import { executeRun, type LoadedScenario, storedResults, type RunOptions, type RunProgress, type RunResult } from "../run/run.js";
import type { RunStatus, RunStore } from "../store/index.js";

export type RunEvent =
  | { type: "progress"; id: string; stage: RunProgress["stage"]; done: number; total: number }
  | { type: "end"; id: string; status: RunStatus; error: string | null };

export type Executor = (loaded: LoadedScenario, options: RunOptions) => Promise<RunResult>;

export interface RunManagerOptions {
  store: RunStore;
  /** How many runs may go on at once in this server. */
  maxConcurrent: number;
  /** A run still going after this long is stopped and stored as failed. */
  maxRunMs: number;
  threads?: number;
  /** The function that does the work; executeRun unless a test swaps in another. */
  execute?: Executor;
}

interface ActiveRun {
  id: string;
  controller: AbortController;
  progress: RunProgress | null;
  listeners: Set<(e: RunEvent) => void>;
  finished: boolean;
  lastEmit: number;
  timer: NodeJS.Timeout;
}

export class RunManager {
  private readonly active = new Map<string, ActiveRun>();
  private readonly execute: Executor;

  constructor(private readonly opts: RunManagerOptions) {
    this.execute = opts.execute ?? executeRun;
  }

  get running(): number {
    return this.active.size;
  }

  get full(): boolean {
    return this.active.size >= this.opts.maxConcurrent;
  }

  /** Stores a `running` row and starts the work; answers with the run id at once. */
  start(loaded: LoadedScenario, options: Omit<RunOptions, "signal" | "onProgress" | "threads">, meta: Record<string, unknown>): string {
    const { store } = this.opts;
    const id = store.beginRun({ scenarioName: loaded.scenario.name, scenarioText: loaded.text, options: { ...meta, kinds: options.kinds, trials: options.trials, seed: options.seed ?? loaded.scenario.seed } });
    const controller = new AbortController();
    const run: ActiveRun = {
      id,
      controller,
      progress: null,
      listeners: new Set(),
      finished: false,
      lastEmit: 0,
      timer: setTimeout(() => this.stop(id, "failed", `the run took longer than the server's limit of ${Math.round(this.opts.maxRunMs / 1000)} s`), this.opts.maxRunMs),
    };
    run.timer.unref?.();
    this.active.set(id, run);
    // Next turn of the event loop: the 202 goes out before any of the work's synchronous part.
    setImmediate(() => void this.work(run, loaded, options));
    return id;
  }

  private async work(run: ActiveRun, loaded: LoadedScenario, options: Omit<RunOptions, "signal" | "onProgress" | "threads">): Promise<void> {
    if (run.finished) return; // cancelled before it began
    try {
      const result = await this.execute(loaded, {
        ...options,
        ...(this.opts.threads ? { threads: this.opts.threads } : {}),
        signal: run.controller.signal,
        onProgress: (p) => this.onProgress(run, p),
      });
      if (run.finished) return;
      this.opts.store.completeRun(run.id, { kpis: result.kpis, durations: result.durationsMs as Record<string, number>, results: storedResults(result) });
      this.end(run, "complete", null);
    } catch (err) {
      if (run.finished) return;
      const message = err instanceof Error ? err.message : String(err);
      this.stop(run.id, "failed", `the run failed: ${message.slice(0, 2000)}`);
    }
  }

  private onProgress(run: ActiveRun, p: RunProgress): void {
    const stageChanged = run.progress?.stage !== p.stage;
    run.progress = { ...p };
    const now = Date.now();
    // At most ten progress events a second per run, but never skip a stage's start or end.
    if (!stageChanged && p.done !== p.total && now - run.lastEmit < 100) return;
    run.lastEmit = now;
    this.emit(run, { type: "progress", id: run.id, stage: p.stage, done: p.done, total: p.total });
  }

  /** Ends an active run as cancelled or failed: stored at once, the work itself is told to stop. */
  stop(id: string, status: "cancelled" | "failed", reason: string): boolean {
    const run = this.active.get(id);
    if (!run || run.finished) return false;
    run.controller.abort();
    try {
      if (status === "cancelled") this.opts.store.cancelRun(id, reason);
      else this.opts.store.failRun(id, reason);
    } catch {
      // The row was finished by someone else (e.g. deleted from the CLI): nothing left to record.
    }
    this.end(run, status, reason);
    return true;
  }

  private end(run: ActiveRun, status: RunStatus, error: string | null): void {
    run.finished = true;
    clearTimeout(run.timer);
    this.active.delete(run.id);
    this.emit(run, { type: "end", id: run.id, status, error });
    run.listeners.clear();
  }

  private emit(run: ActiveRun, e: RunEvent): void {
    for (const listener of run.listeners) {
      try {
        listener(e);
      } catch {
        // A listener that throws (a closed connection) must not stop the run.
      }
    }
  }

  isActive(id: string): boolean {
    return this.active.has(id);
  }

  progress(id: string): RunProgress | null {
    return this.active.get(id)?.progress ?? null;
  }

  /** Listens to an active run's events until it ends; null when the run is not going on here. */
  subscribe(id: string, listener: (e: RunEvent) => void): (() => void) | null {
    const run = this.active.get(id);
    if (!run) return null;
    run.listeners.add(listener);
    return () => run.listeners.delete(listener);
  }

  /** Stops every run (the server is shutting down). */
  close(): void {
    for (const id of [...this.active.keys()]) this.stop(id, "cancelled", "the server stopped before the run completed");
  }
}
