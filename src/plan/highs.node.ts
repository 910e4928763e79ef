// Node adapter: solve an LP in a worker thread, so that a HiGHS abort or an out-of-memory cannot take
// the process down and the event loop stays free. Falls back to the in-process solve when the
// compiled worker is absent (sources run directly, as under vitest).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { type LpModel, type LpOptions, type LpSolution, solveLp } from "./highs.js";

const workerUrl = new URL("./highs.worker.js", import.meta.url);

function errorResult(model: LpModel, message: string): LpSolution {
  return {
    status: "error",
    objectiveValue: Number.NaN,
    colValue: new Float64Array(model.numCols),
    rowValue: new Float64Array(model.numRows),
    rowDual: new Float64Array(model.numRows),
    colDual: new Float64Array(model.numCols),
    solveSeconds: 0,
    iterations: 0,
    message,
  };
}

/** Whether solves will really run in a worker thread (the compiled worker file exists). */
export const workerAvailable = (): boolean => workerUrl.protocol === "file:" && existsSync(fileURLToPath(workerUrl));

/** Like solveLp, but in a fresh worker thread; a crashed worker gives status "error". */
export function solveLpInWorker(model: LpModel, options: LpOptions = {}): Promise<LpSolution> {
  if (!workerAvailable()) return solveLp(model, options);
  return new Promise((resolve) => {
    const worker = new Worker(workerUrl, { stdout: true, stderr: true });
    let done = false;
    const finish = (s: LpSolution) => {
      if (done) return;
      done = true;
      resolve(s);
      void worker.terminate();
    };
    // HiGHS may print on abort; swallow it rather than dump it on the user's terminal.
    worker.stdout.resume();
    worker.stderr.resume();
    worker.on("message", (s: LpSolution) => finish(s));
    worker.on("error", (err) => finish(errorResult(model, `solver thread failed: ${String(err.message).slice(0, 300)}`)));
    worker.on("exit", (code) => finish(errorResult(model, `solver thread exited with code ${code}`)));
    const { colNames: _c, rowNames: _r, ...lean } = model;
    worker.postMessage({ model: lean, options });
  });
}
