// Worker-thread entry: sweeps one shard of the disruption scenarios, so that a HiGHS abort stays in
// this thread and shards run side by side.
import { parentPort } from "node:worker_threads";
import type { Network } from "../model/index.js";
import { type StressOptions, stressPartial } from "./stress.js";

parentPort?.on("message", async (msg: { net: Network; options: StressOptions }) => {
  try {
    parentPort?.postMessage({ ok: true, partial: await stressPartial(msg.net, msg.options) });
  } catch (err) {
    parentPort?.postMessage({ ok: false, name: err instanceof Error ? err.name : "Error", code: (err as { code?: string }).code, message: err instanceof Error ? err.message : String(err) });
  }
});
