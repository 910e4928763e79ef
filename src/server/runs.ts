// Runs started over HTTP: each goes on in the background in its own worker thread, is stored,
// reports progress to listeners, and can be cancelled. Everything a run does is caught here, so one
// run's failure is stored as a failed run and never reaches the server; a cancel or a timeout is a
// result (the run stored as cancelled or failed), and it terminates the run's thread.
import { executeRunInWorker, type RunInput } from "../run/run.node.js";
import { type RunOptions, type RunProgress, type RunResult, storedResults } from "../run/run.js";
import type { RunStatus, RunStore } from "../store/index.js";
import { ApiError } from "./problem.js";

export type RunEvent =
  | { type: "progress"; id: string; stage: RunProgress["stage"]; done: number; total: number }
  | { type: "end"; id: string; status: RunStatus; error: string | null };

/** Does a run's work; settles only once the work has really stopped (its thread is gone). */
export type Executor = (input: RunInput, options: RunOptions) => Promise<RunResult>;

/** What the manager needs to know of a scenario that has been validated already. */
export interface RunScenario extends RunInput {
  name: string;
  seed: number;
}

export interface RunManagerOptions {
  store: RunStore;
  /** How many runs may go on at once in this server. */
  maxConcurrent: number;
  /** A run still going after this long is stopped and stored as failed. */
  maxRunMs: number;
  threads?: number;
  /** The function that does the work; executeRunInWorker unless a test swaps in another. */
  execute?: Executor;
}

interface ActiveRun {
  id: string;
  controller: AbortController;
  progress: RunProgress | null;
  listeners: Set<(e: RunEvent) => void>;
  /** Its final status is stored: nothing more is recorded or sent, though the thread may still be stopping. */
  finished: boolean;
  lastEmit: number;
  timer: NodeJS.Timeout;
  /** Settles when the work has stopped. */
  work: Promise<void>;
}

export class RunManager {
  /** Runs whose work has not stopped yet, finished or not: each holds a thread until then. */
  private readonly active = new Map<string, ActiveRun>();
  private readonly execute: Executor;

  constructor(private readonly opts: RunManagerOptions) {
    this.execute = opts.execute ?? executeRunInWorker;
  }

  /** Work that is not stored (a comparison's sides), holding a thread each all the same. */
  private detachedRuns = 0;
  private readonly detachedWork = new Map<AbortController, Promise<unknown>>();

  /** Runs holding a thread (a cancelled run counts until its thread has exited). */
  get running(): number {
    return this.active.size + this.detachedRuns;
  }

  get full(): boolean {
    return this.running >= this.opts.maxConcurrent;
  }

  /**
   * Work that is not stored as a run (a side of POST /api/compare) under the same rules as runs: a slot
   * (429 when none is free), the server's time limit, cancellation by `options.signal` (the client
   * going away); rejects with the work's error.
   */
  async detached(input: RunInput, options: Omit<RunOptions, "onProgress" | "threads">): Promise<RunResult> {
    if (this.full) throw new ApiError(429, "too-many-runs", "Too many runs", `${this.running} runs are going on; try again when one ends`);
    this.detachedRuns++;
    const controller = new AbortController();
    const stop = () => controller.abort();
    options.signal?.addEventListener("abort", stop, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.opts.maxRunMs);
    timer.unref?.();
    const work = this.execute(input, { ...options, ...(this.opts.threads ? { threads: this.opts.threads } : {}), signal: controller.signal });
    this.detachedWork.set(controller, work.catch(() => {}));
    try {
      return await work;
    } catch (err) {
      if (timedOut) throw new ApiError(503, "run-timeout", "The run took too long", `the comparison's run took longer than the server's limit of ${Math.round(this.opts.maxRunMs / 1000)} s`);
      throw err;
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", stop);
      this.detachedWork.delete(controller);
      this.detachedRuns--;
    }
  }

