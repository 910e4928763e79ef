// Worker-thread entry of a run (run.node.ts starts one per run): loads the scenario text, runs
// executeRun, posts progress as it goes and the result (plain data) at the end. The thread is
// terminated to cancel the run, which also stops the threads it started (simulation pool, solver).
import { parentPort, workerData } from "node:worker_threads";
import { executeRun } from "./run.js";
import { loadForRun, type RunWorkerData, type RunWorkerMessage, transferList } from "./run.node.js";
import { lowerThreadPriority } from "./thread-priority.js";

// Before the threads it starts, which inherit it: the process's event loop comes first.
lowerThreadPriority();

const post = (m: RunWorkerMessage) => {
  try {
    parentPort?.postMessage(m, transferList(m));
  } catch {
    parentPort?.postMessage(m); // something in it cannot be transferred: copy it all
  }
};

const { file, text, options } = workerData as RunWorkerData;
try {
  const result = await executeRun(loadForRun({ file, text }), { ...options, onProgress: (progress) => post({ type: "progress", progress }) });
  post({ type: "result", result });
} catch (err) {
  post({ type: "error", name: err instanceof Error ? err.name : "Error", message: err instanceof Error ? err.message : String(err) });
}
