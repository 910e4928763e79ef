// Worker-thread entry (piscina): builds one kernel and one accumulator per thread from workerData,
// then runs chunks of trials on request.
import { workerData } from "piscina";
import type { Network } from "../model/index.js";
import { Accumulator, type AccumulatorData } from "./aggregate.js";
import { type Policy, SimKernel } from "./kernel.js";
import { type ChunkTask, runChunk } from "./simulate.js";

const data = workerData as { network: Network; policy: Policy; starts: Float64Array | null; shipments: Float64Array | null };
const kernel = new SimKernel(data.network, { policy: data.policy, starts: data.starts, shipments: data.shipments });
const acc = new Accumulator(data.network);

export default function run(task: ChunkTask): AccumulatorData {
  return runChunk(kernel, acc, task);
}
