// The shard worker behind `waferline worker`: takes shard jobs of its own version's queue from Redis,
// runs them on worker threads (one per unit of concurrency) and returns each shard's chunks. Runs of
// other versions are on other queues, left to their own workers. Refuses a job whose scenario does not
// match its hash. Stops within a bounded time, even when Redis is gone.
import { type Job, Queue, UnrecoverableError, Worker } from "bullmq";
import { Piscina } from "piscina";
import {
  connect,
  PREFIX,
  RUN_QUEUE,
  type RunJobData,
  shardQueue,
  type ShardJobData,
  type ShardResult,
  scenarioHash,
  WAFERLINE_VERSION,
} from "./jobs.js";
import { CHUNK_TRIALS } from "../sim/index.js";
import type { ShardTask } from "./shard.worker.js";

export interface WorkerOptions {
  redisUrl: string;
  /** Shards run at once, each on its own thread. Default 1. */
  concurrency?: number;
  /** How long a shard's lock lives without renewal; a killed worker's shard is retried after it. Default 30 s. */
  lockDurationMs?: number;
  /** How often this worker looks for shards whose lock expired (stalled). Default 30 s. */
  stalledIntervalMs?: number;
  /** The version this worker claims; defaults to this build's. */
  version?: string;
  /** One line per shard done or failed, and connection problems. */
  log?: (line: string) => void;
}

export interface ShardWorker {
  /** Resolves once connected to Redis (it keeps retrying until then). */
  ready: Promise<void>;
  /** The queue this worker takes shards from (its version's). */
  queue: string;
  /**
   * Finish the shards in hand within `graceMs` (default 7 s), then disconnect. Shards still in hand
   * then (or when Redis does not answer) are abandoned: their locks expire and another worker retries
   * them. Resolves with their number, within graceMs + 2 s whatever the state of Redis.
   */
  close(graceMs?: number): Promise<{ abandoned: number }>;
}

export function startWorker(opts: WorkerOptions): ShardWorker {
  const version = opts.version ?? WAFERLINE_VERSION;
  const concurrency = Math.max(1, opts.concurrency ?? 1);
  const log = opts.log ?? (() => {});
  let lastError = "";
  const onError = (err: Error) => {
    if (err.message !== lastError) log(`redis: ${err.message}`);
    lastError = err.message;
  };
  const pool = new Piscina({
    filename: new URL("./shard.worker.js", import.meta.url).href,
    minThreads: concurrency,
    maxThreads: concurrency,
    idleTimeout: 60_000,
  });
  // BullMQ leaves clients it was given open: they are closed here, after the worker.
  const clients = [connect(opts.redisUrl, onError), connect(opts.redisUrl, onError)];
  const runs = new Queue<RunJobData>(RUN_QUEUE, { connection: clients[0], prefix: PREFIX });
  runs.on("error", onError);
  // Run inputs, cached per run: every shard of a run needs the same scenario and plan.
  const inputs = new Map<string, RunJobData>();

  let inHand = 0;
  const processShard = async (job: Job<ShardJobData>): Promise<ShardResult> => {
    inHand++;
    try {
      return await runShard(job);
    } finally {
      inHand--;
    }
  };
  const runShard = async (job: Job<ShardJobData>): Promise<ShardResult> => {
    const d = job.data;
    if (d.version !== version) {
      throw new UnrecoverableError(
        `refused: the job was made by Waferline ${d.version} and this worker is Waferline ${version}; run workers of the same version as the command that submits the run`,
      );
    }
    let run = inputs.get(d.runId);
    if (!run) {
      const parent = await runs.getJob(d.runId);
      if (!parent) throw new UnrecoverableError(`run ${d.runId} is no longer in Redis (cancelled, or Redis lost its data)`);
      run = parent.data;
      if (scenarioHash(run.scenarioText) !== d.scenarioHash || run.scenarioHash !== d.scenarioHash) {
        throw new UnrecoverableError(`refused: run ${d.runId}'s scenario does not match the shard's scenario hash ${d.scenarioHash.slice(0, 12)}`);
      }
      if (inputs.size >= 8) inputs.delete(inputs.keys().next().value as string);
      inputs.set(d.runId, run);
    }
    const task: ShardTask = {
      runId: d.runId,
      scenarioText: run.scenarioText,
      variations: run.variations,
      policy: run.policy,
      starts: run.starts,
      shipments: run.shipments,
      seed: d.seed,
      trials: d.trials,
      firstChunk: d.firstChunk,
      endChunk: d.endChunk,
    };
    const bytes = (await pool.run(task)) as Uint8Array;
    return { shard: d.shard, chunks: d.endChunk - d.firstChunk, trials: shardTrials(d), data: Buffer.from(bytes).toString("base64") };
  };

  const queue = shardQueue(version);
  const worker = new Worker<ShardJobData, ShardResult>(queue, processShard, {
    connection: clients[1],
    prefix: PREFIX,
    concurrency,
    lockDuration: opts.lockDurationMs ?? 30_000,
    stalledInterval: opts.stalledIntervalMs ?? 30_000,
    // A shard whose worker dies is put back this many times before it fails.
    maxStalledCount: 3,
    // An idle worker re-checks the queue every second: with the default 5 s, a worker that was idle when
    // a run's shards arrived can miss a whole short run while another worker takes shard after shard.
    drainDelay: 1,
  });
  const started = new Map<string, number>();
  worker.on("active", (job) => started.set(job.id ?? "", performance.now()));
  worker.on("completed", (job) => {
    const d = job.data;
    const s = ((performance.now() - (started.get(job.id ?? "") ?? performance.now())) / 1000).toFixed(2);
    started.delete(job.id ?? "");
    log(`run ${d.runId} shard ${d.shard + 1}/${d.shards}: chunks ${d.firstChunk}-${d.endChunk - 1} (${shardTrials(d)} trials) done in ${s} s`);
  });
  worker.on("failed", (job, err) => {
    if (!job) return log(`failed: ${err.message}`);
    started.delete(job.id ?? "");
    log(`run ${job.data.runId} shard ${job.data.shard + 1}/${job.data.shards}: failed (attempt ${job.attemptsMade}): ${err.message}`);
  });
  worker.on("stalled", (jobId) => log(`job ${jobId}: its worker stopped answering; put back in the queue to be retried`));
  worker.on("error", onError);
  return {
    ready: worker.waitUntilReady().then(() => {}),
    queue,
    async close(graceMs = 7000) {
      // BullMQ's close waits for the shards in hand, then for Redis: bounded, since Redis may be gone.
      const finished = await within(worker.close(), graceMs);
      const abandoned = finished ? 0 : inHand;
      if (!finished) void worker.close(true).catch(() => {});
      await within(runs.close(), 500);
      for (const c of clients) c.disconnect();
      await within(pool.destroy(), 1500);
      return { abandoned };
    },
  };
}

/** Whether `p` settled within `ms` (its outcome is ignored: closing is best effort). */
function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    p.then(
      () => {
        clearTimeout(timer);
        resolve(true);
      },
      () => {
        clearTimeout(timer);
        resolve(true);
      },
    );
  });
}

function shardTrials(d: ShardJobData): number {
  return Math.min(d.trials, d.endChunk * CHUNK_TRIALS) - d.firstChunk * CHUNK_TRIALS;
}
