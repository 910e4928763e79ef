// Node adapter: the same chunks as `simulate`, spread over worker threads with piscina and merged in
// chunk order as they arrive (out-of-order chunks wait in a small map), so memory stays bounded and
// the result equals the single-thread one bit for bit.
import { availableParallelism, cpus } from "node:os";
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
 * loading the network into each thread costs about 0.3 s; one thread does about 30 M updates a second
 * (bench/sim). On a quiet 2-core machine the default scenario's 10,000 trials (20 M updates) ran at
 * 0.61× on 2 threads, 100,000 trials (200 M) at 1.38× (bench/README.md).
 */
export const MIN_UPDATES_PER_THREAD = 25_000_000;

/**
 * Worker threads for a run of this size: one per MIN_UPDATES_PER_THREAD of work, at most the cores
 * not busy (`load`: busy cores, rounded), at least one. Results do not depend on it (chunks are merged
 * in order).
 */
export function chooseThreads(updates: number, cores: number, load: number): number {
  const free = Math.max(1, Math.min(cores, Math.floor(cores - load + 0.5)));
  return Math.max(1, Math.min(free, Math.floor(updates / MIN_UPDATES_PER_THREAD)));
}

/** chooseThreads for this network and number of trials, on this machine now. */
export function autoThreads(net: Network, trials: number): number {
  const updates = trials * net.T * Math.max(1, net.operations.length);
  if (updates < 2 * MIN_UPDATES_PER_THREAD) return 1; // one thread whatever the cores: no need to look
  const cores = availableParallelism();
  return chooseThreads(updates, cores, cores - idleCores());
}

/**
 * Cores idle now, from the CPUs' idle time over 50 ms (this thread sleeps meanwhile). Not the load
 * average: it lags by a minute and counts this process's own last minute, so that a second run of
 * 100,000 trials right after a first took one thread on an idle machine (bench/speed).
 */
export function idleCores(sampleMs = 50): number {
  const before = cpus();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, sampleMs);
  const after = cpus();
  let idle = 0;
  let total = 0;
  after.forEach((c, i) => {
    const b = before[i]?.times;
    if (!b) return;
    idle += c.times.idle - b.idle;
    total += c.times.user - b.user + c.times.nice - b.nice + c.times.sys - b.sys + c.times.irq - b.irq + c.times.idle - b.idle;
  });
  return total > 0 ? (idle / total) * after.length : after.length;
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
