// The submitting side of a distributed run: split the trials into shards (contiguous chunk ranges),
// add one BullMQ flow per run (a parent job holding the inputs, a child job per shard), wait for the
// workers, then merge every chunk of every shard in chunk order, once. The chunking and the merge
// order are the local runner's, so the result is identical to `simulate` without --redis.
import { randomBytes } from "node:crypto";
import { FlowProducer, type Job, Queue } from "bullmq";
import type { Network } from "../model/index.js";
import { Accumulator } from "../sim/aggregate.js";
import type { SimulateOptions, SimulationResult } from "../sim/index.js";
import { checkOptions, chunkCount, summarize } from "../sim/simulate.js";
import { decodeChunks, f64ToBase64 } from "./codec.js";
import {
  connect,
  PREFIX,
  RUN_QUEUE,
  type RunJobData,
  shardQueue as shardQueueName,
  type ShardJobData,
  type ShardResult,
  scenarioHash,
  shardJobId,
  shardRanges,
  WAFERLINE_VERSION,
} from "./jobs.js";
import { applyVariations, type Variation } from "./variation.js";

/** A distributed run could not finish (Redis lost, a shard refused or failed). The message says why. */
export class ClusterError extends Error {}

export interface ClusterOptions {
  redisUrl: string;
  /** Shards per run; default: one per four chunks (1,000 trials), at most 256. */
  shards?: number;
  /** Shards done over all runs. */
  onProgress?: (done: number, total: number) => void;
  /** Things worth telling a person while waiting (no worker connected, Redis unreachable). */
  onNotice?: (message: string) => void;
  /** Give up when Redis cannot be reached for this long. Default 30 s. */
  redisTimeoutMs?: number;
  /** Default 200 ms. */
  pollMs?: number;
  /** The version stamped on the jobs; defaults to this build's (tests set another to see workers refuse). */
  version?: string;
  /** Aborting removes the run's jobs and rejects. */
  signal?: AbortSignal;
}

export interface DistributedOptions extends SimulateOptions, ClusterOptions {
  variations?: Variation[];
}

/** One run of a batch: its variations (sweep point) and, for the plan policy, its plan. */
export interface RunSpec {
  variations: Variation[];
  starts?: Float64Array | null;
  shipments?: Float64Array | null;
}

/**
 * Simulate `net` on the workers attached to Redis. `scenarioText` is the text `net` was normalized
 * from (workers rebuild the network from it); for the plan policy pass the plan's starts/shipments.
 */
export async function simulateDistributed(net: Network, scenarioText: string, opts: DistributedOptions): Promise<SimulationResult> {
  const [result] = await simulateBatch(net, scenarioText, [{ variations: opts.variations ?? [], starts: opts.starts, shipments: opts.shipments }], opts);
  return result;
}

export function defaultShards(trials: number): number {
  return Math.min(256, Math.ceil(chunkCount(trials) / 4));
}

export function checkRedisUrl(url: string): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ClusterError(`--redis '${url}' is not a URL; write e.g. redis://127.0.0.1:6379`);
  }
  if (u.protocol !== "redis:" && u.protocol !== "rediss:") throw new ClusterError(`--redis '${url}' must start with redis:// or rediss://`);
}

