// sweep: sensitivity of the KPIs to the --vary parameters, one at a time (a tornado) or on the full
// grid, locally on worker threads or on Redis workers with --redis (same numbers either way).
import { availableParallelism } from "node:os";
import cliProgress from "cli-progress";
import type { Command } from "commander";
import { applyVariations, parseVary, SweepError, type SweepKpis, type SweepResult, sweep, type VarySpec } from "../../cluster/index.js";
import { count, money, percent, plain, seconds as duration } from "../../format/index.js";
import type { Network } from "../../model/index.js";
import { plan } from "../../plan/index.js";
import { POLICIES } from "../../sim/index.js";
import { bold, choiceOption, dim, printJson, table, UsageError, UserError, integerOption } from "../output.js";
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
    .option("--policy <p>", "execution policy: adaptive, plan or greedy", "adaptive")
    .option("--threads <t>", "local worker threads (default: the number of cores)")
    .option("--redis <url>", "run the points on the workers attached to this Redis")
    .option("--shards <k>", "with --redis: shards per point")
    .option("--json", "print the result as JSON")
    .action(async (arg: string, flags: SweepFlags) => {
      const trials = integerOption(flags.trials, "--trials", 1, 2 ** 32);
      const seed = flags.seed === undefined ? undefined : integerOption(flags.seed, "--seed", 0, Number.MAX_SAFE_INTEGER);
      const threads = flags.threads === undefined ? availableParallelism() : integerOption(flags.threads, "--threads", 1, 1024);
      const shards = flags.shards === undefined ? undefined : integerOption(flags.shards, "--shards", 1, 100_000);
      const policy = choiceOption(flags.policy, "--policy", POLICIES);
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
      const seconds = (performance.now() - t0) / 1000;
      const why = result.policy === "plan" ? await whyLess(network, vary, result) : [];
      process.stdout.write(render(network.title, result, seconds, why));
    });
}

type Row = SweepResult["tornado"][number];

function render(title: string, r: SweepResult, seconds: number, why: string[]): string {
  const out: string[] = [];
  out.push(`${bold(title)}\n${dim(`sweep (${r.mode}), ${count(r.trials)} trials per point, seed ${r.seed} at every point, policy ${r.policy}, ${duration(seconds)}`)}`);
  const usd = (v: number | null) => (v === null ? "-" : money(v));
  const share = (v: number | null) => (v === null ? "-" : percent(v));
  out.push(`\n${bold("Base")}: delivered value (mean) ${usd(r.base.deliveredValueUsd)}, target value P50 ${usd(r.base.targetValueP50Usd)}, P(target) ${share(r.base.probabilityTargetMet)}`);
  if (r.grid) {
    const names = Object.keys(r.grid[0]?.values ?? {});
    out.push(`\n${table([...names, "target P50", "P(target)", "delivered (mean)"], r.grid.map((p) => [...names.map((n) => plain(p.values[n])), usd(p.kpis.targetValueP50Usd), share(p.kpis.probabilityTargetMet), usd(p.kpis.deliveredValueUsd)]))}`);
    return `${out.join("\n")}\n`;
  }
  // The question is the target: rank by its swing when the scenario has one, else by delivered value.
  const byTarget = r.base.targetValueP50Usd !== null;
  const measure = (k: SweepKpis) => (byTarget ? (k.targetValueP50Usd ?? 0) : k.deliveredValueUsd);
  const rows = [...r.tornado].sort((a, b) => Math.abs(measure(b.swing)) - Math.abs(measure(a.swing)) || Math.abs(b.swing.deliveredValueUsd) - Math.abs(a.swing.deliveredValueUsd) || (a.param < b.param ? -1 : 1));
  const widest = Math.max(1, ...rows.map((t) => Math.abs(measure(t.swing))));
  const bar = (t: Row) => "#".repeat(Math.round((20 * Math.abs(measure(t.swing))) / widest)).padEnd(20);
  const range = (t: Row) => `${plain(t.low)}..${plain(t.high)}`;
  const signed = (v: number | null) => (v === null ? "-" : money(v, { sign: true }));
  if (byTarget) {
    out.push(`\n${bold("Tornado")} ${dim("(target value P50 at LOW and HIGH, largest swing first; delivered value alongside)")}`);
    out.push(
      table(
        ["parameter", "low..high", "target P50 @low", "@high", "swing", "", "P(target) @low", "@high", "delivered @low", "@high", "swing"],
        rows.map((t) => [t.param, range(t), usd(t.atLow.targetValueP50Usd), usd(t.atHigh.targetValueP50Usd), signed(t.swing.targetValueP50Usd), bar(t), share(t.atLow.probabilityTargetMet), share(t.atHigh.probabilityTargetMet), usd(t.atLow.deliveredValueUsd), usd(t.atHigh.deliveredValueUsd), signed(t.swing.deliveredValueUsd)]),
      ),
    );
  } else {
    out.push(`\n${bold("Tornado")} ${dim("(delivered value at LOW and HIGH, largest swing first)")}`);
    out.push(table(["parameter", "low..high", "delivered @low", "@high", "swing", ""], rows.map((t) => [t.param, range(t), usd(t.atLow.deliveredValueUsd), usd(t.atHigh.deliveredValueUsd), signed(t.swing.deliveredValueUsd), bar(t)])));
  }
  if (why.length) out.push("", ...why.map((w) => dim(w)));
  return `${out.join("\n")}\n`;
}

