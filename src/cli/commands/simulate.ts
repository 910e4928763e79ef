// simulate: Monte Carlo over the scenario's uncertainty. Parses arguments, gets the plan when the
// `plan` policy is asked for, runs the simulator (src/sim) on worker threads and prints the answer.
import cliProgress from "cli-progress";
import type { Command } from "commander";
import type { Network } from "../../model/index.js";
import { POLICIES, type Policy, type SimulationResult } from "../../sim/index.js";
import { autoThreads, simulateParallel } from "../../sim/parallel.node.js";
import { redisUrlOption, runOnCluster } from "./worker.js";
import { count, money, percent } from "../../format/index.js";
import { bold, choiceOption, dim, printJson, table, UserError, integerOption } from "../output.js";
import { applyEvents, foresightOf, type ScenarioEvent } from "../../model/index.js";
import { eventOptions, resolveEvents } from "../events.js";
import { DEFAULT_SCENARIO, loadNetwork } from "../scenario-file.js";

interface SimulateFlags {
  trials: string;
  seed?: string;
  threads?: string;
  policy: string;
  json?: boolean;
  redis?: string;
  shards?: string;
  event: string[];
  foresight?: boolean;
}

export function registerSimulateCommands(program: Command): void {
  const command = program
    .command("simulate")
    .description("Monte Carlo: P10/P50/P90 outcomes and the probability of meeting the target; same seed, same numbers, whatever --threads")
    .argument("[scenario]", "scenario file or built-in name", DEFAULT_SCENARIO)
    .option("--trials <n>", "number of trials", "10000")
    .option("--seed <s>", "random seed (default: the scenario's)")
    .option("--threads <t>", "worker threads (default: by the work's size and the cores free)")
    .option("--policy <p>", "execution policy: adaptive (follow the optimal plan's routing, use capacity above plan, target first), plan (follow the plan, capped by what is realised) or greedy", "adaptive")
    .option("--json", "print the result as JSON")
    .option("--redis <url>", "run on the workers attached to this Redis (waferline worker); same numbers as a local run")
    .option("--shards <k>", "with --redis: shards to split the trials into (default: one per 1,000 trials)");
  eventOptions(command).action(async (arg: string, flags: SimulateFlags) => {
      const trials = integerOption(flags.trials, "--trials", 1, 2 ** 32);
      const seed = flags.seed === undefined ? undefined : integerOption(flags.seed, "--seed", 0, Number.MAX_SAFE_INTEGER);
      const asked = flags.threads === undefined ? undefined : integerOption(flags.threads, "--threads", 1, 1024);
      const policy: Policy = choiceOption(flags.policy, "--policy", POLICIES);
      const shards = flags.shards === undefined ? undefined : integerOption(flags.shards, "--shards", 1, 100_000);
      if (flags.redis !== undefined) redisUrlOption(flags.redis);
      const { network: base, text, scenario } = loadNetwork(arg);
      const events = resolveEvents(scenario, flags.event);
      if (events.length > 0 && flags.redis !== undefined) throw new UserError("--event with --redis is not supported yet: the workers rebuild the network from the scenario text");
      // The simulation draws the length of events that give a duration distribution.
      const network = applyEvents(base, events, { drawDurations: true });
      const threads = asked ?? autoThreads(network, trials);

      let planned: { starts: Float64Array; shipments: Float64Array } | null = null;
      if (policy !== "greedy") {
        planned = await optimalPlan(base, events, foresightOf(scenario, flags.foresight));
        if (planned === null) throw new UserError(`the ${policy} policy needs an optimal plan and the planner found none for this scenario; try --policy greedy`);
      }

      const bar = process.stderr.isTTY ? new cliProgress.SingleBar({ stream: process.stderr, format: "simulate [{bar}] {value}/{total} trials", hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic) : null;
      bar?.start(trials, 0);
      const started = performance.now();
      let result: SimulationResult;
      try {
        if (flags.redis !== undefined) {
          result = await runOnCluster(network, text, { trials, seed, policy, starts: planned?.starts, shipments: planned?.shipments, redisUrl: flags.redis, shards, bar });
        } else result = await simulateParallel(network, {
          trials,
          seed,
          policy,
          starts: planned?.starts,
          shipments: planned?.shipments,
          threads,
          onProgress: (done) => bar?.update(done),
        });
      } finally {
        bar?.stop();
      }
      const seconds = (performance.now() - started) / 1000;
      if (flags.json) return printJson({ scenario: network.name, ...result });
      process.stdout.write(render(network, result, { threads, seconds }));
    });
}

const PLAN_MODULE = "../../plan/index.js";

/** The optimal plan's starts and shipments (with the events as they come), or null when there is no optimal plan. */
async function optimalPlan(net: Network, events: ScenarioEvent[], foresight: boolean): Promise<{ starts: Float64Array; shipments: Float64Array } | null> {
  // Imported by name so the simulator builds without the planner's types.
  const mod = (await import(PLAN_MODULE)) as { planWithEvents?: (n: Network, e: ScenarioEvent[], o: object) => Promise<{ status: string; starts: Float64Array; shipments?: Float64Array }> };
  if (typeof mod.planWithEvents !== "function") throw new Error("the planner (src/plan) does not export planWithEvents()");
  // The run's plan (max-target when the scenario has a target); its limits are not needed here.
  const p = await mod.planWithEvents(net, events, { limitCandidates: 0, foresight });
  if (p.status !== "optimal") return null;
  return { starts: p.starts, shipments: p.shipments ?? new Float64Array(0) };
}


function render(net: Network, r: SimulationResult, run: { threads: number; seconds: number }): string {
  const out: string[] = [];
  const k = r.kpis;
  out.push(
    `${bold(net.title)}\n${dim(`${count(r.trials)} trials, seed ${r.seed}, policy ${r.policy}, ${run.threads} thread${run.threads === 1 ? "" : "s"}, ${run.seconds.toFixed(2)} s; percentiles within ${percent(r.percentileRelativeError)}`)}`,
  );
  const spread = (s: { p10: number; p50: number; p90: number }, f: (x: number) => string) => `P10 ${f(s.p10)}   P50 ${f(s.p50)}   P90 ${f(s.p90)}`;
  const target = r.targets[0];
  if (target && k.targetValueUsd) {
    out.push(`\n${bold("Target")}: ${target.description} (${money(target.valueUsd)} by ${target.by})`);
    out.push(`  probability met        ${bold(percent(target.probabilityMet))}`);
    out.push(`  value made by ${target.by}  ${spread(k.targetValueUsd, money)}`);
    for (const other of r.targets.slice(1)) out.push(`  ${other.description}: probability met ${percent(other.probabilityMet)}`);
  } else out.push(`\n${bold("Target")}: none in this scenario`);
  out.push(`\n${bold("Delivered value")}        ${spread(k.deliveredValueUsd, money)}   (mean ${money(k.deliveredValueUsd.mean)})`);
  const mp = k.massProductionPeriod;
  if (mp) {
    const label = (x: string | null) => x ?? "not reached";
    out.push(`${bold("Mass production")}        P10 ${label(mp.p10)}   P50 ${label(mp.p50)}   P90 ${label(mp.p90)}   (reached in ${percent(mp.probabilityReached)} of trials; ${mp.milestone})`);
  }
  out.push(`${bold("Onshore value share")}    ${spread(k.onshoreValueShare, percent)}`);
  const critical = [...r.resources].sort((a, b) => b.criticality - a.criticality).slice(0, 5);
  if (critical.length > 0) {
    out.push(`\n${bold("Most critical resources")} ${dim("(share of trial-periods in which capacity capped starts)")}`);
    out.push(table(["resource", "binds"], critical.map((x) => [`${x.name} (${x.id})`, percent(x.criticality)])));
  }
  if (r.disruptions.length > 0) {
    const ranked = [...r.disruptions].sort((a, b) => (b.expectedLossUsd ?? 0) - (a.expectedLossUsd ?? 0));
    out.push(`\n${bold("Disruptions")} ${dim("(lost value: mean delivered value without it minus with it)")}`);
    out.push(
      table(
        ["disruption", "P(occurs)", "lost when it occurs", "expected loss"],
        ranked.map((d) => [d.id, percent(d.probabilityOccurs), d.meanLostValueUsd === null ? "-" : money(d.meanLostValueUsd), d.expectedLossUsd === null ? "-" : money(d.expectedLossUsd)]),
      ),
    );
  }
  return `${out.join("\n")}\n`;
}
