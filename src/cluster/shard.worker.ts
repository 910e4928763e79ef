// Worker-thread entry (piscina) for `waferline worker`: runs one shard's chunks with the simulator's own
// chunk runner and returns them encoded. Running here keeps the worker's main thread free to renew
// BullMQ job locks while a shard computes. Kernels are cached per run (a run's shards share one).
import { loadScenarioText, type Network, normalize } from "../model/index.js";
import { Accumulator, type AccumulatorData } from "../sim/aggregate.js";
import { type Policy, SimKernel } from "../sim/kernel.js";
import { runChunk } from "../sim/simulate.js";
import { base64ToF64, encodeChunks } from "./codec.js";
import { applyVariations, type Variation } from "./variation.js";

export interface ShardTask {
  runId: string;
  scenarioText: string;
  variations: Variation[];
  policy: Policy;
  starts: string | null;
  shipments: string | null;
  seed: number;
  trials: number;
  firstChunk: number;
  endChunk: number;
}

const CACHE = 4;
const kernels = new Map<string, { kernel: SimKernel; acc: Accumulator }>();

/** The network a run simulates: the scenario text, normalized, with the run's variations. */
export function runNetwork(scenarioText: string, variations: readonly Variation[]): Network {
  const loaded = loadScenarioText(scenarioText);
  if (!loaded.ok) throw new Error(`the run's scenario does not load: ${loaded.problems[0]?.message ?? "invalid"}`);
  return applyVariations(normalize(loaded.scenario), variations);
}

function kernelFor(task: ShardTask): { kernel: SimKernel; acc: Accumulator } {
  let k = kernels.get(task.runId);
  if (!k) {
    const net = runNetwork(task.scenarioText, task.variations);
    k = { kernel: new SimKernel(net, { policy: task.policy, starts: base64ToF64(task.starts), shipments: base64ToF64(task.shipments) }), acc: new Accumulator(net) };
    if (kernels.size >= CACHE) kernels.delete(kernels.keys().next().value as string);
    kernels.set(task.runId, k);
  }
  return k;
}

export default function runShard(task: ShardTask): Uint8Array {
  const { kernel, acc } = kernelFor(task);
  const chunks: AccumulatorData[] = [];
  for (let c = task.firstChunk; c < task.endChunk; c++) chunks.push(runChunk(kernel, acc, { seed: task.seed, chunk: c, trials: task.trials }));
  return encodeChunks(chunks);
}
