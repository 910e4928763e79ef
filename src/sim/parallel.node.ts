// Node adapter: the same chunks as `simulate`, spread over worker threads with piscina and merged in
// chunk order as they arrive (out-of-order chunks wait in a small map), so memory stays bounded and
// the result equals the single-thread one bit for bit.
import { availableParallelism, loadavg } from "node:os";
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

/**
 * Trial × period × operation updates that make a second thread worth its start. Starting the pool and
 * loading the network into each thread costs about 0.3 s; one thread does about 25 M updates a second
 * (bench/sim). The default scenario's 10,000 trials (20 M updates) ran at 1.04× on 2 threads on a quiet
 * machine and 0.61× when another process shared it; 100,000 trials (200 M) at 1.75×.
 */
export const MIN_UPDATES_PER_THREAD = 25_000_000;

/**
 * Worker threads for a run of this size: one per MIN_UPDATES_PER_THREAD of work, at most the cores
 * not busy with other processes (the 1-minute load average, rounded), at least one. Results do not
 * depend on it (chunks are merged in order).
 */
export function chooseThreads(updates: number, cores: number, load: number): number {
  const free = Math.max(1, Math.min(cores, Math.floor(cores - load + 0.5)));
  return Math.max(1, Math.min(free, Math.floor(updates / MIN_UPDATES_PER_THREAD)));
}

/** chooseThreads for this network and number of trials, on this machine now. */
export function autoThreads(net: Network, trials: number): number {
  return chooseThreads(trials * net.T * Math.max(1, net.operations.length), availableParallelism(), loadavg()[0]);
}

export async function simulateParallel(net: Network, opts: ParallelOptions): Promise<SimulationResult> {
  const { trials, seed, policy } = checkOptions(net, opts);
  const { signal } = opts;
  signal?.throwIfAborted();
  const chunks = chunkCount(trials);
  const threads = Math.max(1, Math.min(opts.threads, chunks));
  // A long run stays off the calling thread even on one worker: that thread must stay free to answer a
  // signal (Ctrl-C stops the CLI with its one line) or a request; only a short one runs inline.
  if (threads === 1 && trials * net.T * Math.max(1, net.operations.length) < MIN_UPDATES_PER_THREAD) {
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
