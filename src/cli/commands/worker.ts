// worker: a long-running process that takes simulation shards from Redis (src/cluster). One log line
// per shard on stdout; SIGTERM or SIGINT finishes the shards in hand, then exits 0.
import type { Command } from "commander";
import { checkRedisUrl, ClusterError, type DistributedOptions, simulateDistributed, startWorker, WAFERLINE_VERSION } from "../../cluster/index.js";
import type { Network } from "../../model/index.js";
import type { SimulationResult } from "../../sim/index.js";
import { UserError, integerOption } from "../output.js";

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
      try {
        checkRedisUrl(flags.redis);
      } catch (err) {
        if (err instanceof ClusterError) throw new UserError(err.message);
        throw err;
      }
      const concurrency = integerOption(flags.concurrency, "--concurrency", 1, 256);
      const lockDurationMs = integerOption(flags.lockMs, "--lock-ms", 500, 3_600_000);
      const stalledIntervalMs = integerOption(flags.stalledMs, "--stalled-ms", 200, 3_600_000);
      const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
      const where = redact(flags.redis);
      const w = startWorker({ redisUrl: flags.redis, concurrency, lockDurationMs, stalledIntervalMs, log });
      // Signal handlers first: whoever reads "worker ready" may signal at once.
      const stopped = new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          log(`${signal}: finishing the shards in hand, then exiting`);
          w.close().then(resolve, (err: Error) => {
            log(`closing: ${err.message}`);
            resolve();
          });
        };
        process.once("SIGTERM", () => stop("SIGTERM"));
        process.once("SIGINT", () => stop("SIGINT"));
      });
      const slow = setTimeout(() => log(`waiting for Redis at ${where} ...`), 5000);
      const ready = await Promise.race([w.ready.then(() => true), stopped.then(() => false)]);
      clearTimeout(slow);
      if (ready) log(`worker ready: Waferline ${WAFERLINE_VERSION}, Redis ${where}, concurrency ${concurrency}, pid ${process.pid}`);
      await stopped;
      log("worker stopped");
    });
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

/** Ctrl-C cancels the run (its jobs are removed from Redis); cluster failures become user errors (exit 1). */
export async function withCluster<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once("SIGINT", onSigint);
  try {
    return await run(abort.signal);
  } catch (err) {
    if (err instanceof ClusterError) throw new UserError(err.message);
    throw err;
  } finally {
    process.off("SIGINT", onSigint);
  }
}