/**
 * One line for each capacity that lowers a simulated measure when it grows, saying why. The plan at
 * LOW and at HIGH is solved again to tell the two causes apart: the plan itself trading delivered
 * value for cost (its objective is value minus cost), or the plan policy following a plan that moves
 * work onto a site whose capacity is uncertain, where a short trial loses what it cannot make.
 */
async function whyLess(net: Network, vary: VarySpec[], r: SweepResult): Promise<string[]> {
  const lines: string[] = [];
  for (const t of r.tornado) {
    const spec = vary.find((v) => v.param === t.param);
    if (spec?.target.kind !== "capacity" || !(t.high > t.low)) continue;
    const fell = [t.swing.deliveredValueUsd < 0 ? `delivered value ${money(t.swing.deliveredValueUsd)}` : "", (t.swing.targetValueP50Usd ?? 0) < 0 ? `target value ${money(t.swing.targetValueP50Usd)}` : ""].filter(Boolean);
    if (fell.length === 0) continue;
    const target = spec.target;
    const planned = await Promise.all([t.low, t.high].map((value) => plan(applyVariations(net, [{ param: spec.param, target, value }]), { limitCandidates: 0 })));
    if (planned.some((p) => p.status !== "optimal")) continue;
    const [lo, hi] = planned;
    const planDelta = hi.kpis.deliveredValueUsd - lo.kpis.deliveredValueUsd;
    const head = `why ${t.param} at ${plain(t.high)} instead of ${plain(t.low)} gives ${fell.join(" and ")}:`;
    if (planDelta < 0) {
      lines.push(`${head} the plan maximises value minus cost, and at ${plain(t.high)} it gives up ${money(-planDelta)} of delivered value for ${money((hi.objectiveValue ?? 0) - (lo.objectiveValue ?? 0), { sign: true })} of objective.`);
      continue;
    }
    const uncertain = net.uncertain.filter((u) => u.on === target.on && u.index === target.index).map((u) => u.id);
    lines.push(
      `${head} the plan at ${plain(t.high)} delivers ${Math.abs(planDelta) < 0.5 ? "as much" : money(planDelta, { sign: true })} and moves work to ${target.id}, but --policy plan has every trial follow that plan, ` +
        `${uncertain.length ? `and ${target.id} is uncertain (${uncertain.join(", ")}): what it cannot make in a short trial is lost, not rerouted` : "so a trial cannot reroute what falls short there"}.`,
    );
  }
  return lines;
}
