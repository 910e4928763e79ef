// Node adapter: run the stress sweep in worker threads, split into shards by scenario. A crashed
// worker (a HiGHS abort, out of memory) becomes an error result, never a dead process. Falls back to
// the in-process sweep when the compiled worker is absent (sources run directly, as under vitest).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Network } from "../model/index.js";
import { disruptions, StressInputError } from "./scenarios.js";
import { finishStress, type StressOptions, type StressPartial, type StressResult, stress } from "./stress.js";

const workerUrl = new URL("./stress.worker.js", import.meta.url);
const workerAvailable = () => workerUrl.protocol === "file:" && existsSync(fileURLToPath(workerUrl));

/** stress() over `threads` worker threads (default 1: isolation only). Same numbers whatever the count. */
export async function stressInWorkers(net: Network, options: StressOptions = {}, threads = 1): Promise<StressResult> {
  if (!workerAvailable()) return stress(net, options);
  const ids = disruptions(net, options).map((d) => d.id);
  const n = Math.max(1, Math.min(threads, ids.length));
  // Round-robin shards: neighbouring scenarios (one country's sites) cost alike.
  const shards = Array.from({ length: n }, (_, i) => ids.filter((_, j) => j % n === i));
  const plan = options.plan && { status: options.plan.status, inventory: options.plan.inventory, deliveries: options.plan.deliveries, starts: options.plan.starts, shipments: options.plan.shipments };
  const parts = await Promise.all(shards.map((only) => runShard(net, { ...options, plan, only })));
  return finishStress(net, options, parts);
}

function runShard(net: Network, options: StressOptions): Promise<StressPartial> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl, { stdout: true, stderr: true });
    let done = false;
    const finish = (f: () => void) => {
      if (done) return;
      done = true;
      f();
      void worker.terminate();
    };
    const crashed = (message: string): StressPartial => ({ status: "error", message, periodIndex: 0, periodRule: "", stockTrapped: options.trapStock !== false, rateWindowPeriods: 1, ttsCap: net.T, stockSource: "scenario", demand: [], disruptions: [], tts: [], lost: [], lostTarget: [], mitigations: [], solver: { numCols: 0, numRows: 0, nonzeros: 0, solves: 0, iterations: 0 } });
    worker.stdout.resume();
    worker.stderr.resume();
    worker.on("message", (m: { ok: true; partial: StressPartial } | { ok: false; name: string; code?: string; message: string }) =>
      finish(() => {
        if (m.ok) resolve(m.partial);
        else if (m.name === "StressInputError") reject(new StressInputError(m.code as StressInputError["code"], m.message));
        else resolve(crashed(m.message));
      }),
    );
    worker.on("error", (err) => finish(() => resolve(crashed(`stress thread failed: ${String(err.message).slice(0, 300)}`))));
    worker.on("exit", (code) => finish(() => resolve(crashed(`stress thread exited with code ${code}`))));
    worker.postMessage({ net, options });
  });
}

