// Node adapter: invest() in its own worker thread, so that a run can trace the investment frontier
// (a dozen MIP solves, the longest stage of the default scenario's run) on one core while planning,
// simulation, stress and sensitivity use the others. Same answer as in-process: HiGHS is deterministic
// and the thread gets the same network. Falls back to the in-process call when the compiled worker is
// absent (sources run directly, as under vitest).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Network } from "../model/index.js";
import { type InvestOptions, type InvestResult, invest } from "./invest.js";

const workerUrl = new URL("./invest.worker.js", import.meta.url);
export const investWorkerAvailable = (): boolean => workerUrl.protocol === "file:" && existsSync(fileURLToPath(workerUrl));

export type InvestWorkerMessage = { ok: true; result: InvestResult } | { ok: false; name: string; message: string };

/** A started invest(): its result, how long it took in its own thread, and a way to stop it. */
export interface InvestJob {
  result: Promise<{ result: InvestResult; ms: number }>;
  /** Terminates the thread (a no-op once it has finished, or in-process). */
  cancel: () => void;
}

/** Starts invest() in a worker thread at once; in-process (lazily, when `result` is awaited) without one. */
export function startInvest(net: Network, options: InvestOptions = {}): InvestJob {
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
