// Node adapter: a run in its own worker thread, so that the event loop of the process that asked for
// it (the server) stays free, and so that cancelling it frees everything it holds: terminating the
// thread stops its simulation pool and solver threads with it and returns its memory. Progress comes
// back as messages; the result as plain data. Falls back to an in-process run when the compiled
// worker is absent (sources run directly, as under vitest).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { loadScenarioText, normalize } from "../model/index.js";
import { abortError, executeRun, type LoadedScenario, type RunOptions, type RunProgress, type RunResult } from "./run.js";

/** A scenario as the run's thread receives it: its text (loaded again there) and the name to show. */
export interface RunInput {
  file: string;
  text: string;
}

export type RunWorkerData = RunInput & { options: Omit<RunOptions, "signal" | "onProgress"> };
export type RunWorkerMessage = { type: "progress"; progress: RunProgress } | { type: "result"; result: RunResult } | { type: "error"; name: string; message: string };

const workerUrl = new URL("./run.worker.js", import.meta.url);
const workerAvailable = () => workerUrl.protocol === "file:" && existsSync(fileURLToPath(workerUrl));

/** Loads and normalizes a scenario text the caller has validated already; a problem is an Error here. */
export function loadForRun(input: RunInput): LoadedScenario {
  const loaded = loadScenarioText(input.text);
  if (!loaded.ok) throw new Error(`the scenario is invalid: ${loaded.problems[0]?.message ?? "unknown problem"}`);
  return { ...input, scenario: loaded.scenario, network: normalize(loaded.scenario) };
}

/**
 * executeRun in a fresh worker thread. Aborting the signal terminates the thread and then rejects
 * with an AbortError; the promise settles only once the thread is gone, so a caller that counts runs
 * in progress never counts one that still holds a CPU.
 */
export function executeRunInWorker(input: RunInput, options: RunOptions = {}): Promise<RunResult> {
  const { signal, onProgress, ...plain } = options;
  if (!workerAvailable()) return Promise.resolve().then(() => executeRun(loadForRun(input), options));
  if (signal?.aborted) return Promise.reject(abortError());
  return new Promise((resolve, reject) => {
    const data: RunWorkerData = { ...input, options: plain };
    const worker = new Worker(workerUrl, { workerData: data, stdout: true, stderr: true });
    // The first outcome wins; it is delivered after the thread has exited.
    let outcome: (() => void) | null = null;
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      outcome?.();
    };
    const end = (f: () => void) => {
      if (outcome) return;
      outcome = f;
      worker.terminate().then(settle, settle);
    };
    const onAbort = () => end(() => reject(abortError()));
    signal?.addEventListener("abort", onAbort, { once: true });
    // The solver may print; a run's thread has no terminal of its own.
    worker.stdout.resume();
    worker.stderr.resume();
    worker.on("message", (m: RunWorkerMessage) => {
      if (m.type === "progress") {
        if (!outcome) onProgress?.(m.progress);
      } else if (m.type === "result") end(() => resolve(m.result));
      else end(() => reject(Object.assign(new Error(m.message), { name: m.name })));
    });
    worker.on("error", (err) => end(() => reject(new Error(`the run's thread failed: ${String(err.message).slice(0, 300)}`))));
    worker.on("exit", (code) => {
      if (!outcome) outcome = () => reject(new Error(`the run's thread exited with code ${code}`));
      settle();
    });
  });
}

/** The buffers of the typed arrays in a message (a few levels deep), moved rather than copied. */
export function transferList(value: unknown): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>();
  const visit = (v: unknown, depth: number) => {
    if (v === null || typeof v !== "object" || depth > 6) return;
    if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer) found.add(v.buffer);
      return;
    }
    for (const child of Array.isArray(v) ? v : Object.values(v)) visit(child, depth + 1);
  };
  visit(value, 0);
  return [...found];
}