  /** Stores a `running` row and starts the work; answers with the run id at once. */
  start(scenario: RunScenario, options: Omit<RunOptions, "signal" | "onProgress" | "threads">, meta: Record<string, unknown>): string {
    const { store } = this.opts;
    const id = store.beginRun({ scenarioName: scenario.name, scenarioText: scenario.text, options: { ...meta, kinds: options.kinds, trials: options.trials, seed: options.seed ?? scenario.seed } });
    const run: ActiveRun = {
      id,
      controller: new AbortController(),
      progress: null,
      listeners: new Set(),
      finished: false,
      lastEmit: 0,
      timer: setTimeout(() => this.stop(id, "failed", `the run took longer than the server's limit of ${Math.round(this.opts.maxRunMs / 1000)} s`), this.opts.maxRunMs),
      work: Promise.resolve(),
    };
    run.timer.unref?.();
    this.active.set(id, run);
    // Next turn of the event loop: the 202 goes out before the work begins.
    run.work = new Promise<void>((r) => setImmediate(r)).then(() => this.work(run, scenario, options));
    return id;
  }

  /** Never rejects: every outcome is stored. */
  private async work(run: ActiveRun, input: RunInput, options: Omit<RunOptions, "signal" | "onProgress" | "threads">): Promise<void> {
    try {
      if (run.finished) return; // cancelled before it began
      const result = await this.execute(
        { file: input.file, text: input.text },
        {
          ...options,
          ...(this.opts.threads ? { threads: this.opts.threads } : {}),
          signal: run.controller.signal,
          onProgress: (p) => this.onProgress(run, p),
        },
      );
      if (run.finished) return;
      this.opts.store.completeRun(run.id, { kpis: result.kpis, durations: result.durationsMs as Record<string, number>, results: storedResults(result) });
      this.end(run, "complete", null);
    } catch (err) {
      if (run.finished) return;
      const message = err instanceof Error ? err.message : String(err);
      this.stop(run.id, "failed", `the run failed: ${message.slice(0, 2000)}`);
    } finally {
      clearTimeout(run.timer);
      this.active.delete(run.id);
    }
  }

  private onProgress(run: ActiveRun, p: RunProgress): void {
    if (run.finished) return;
    const stageChanged = run.progress?.stage !== p.stage;
    run.progress = { ...p };
    const now = Date.now();
    // At most ten progress events a second per run, but never skip a stage's start or end.
    if (!stageChanged && p.done !== p.total && now - run.lastEmit < 100) return;
    run.lastEmit = now;
    this.emit(run, { type: "progress", id: run.id, stage: p.stage, done: p.done, total: p.total });
  }

  /** Ends a run as cancelled or failed: stored at once; its thread is terminated. */
  stop(id: string, status: "cancelled" | "failed", reason: string): boolean {
    const run = this.active.get(id);
    if (!run || run.finished) return false;
    try {
      if (status === "cancelled") this.opts.store.cancelRun(id, reason);
      else this.opts.store.failRun(id, reason);
    } catch {
      // The row was finished by someone else (e.g. deleted from the CLI): nothing left to record.
    }
    this.end(run, status, reason);
    run.controller.abort();
    return true;
  }

  private end(run: ActiveRun, status: RunStatus, error: string | null): void {
    run.finished = true;
    clearTimeout(run.timer);
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

  /** Whether the run goes on in this server (not yet finished). */
  isActive(id: string): boolean {
    const run = this.active.get(id);
    return run !== undefined && !run.finished;
  }

  progress(id: string): RunProgress | null {
    return this.isActive(id) ? (this.active.get(id)?.progress ?? null) : null;
  }

  /** Listens to an active run's events until it ends; null when the run is not going on here. */
  subscribe(id: string, listener: (e: RunEvent) => void): (() => void) | null {
    const run = this.active.get(id);
    if (!run || run.finished) return null;
    run.listeners.add(listener);
    return () => run.listeners.delete(listener);
  }

  /** Stops every run (the server is shutting down); resolves once their threads are gone. */
  async close(): Promise<void> {
    const works: Promise<unknown>[] = [...this.active.values()].map((r) => r.work);
    for (const [controller, work] of this.detachedWork) {
      controller.abort();
      works.push(work);
    }
    for (const id of [...this.active.keys()]) this.stop(id, "cancelled", "the server stopped before the run completed");
    await Promise.all(works);
  }
}