/** Several runs with the same trials, seed and policy (a sweep's points), all queued at once. */
export async function simulateBatch(net: Network, scenarioText: string, specs: readonly RunSpec[], opts: SimulateOptions & ClusterOptions): Promise<SimulationResult[]> {
  const { trials, seed, policy } = checkOptions(net, opts);
  checkRedisUrl(opts.redisUrl);
  const O = net.operations.length;
  for (const s of specs) {
    if (policy !== "greedy" && (!s.starts || s.starts.length !== O * net.T)) throw new RangeError(`the plan policy needs planned starts of length O*T = ${O * net.T}`);
  }
  const ranges = shardRanges(chunkCount(trials), opts.shards ?? defaultShards(trials));
  const K = ranges.length;
  const hash = scenarioHash(scenarioText);
  const version = opts.version ?? WAFERLINE_VERSION;
  const timeoutMs = opts.redisTimeoutMs ?? 30_000;
  const pollMs = opts.pollMs ?? 200;
  const notice = opts.onNotice ?? (() => {});

  let lastError = "";
  const client = connect(opts.redisUrl, (err) => {
    lastError = err.message;
  });
  const flows = new FlowProducer({ connection: client, prefix: PREFIX });
  const runs = new Queue<RunJobData>(RUN_QUEUE, { connection: client, prefix: PREFIX });
  const shardQueue = new Queue<ShardJobData, ShardResult>(shardQueueName(version), { connection: client, prefix: PREFIX });
  const keepError = (err: Error) => {
    lastError = err.message;
  };
  flows.on("error", keepError);
  runs.on("error", keepError);
  shardQueue.on("error", keepError);
  const batch = `${Date.now().toString(36)}${randomBytes(4).toString("hex")}`;
  const runIds = specs.map((_, i) => `r${batch}-${i}`);
  let finished = false;
  let connected = false;
  try {
    await bounded(client.ping(), Math.min(timeoutMs, 5000), () => `cannot reach Redis at ${opts.redisUrl}${lastError ? `: ${lastError}` : ""}`);
    connected = true;
    await bounded(
      flows.addBulk(
        specs.map((s, i) => {
          const runId = runIds[i];
          const data: RunJobData = {
            runId,
            version,
            scenarioHash: hash,
            scenarioText,
            variations: s.variations,
            policy,
            seed,
            trials,
            shards: K,
            starts: policy !== "greedy" ? f64ToBase64(s.starts) : null,
            shipments: policy !== "greedy" ? f64ToBase64(s.shipments) : null,
          };
          return {
            name: "run",
            queueName: RUN_QUEUE,
            data,
            opts: { jobId: runId },
            children: ranges.map(([firstChunk, endChunk], shard) => ({
              name: "shard",
              queueName: shardQueueName(version),
              data: { runId, shard, shards: K, firstChunk, endChunk, seed, trials, scenarioHash: hash, version } satisfies ShardJobData,
              opts: { jobId: shardJobId(runId, shard), attempts: 3, backoff: { type: "fixed", delay: 1000 }, failParentOnFailure: true },
            })),
          };
        }),
      ),
      timeoutMs,
      () => `could not queue the run on Redis at ${opts.redisUrl}${lastError ? `: ${lastError}` : ""}`,
    );

    // Shards are merged in shard order while the run goes on (each exactly once: `merged[i]` only moves forward).
    const nets = specs.map((s) => applyVariations(net, s.variations));
    const totals = nets.map((n) => new Accumulator(n));
    const merged = specs.map(() => 0);
    await waitForShards(mergeReady);
    for (let i = 0; i < specs.length; i++) await mergeReady(i, true);

    const results: SimulationResult[] = [];
    for (let i = 0; i < specs.length; i++) {
      if (totals[i].trials !== trials) throw new ClusterError(`run ${runIds[i]} merged ${totals[i].trials} trials, expected ${trials}`);
      results.push(summarize(nets[i], totals[i], { trials, seed, policy }));
    }

    /** Merge run i's completed shards that come next in order; `all` insists on every one. */
    async function mergeReady(i: number, all = false): Promise<void> {
      while (merged[i] < K) {
        const s = merged[i];
        const id = shardJobId(runIds[i], s);
        if (!all && (await bounded(shardQueue.getJobState(id), 5000, lostMessage)) !== "completed") return;
        const job = (await bounded(shardQueue.getJob(id), 5000, lostMessage)) as Job<ShardJobData, ShardResult> | undefined;
        const value = job?.returnvalue;
        if (!value || typeof value.data !== "string") throw new ClusterError(`Redis no longer holds the result of shard ${s + 1}/${K} of run ${runIds[i]}; rerun the command`);
        const chunks = decodeChunks(Buffer.from(value.data, "base64"));
        const [first, end] = ranges[s];
        if (chunks.length !== end - first) throw new ClusterError(`shard ${s + 1}/${K} of run ${runIds[i]} returned ${chunks.length} chunks, expected ${end - first}`);
        for (const c of chunks) totals[i].merge(c);
        merged[i] = s + 1;
      }
    }
    finished = true;
    return results;
  } finally {
    if (connected) {
      await cleanUp(finished).catch(() => {});
      await bounded(Promise.allSettled([flows.close(), runs.close(), shardQueue.close()]), 2000, () => "").catch(() => {});
    }
    client.disconnect();
  }

  function lostMessage(): string {
    return `lost the connection to Redis at ${opts.redisUrl} for ${(timeoutMs / 1000).toFixed(0)} s${lastError ? ` (${lastError})` : ""}; the run did not finish. Start Redis and rerun the command`;
  }

  async function waitForShards(onPoll: (run: number) => Promise<void>): Promise<void> {
    const total = specs.length * K;
    let lastOk = Date.now();
    let lastDone = -1;
    let lastProgressAt = Date.now();
    let warnedNoWorker = false;
    let warnedOffline = false;
    const parents: (Job<RunJobData> | undefined)[] = [];
    for (;;) {
      if (opts.signal?.aborted) throw new ClusterError("cancelled");
      try {
        let done = 0;
        for (let i = 0; i < specs.length; i++) {
          const state = await bounded(runs.getJobState(runIds[i]), 5000, lostMessage);
          if (state === "unknown") {
            throw new ClusterError(
              `Redis at ${opts.redisUrl} no longer holds run ${runIds[i]} (restarted without persistence, flushed, or the jobs were removed); nothing was merged. Rerun the command`,
            );
          }
          parents[i] ??= await bounded(runs.getJob(runIds[i]), 5000, lostMessage);
          const parent = parents[i];
          if (!parent) continue;
          const count = await bounded(parent.getDependenciesCount(), 5000, lostMessage);
          if ((count.failed ?? 0) > 0) throw new ClusterError(await failureOf(i));
          done += count.processed ?? 0;
          await onPoll(i);
        }
        lastOk = Date.now();
        if (warnedOffline) notice(`Redis at ${opts.redisUrl} is back; the run continues`);
        warnedOffline = false;
        if (done !== lastDone) {
          lastDone = done;
          lastProgressAt = Date.now();
          opts.onProgress?.(done, total);
        }
        if (done >= total) return;
        if (!warnedNoWorker && Date.now() - lastProgressAt > 10_000) {
          const workers = await bounded(shardQueue.getWorkersCount(), 5000, lostMessage);
          if (workers === 0) {
            notice(`no worker of Waferline ${version} is connected to Redis at ${opts.redisUrl} (workers of other versions leave this run's shards alone); start one with: waferline worker --redis ${opts.redisUrl}`);
            warnedNoWorker = true;
          }
        }
      } catch (err) {
        if (err instanceof ClusterError && !(err instanceof TimeoutError)) throw err;
        if (!warnedOffline) notice(`Redis at ${opts.redisUrl} is not answering (${lastError || (err as Error).message}); waiting up to ${(timeoutMs / 1000).toFixed(0)} s`);
        warnedOffline = true;
        if (Date.now() - lastOk > timeoutMs) throw new ClusterError(lostMessage());
      }
      await sleep(pollMs);
    }
  }

  async function failureOf(i: number): Promise<string> {
    for (let s = 0; s < K; s++) {
      const job = await bounded(shardQueue.getJob(shardJobId(runIds[i], s)), 5000, lostMessage);
      if (job && (await job.getState()) === "failed") return `shard ${s + 1}/${K} of run ${runIds[i]} failed: ${job.failedReason}`;
    }
    return `a shard of run ${runIds[i]} failed`;
  }

  /** Finished runs: drop their jobs (the parent takes its children). Otherwise also drop children still waiting. */
  async function cleanUp(ok: boolean): Promise<void> {
    await bounded(client.ping(), 2000, () => "Redis is not answering");
    for (const runId of runIds) {
      if (!ok) {
        for (let s = 0; s < K; s++) await bounded(shardQueue.remove(shardJobId(runId, s)), 2000, () => "").catch(() => {});
      }
      const parent = await bounded(runs.getJob(runId), 2000, () => "");
      await parent?.remove().catch(() => {});
    }
  }
}

/** Resolve with `p`, or reject with a ClusterError after `ms` (ioredis waits forever while reconnecting). */
function bounded<T>(p: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(message())), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** A single Redis call that did not answer in time: fatal outside the polling loop, retried inside it. */
class TimeoutError extends ClusterError {}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
