// worker: a long-running process that takes simulation shards from Redis (src/cluster). One log line
// per shard on stdout; SIGTERM or SIGINT finishes the shards in hand (within a bounded time), then exits 0.
import type { Command } from "commander";
import { checkRedisUrl, ClusterError, type DistributedOptions, simulateDistributed, startWorker, WAFERLINE_VERSION } from "../../cluster/index.js";
import type { Network } from "../../model/index.js";
import type { SimulationResult } from "../../sim/index.js";
import { UsageError, UserError, integerOption } from "../output.js";
import { handleSignals, onInterrupt } from "../signals.js";

interface WorkerFlags {
  redis: string;
  concurrency: string;
  lockMs: string;
  stalledMs: string;
}

export function registerWorkerCommands(program: Command): void {
  program
    .command("worker")
    .description("take simulation shards from Redis and run them (start one or more per machine; stop with SIGTERM)")
    .requiredOption("--redis <url>", "Redis URL, e.g. redis://127.0.0.1:6379")
    .option("--concurrency <n>", "shards run at once, one thread each", "1")
    .option("--lock-ms <ms>", "lock time of a shard; a dead worker's shard is retried after it", "30000")
    .option("--stalled-ms <ms>", "how often to look for shards of dead workers", "30000")
    .action(async (flags: WorkerFlags) => {
      redisUrlOption(flags.redis);
      const concurrency = integerOption(flags.concurrency, "--concurrency", 1, 256);
      const lockDurationMs = integerOption(flags.lockMs, "--lock-ms", 500, 3_600_000);
      const stalledIntervalMs = integerOption(flags.stalledMs, "--stalled-ms", 200, 3_600_000);
      const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
      const where = redact(flags.redis);
      const w = startWorker({ redisUrl: flags.redis, concurrency, lockDurationMs, stalledIntervalMs, log });
      // Signal handlers first: whoever reads "worker ready" may signal at once. A stop is bounded
      // (within 10 s, Redis or not): shards that do not finish in time are abandoned, and their locks
      // expire so that another worker retries them. A second signal exits at once.
      const stopped = new Promise<void>((resolve) => {
        handleSignals((signal) => {
          log(`${signal}: finishing the shards in hand (at most ${STOP_GRACE_MS / 1000} s), then exiting`);
          setTimeout(() => {
            log("could not stop in time: exiting now");
            process.exit(0);
          }, STOP_GRACE_MS + 2500).unref();
          w.close(STOP_GRACE_MS).then(({ abandoned }) => {
            if (abandoned > 0) log(`abandoned ${abandoned} shard${abandoned === 1 ? "" : "s"} in hand (unfinished, or Redis did not answer); another worker retries ${abandoned === 1 ? "it" : "them"} once the lock expires`);
            resolve();
          });
        });
      });
      const slow = setTimeout(() => log(`waiting for Redis at ${where} ...`), 5000);
      const ready = await Promise.race([w.ready.then(() => true), stopped.then(() => false)]);
      clearTimeout(slow);
      if (ready) log(`worker ready: Waferline ${WAFERLINE_VERSION}, Redis ${where}, concurrency ${concurrency}, pid ${process.pid}; takes the shards of Waferline ${WAFERLINE_VERSION} runs only (queue ${w.queue}), and leaves other versions' runs to their own workers`);
      await stopped;
      log("worker stopped");
    });
}

/** How long a stopping worker lets its shards in hand finish (the whole stop stays under 10 s). */
const STOP_GRACE_MS = 7000;

/** `--redis URL`, checked before any work: a malformed one is a usage error. */
export function redisUrlOption(url: string): string {
  try {
    checkRedisUrl(url);
  } catch (err) {
    if (err instanceof ClusterError) throw new UsageError(err.message);
    throw err;
  }
  return url;
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}


/** `simulate --redis`: the distributed run, its progress on the trials bar, notices on stderr, its failures as user errors. */
export async function runOnCluster(
  net: Network,
  text: string,
  opts: Omit<DistributedOptions, "onProgress" | "onNotice" | "signal"> & { bar: { update(n: number): void } | null },
): Promise<SimulationResult> {
  const { bar, ...rest } = opts;
  return withCluster((signal) =>
    simulateDistributed(net, text, {
      ...rest,
      signal,
      onProgress: (done, total) => bar?.update(Math.round((done / total) * opts.trials)),
      onNotice: (message) => process.stderr.write(`waferline: ${message}\n`),
    }),
  );
}

/**
 * SIGINT or SIGTERM cancels the run: its jobs are removed from Redis before the process exits (exit
 * 130 or 143, see signals.ts). Cluster failures become user errors (exit 1).
 */
export async function withCluster<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const abort = new AbortController();
  const work = run(abort.signal);
  const forget = onInterrupt(async () => {
    abort.abort();
    await work.catch(() => {}); // the run's own cleanup removes its jobs, then it rejects
  });
  try {
    return await work;
  } catch (err) {
    if (err instanceof ClusterError) throw new UserError(err.message);
    throw err;
  } finally {
    forget();
  }
}
