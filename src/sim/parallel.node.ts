// Node adapter: the same chunks as `simulate`, spread over worker threads with piscina and merged in
// chunk order as they arrive (out-of-order chunks wait in a small map), so memory stays bounded and
// the result equals the single-thread one bit for bit.
import { Piscina } from "piscina";
import type { Network } from "../model/index.js";
import { Accumulator, type AccumulatorData } from "./aggregate.js";
import { CHUNK_TRIALS, type ChunkTask, chunkCount, checkOptions, type SimulateOptions, type SimulationResult, simulate, summarize } from "./simulate.js";

export interface ParallelOptions extends SimulateOptions {
  threads: number;
  onProgress?: (done: number, total: number) => void;
  /** Aborting rejects with the signal's reason and stops the threads; checked between chunks. */
  signal?: AbortSignal;
}

export async function simulateParallel(net: Network, opts: ParallelOptions): Promise<SimulationResult> {
  const { trials, seed, policy } = checkOptions(net, opts);
  const { signal } = opts;
  signal?.throwIfAborted();
  const chunks = chunkCount(trials);
  const threads = Math.max(1, Math.min(opts.threads, chunks));
  if (threads === 1) {
    return simulate(net, opts, (done, total) => {
      signal?.throwIfAborted();
      opts.onProgress?.(done, total);
    });
  }

  const pool = new Piscina({
    filename: new URL("./simulate.worker.js", import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 1000,
    workerData: { network: net, policy, starts: opts.starts ?? null, shipments: opts.shipments ?? null },
  });
  const total = new Accumulator(net);
  const pending = new Map<number, AccumulatorData>();
  let next = 0;
  let done = 0;
  try {
    // Keep a bounded number of chunks in flight so out-of-order results cannot pile up.
    const inFlight = threads * 2;
    let issued = 0;
    await new Promise<void>((resolve, reject) => {
      // Whatever goes wrong below (an abort, a progress callback that throws) rejects this promise:
      // nothing may be thrown from inside piscina's callbacks, where no one would catch it.
      const onAbort = () => reject(signal?.reason);
      signal?.addEventListener("abort", onAbort, { once: true });
      const settle = (f: () => void) => {
        signal?.removeEventListener("abort", onAbort);
        f();
      };
      const issue = () => {
        while (issued < chunks && issued - next < inFlight) {
          const c = issued++;
          const task: ChunkTask = { seed, chunk: c, trials };
          pool.run(task).then(
            (data: AccumulatorData) => {
              try {
                if (signal?.aborted) return;
                pending.set(c, data);
                while (pending.has(next)) {
                  total.merge(pending.get(next) as AccumulatorData);
                  pending.delete(next);
                  next++;
                }
                done += Math.min(CHUNK_TRIALS, trials - c * CHUNK_TRIALS);
                opts.onProgress?.(done, trials);
                if (next === chunks) settle(resolve);
                else issue();
              } catch (err) {
                settle(() => reject(err));
              }
            },
            (err) => settle(() => reject(err)),
          );
        }
      };
      issue();
    });
  } finally {
    await pool.destroy();
  }
  return summarize(net, total, { trials, seed, policy });
}
