// sweep: sensitivity of the KPIs to the --vary parameters, one at a time (a tornado) or on the full
// grid, locally on worker threads or on Redis workers with --redis (same numbers either way).
import { availableParallelism } from "node:os";
import cliProgress from "cli-progress";
import type { Command } from "commander";
import { parseVary, SweepError, type SweepKpis, type SweepResult, sweep, type VarySpec } from "../../cluster/index.js";
import { bold, choiceOption, dim, pct, printJson, table, usd, UsageError, UserError, integerOption } from "../output.js";
import { DEFAULT_SCENARIO, loadNetwork } from "../scenario-file.js";
import { redisUrlOption, withCluster } from "./worker.js";

interface SweepFlags {
  vary: string[];
  grid?: boolean;
  trials: string;
  seed?: string;
  policy: string;
  threads?: string;
  redis?: string;
  shards?: string;
  json?: boolean;
}

export function registerSweepCommands(program: Command): void {
  program
    .command("sweep")
    .description("sensitivity of delivered value, target value (P50) and P(target) to each --vary parameter: a tornado, or the full grid")
    .argument("[scenario]", "scenario file or built-in name", DEFAULT_SCENARIO)
    .option(
      "--vary <spec>",
      "PARAM=LOW..HIGH[:STEPS], repeatable. PARAM is an uncertainty parameter id (pinned to each value) or capacity:RESOURCE (or capacity:LANE), a capacity multiplier",
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option("--grid", "run every combination of the parameters' values instead of one at a time")
    .option("--trials <n>", "trials per point", "2000")
    .option("--seed <s>", "random seed, the same at every point (default: the scenario's)")
    .option("--policy <p>", "execution policy: plan or greedy", "plan")
    .option("--threads <t>", "local worker threads (default: the number of cores)")
    .option("--redis <url>", "run the points on the workers attached to this Redis")
    .option("--shards <k>", "with --redis: shards per point")
    .option("--json", "print the result as JSON")
    .action(async (arg: string, flags: SweepFlags) => {
      const trials = integerOption(flags.trials, "--trials", 1, 2 ** 32);
      const seed = flags.seed === undefined ? undefined : integerOption(flags.seed, "--seed", 0, Number.MAX_SAFE_INTEGER);
      const threads = flags.threads === undefined ? availableParallelism() : integerOption(flags.threads, "--threads", 1, 1024);
      const shards = flags.shards === undefined ? undefined : integerOption(flags.shards, "--shards", 1, 100_000);
      const policy = choiceOption(flags.policy, "--policy", ["plan", "greedy"] as const);
      if (flags.vary.length === 0) throw new UsageError("give at least one --vary PARAM=LOW..HIGH (e.g. --vary capacity:RESOURCE=0.8..1.2)");
      if (flags.redis !== undefined) redisUrlOption(flags.redis);
      const { network, text } = loadNetwork(arg);
      let vary: VarySpec[];
      try {
        vary = flags.vary.map((v) => parseVary(v, network));
      } catch (err) {
        throw new UserError((err as Error).message);
      }

      const bar = process.stderr.isTTY ? new cliProgress.SingleBar({ stream: process.stderr, format: `sweep [{bar}] {value}/{total} ${flags.redis ? "shards" : "points"}`, hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic) : null;
      let started = false;
      const onProgress = (done: number, total: number) => {
        if (!started) bar?.start(total, 0);
        started = true;
        bar?.update(done);
      };
      const t0 = performance.now();
      let result: SweepResult;
      try {
        result = await withCluster((signal) =>
          sweep(network, text, {
            vary,
            grid: flags.grid,
            trials,
            seed,
            policy,
            threads,
            onProgress,
            cluster: flags.redis ? { redisUrl: flags.redis, shards, signal, onNotice: (m) => process.stderr.write(`waferline: ${m}\n`) } : undefined,
          }),
        );
      } catch (err) {
        if (err instanceof SweepError) throw new UserError(err.message);
        throw err;
      } finally {
        bar?.stop();
      }
      if (flags.json) return printJson(result);
      process.stdout.write(render(network.title, result, (performance.now() - t0) / 1000));
    });
}

function render(title: string, r: SweepResult, seconds: number): string {
  const out: string[] = [];
  out.push(`${bold(title)}\n${dim(`sweep (${r.mode}), ${r.trials.toLocaleString("en-US")} trials per point, seed ${r.seed} at every point, policy ${r.policy}, ${seconds.toFixed(1)} s`)}`);
  const k = (x: SweepKpis) => [usd(x.deliveredValueUsd), x.targetValueP50Usd === null ? "-" : usd(x.targetValueP50Usd), x.probabilityTargetMet === null ? "-" : pct(x.probabilityTargetMet)];
  out.push(`\n${bold("Base")}: delivered value (mean) ${usd(r.base.deliveredValueUsd)}, target value P50 ${k(r.base)[1]}, P(target) ${k(r.base)[2]}`);
  if (r.grid) {
    const names = Object.keys(r.grid[0]?.values ?? {});
    out.push(`\n${table([...names, "delivered (mean)", "target P50", "P(target)"], r.grid.map((p) => [...names.map((n) => String(p.values[n])), ...k(p.kpis)]))}`);
    return `${out.join("\n")}\n`;
  }
  out.push(`\n${bold("Tornado")} ${dim("(delivered value at LOW and HIGH, largest swing first)")}`);
  const widest = Math.max(1, ...r.tornado.map((t) => Math.abs(t.swing.deliveredValueUsd)));
  out.push(
    table(
      ["parameter", "low..high", "delivered @low", "@high", "swing", "", "target P50 @low", "@high", "P(target) @low", "@high"],
      r.tornado.map((t) => {
        const lo = k(t.atLow);
        const hi = k(t.atHigh);
        const bar = "#".repeat(Math.round((20 * Math.abs(t.swing.deliveredValueUsd)) / widest));
        return [t.param, `${t.low}..${t.high}`, lo[0], hi[0], usd(t.swing.deliveredValueUsd), bar.padEnd(20), lo[1], hi[1], lo[2], hi[2]];
      }),
    ),
  );
  return `${out.join("\n")}\n`;
}

