// Node adapter: invest() in worker threads, so that a run can trace the investment frontier (a dozen
// MIP solves, the longest stage of the default scenario's run) while planning, simulation, stress and
// sensitivity use the main thread; `invest --frontier` may split a MIP frontier between two threads
// (InvestOptions.frontierPart: each point is solved on its own, so the parts give the points one thread would). Same answer as
// in-process: HiGHS is deterministic and the threads get the same network. Falls back to the in-process
// call when the compiled worker is absent (sources run directly, as under vitest).
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Network } from "../model/index.js";
import { type InvestOptions, type InvestResult, invest, mergeFrontiers } from "./invest.js";

const workerUrl = new URL("./invest.worker.js", import.meta.url);
export const investWorkerAvailable = (): boolean => workerUrl.protocol === "file:" && existsSync(fileURLToPath(workerUrl));

export type InvestWorkerMessage = { ok: true; result: InvestResult } | { ok: false; name: string; message: string };

/** A started invest(): its result, how long it took in its own thread, and a way to stop it. */
export interface InvestJob {
  result: Promise<{ result: InvestResult; ms: number }>;
  /** Terminates the thread (a no-op once it has finished, or in-process). */
  cancel: () => void;
}

/**
 * Starts invest() in worker threads at once; in-process (lazily, when `result` is awaited) without them.
 * `threads` 2 splits a MIP frontier between two threads: `invest --frontier` alone on two idle cores, 12.5
 * → 9.5 s on the default scenario. A run keeps one, since its main thread has the other core's work.
 */
export function startInvest(net: Network, options: InvestOptions = {}, threads = 1): InvestJob {
  if (!investWorkerAvailable()) {
    let started: Promise<{ result: InvestResult; ms: number }> | undefined;
    const run = () => {
      const t0 = performance.now();
      started ??= invest(net, options).then((result) => ({ result, ms: performance.now() - t0 }));
      return started;
    };
    return {
      get result() {
        return run();
      },
      cancel: () => {},
    };
  }
  // An LP frontier restarts each point from the last basis and is cheap: it stays in one thread.
  if (threads < 2 || !options.frontier || options.relax || availableParallelism() < 2) return inWorker(net, options);
  const t0 = performance.now();
  const parts = [0, 1].map((index) => inWorker(net, { ...options, frontierPart: { index, of: 2 } }));
  const cancel = () => {
    for (const p of parts) p.cancel();
  };
  const result = Promise.all(parts.map((p) => p.result)).then(([a, b]) => {
    const merged: InvestResult = {
      ...a.result,
      frontier: mergeFrontiers([a.result.frontier, b.result.frontier]),
      solver: { ...a.result.solver, solves: a.result.solver.solves + b.result.solver.solves, solveSeconds: a.result.solver.solveSeconds + b.result.solver.solveSeconds },
    };
    return { result: merged, ms: performance.now() - t0 };
  });
  // One part failing stops the other.
  result.catch(cancel);
  return { result, cancel };
}

/** invest() in one worker thread. */
function inWorker(net: Network, options: InvestOptions): InvestJob {
  const worker = new Worker(workerUrl, { stdout: true, stderr: true });
  const t0 = performance.now();
  const result = new Promise<{ result: InvestResult; ms: number }>((resolve, reject) => {
    let done = false;
    const finish = (f: () => void) => {
      if (done) return;
      done = true;
      f();
      void worker.terminate();
    };
    // HiGHS may print on abort; a run's solver thread has no terminal of its own.
    worker.stdout.resume();
    worker.stderr.resume();
    worker.on("message", (m: InvestWorkerMessage) =>
      finish(() => (m.ok ? resolve({ result: m.result, ms: performance.now() - t0 }) : reject(Object.assign(new Error(m.message), { name: m.name })))),
    );
    worker.on("error", (err) => finish(() => reject(new Error(`the invest thread failed: ${String(err.message).slice(0, 300)}`))));
    worker.on("exit", (code) => finish(() => reject(new Error(`the invest thread exited with code ${code}`))));
  });
  // A cancelled job's rejection is for whoever still awaits it; none is not an unhandled rejection.
  result.catch(() => {});
  worker.postMessage({ net, options });
  return { result, cancel: () => void worker.terminate() };
}
