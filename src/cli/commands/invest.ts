// invest: what it would take to reach the target (the least capital, or the most for a budget), for a
// person (the build plan, the total, the frontier) or as JSON (the contract keys). The work is invest()'s.
import { writeFileSync } from "node:fs";
import { type Command, InvalidArgumentError } from "commander";
import { type Network, normalize, withExpansionSites } from "../../model/index.js";
import { type Build, type InvestResult, investMps } from "../../plan/index.js";
import { startInvest } from "../../plan/invest.node.js";
import { bold, dim, green, printJson, red, secondsArg, table, UserError, yellow } from "../output.js";
import { money } from "../../format/index.js";
import { DEFAULT_SCENARIO, loadNetwork } from "../scenario-file.js";

interface InvestFlags {
  target?: number;
  by?: string;
  budget?: number;
  frontier?: boolean;
  mps?: string;
  json?: boolean;
  relax?: boolean;
  gap?: number;
  timeLimit?: number;
}

const SUFFIX: Record<string, number> = { "": 1, k: 1e3, m: 1e6, b: 1e9, t: 1e12 };

/** USD as 500e9, 500000000000, $500B, 1.5T or 750M. */
export function moneyArg(v: string): number {
  const m = /^\$?\s*([0-9]+(?:\.[0-9]*)?(?:e[0-9]+)?)\s*([kmbt]?)$/i.exec(v.trim().replace(/_/g, "").replace(/,/g, ""));
  const n = m ? Number(m[1]) * SUFFIX[m[2].toLowerCase()] : Number.NaN;
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError("must be a positive amount of USD, e.g. 500e9, 500B or $750M");
  return n;
}
const periodArg = (v: string): string => {
  if (!/^\d{4}-(0[1-9]|1[0-2]|W(0[1-9]|[1-4]\d|5[0-3]))$/.test(v)) throw new InvalidArgumentError("must be a period such as 2029-03 (or 2029-W10 for a weekly horizon)");
  return v;
};
const gapArg = (v: string): number => {
  const n = Number(v);
  if (!(n >= 0 && n < 1)) throw new InvalidArgumentError("must be a relative gap in [0, 1), e.g. 0.01");
  return n;
};

export function registerInvestCommands(program: Command): void {
  program
    .command("invest")
    .description("what it would take: the least capital in expansion options to reach the target by its date (or the most for a budget), and the frontier")
    .argument("[scenario]", "scenario file or built-in name", DEFAULT_SCENARIO)
    .option("--target <usd>", "the target's value (default: the scenario's first target), e.g. 500e9 or 500B", moneyArg)
    .option("--by <period>", "the target's date (default: the first target's)", periodArg)
    .option("--budget <usd>", "maximise the target's measure for this capital budget instead of minimising capital", moneyArg)
    .option("--frontier", "also trace capital against the target from 60% to 150% of it (beyond what the network makes, when it makes all that already)")
    .option("--mps <file>", "also write the invest model (a MIP when options come in modules or have fixed costs) as free MPS")
    .option("--json", "print the result as one JSON document")
    .option("--relax", "solve the LP relaxation: fractional modules, fixed costs pro rata")
    .option("--gap <rel>", "relative MIP gap at which to stop (default 0.0001)", gapArg)
    .option("--time-limit <seconds>", "stop each solve after this many seconds", secondsArg)
    .addHelpText(
      "after",
      "\nExit status: 0 when the plan is optimal or the target is unreachable (a result: when it becomes reachable and\nwhat blocks it are printed); 1 when the scenario is invalid, has no target, or the network cannot be planned\n(infeasible) or a solve hit --time-limit; 2 for a usage error; 3 when the solver fails.",
    )
    .action(async (arg: string, flags: InvestFlags) => {
      const { file, scenario } = loadNetwork(arg);
      // New sites join the network only here: plans and simulations of the scenario as it stands never see them.
      const network = normalize(withExpansionSites(scenario));
      const target = network.targets[0];
      if (!target) throw new UserError(`${file}: the scenario has no target: invest asks what it would take to reach one (add one under \`targets\`)`);
      if (flags.by !== undefined && !network.periods.includes(flags.by)) throw new UserError(`--by ${flags.by} is outside the horizon ${network.periods[0]}..${network.periods[network.T - 1]}`);
      const options = { targetUsd: flags.target, by: flags.by, budgetUsd: flags.budget, frontier: flags.frontier, relax: flags.relax, mipRelGap: flags.gap, timeLimitSeconds: flags.timeLimit };
      if (flags.mps) writeFileSync(flags.mps, investMps(network, options));
      // With two cores or more a frontier's MIPs split between two threads; the answer is the same either way.
      const { result } = await startInvest(network, options, flags.frontier ? 2 : 1).result;
      if (flags.json) printJson({ scenario: network.name, file, ...result });
      else process.stdout.write(render(network, result, file, flags));
      process.exitCode = result.status === "optimal" || result.status === "unreachable" ? 0 : result.status === "error" ? 3 : 1;
    });
}

const MEASURE: Record<string, string> = { assembledValue: "assembled in", contentValue: "value added in", deliveredValue: "delivered in" };

function buildTable(builds: Build[]): string {
  return table(
    ["option", "site", "country", "decided", "decide by", "first output", "full", "size", "capex", "range"],
    builds.map((b) => [
      b.option,
      `${b.site}${b.newSite ? " (new)" : ""}`,
      b.country,
      b.decision,
      b.decideBy ?? "",
      b.firstOutput,
      b.fullOutput,
      `${fmt(b.size)} ${b.unit}${b.modules !== null ? ` (${fmt(b.modules)} x ${fmt(b.size / (b.modules || 1))})` : ""}`,
      money(b.capexUsd),
      b.capexLowUsd === b.capexHighUsd ? "" : `${money(b.capexLowUsd)}..${money(b.capexHighUsd)}`,
    ]),
  );
}

const fmt = (x: number) => (Number.isInteger(x) ? x.toLocaleString("en-US") : x.toLocaleString("en-US", { maximumFractionDigits: 1 }));

function render(net: Network, r: InvestResult, file: string, flags: InvestFlags): string {
  const out: string[] = [];
  const t = r.target;
  const where = t.countries.join("+");
  out.push(`${bold(net.title)} ${dim(`(${file}, ${net.periods[0]}..${net.periods[net.T - 1]})`)}`);
  const question = r.mode === "max-target" ? `the most ${MEASURE[t.measure] ?? t.measure} ${where} by ${t.by} for ${money(r.budgetUsd ?? 0)} of capital` : `${money(t.valueUsd)} ${MEASURE[t.measure] ?? t.measure} ${where} by ${t.by}`;
  out.push(`${bold("What it would take:")} ${question} (target ${t.id})`);
  const status = r.status === "optimal" ? green(r.status) : r.status === "unreachable" ? yellow(r.status) : red(r.status);
  const kind = r.mip ? `MIP${r.mipGap !== null ? `, gap ${(r.mipGap * 100).toFixed(2)}%` : ""}` : "LP";
  out.push(`status: ${status} ${dim(`(${kind})`)}`);
  if (r.baselineValueUsd !== null) out.push(`as it stands the network makes at most ${bold(money(r.baselineValueUsd))} by ${t.by}; with every option built in full, ${money(r.maxReachableUsd ?? 0)}`);
  out.push("");
  if (r.status === "unreachable") {
    out.push(red(`Not reachable by ${t.by}, whatever is built: at most ${money(r.maxReachableUsd ?? 0)} with every option in full at its earliest decision.`));
    out.push(r.reachableFrom ? `Reachable by ${bold(r.reachableFrom)} at the earliest.` : "Not reachable within the horizon.");
    if (r.blockedBy.length > 0) {
      out.push("", bold("What blocks it") + dim(" (what lifting each block alone adds by the date)"));
      for (const b of r.blockedBy) out.push(`  - ${b.reason} ${dim(`(+${money(b.gainUsd)})`)}`);
    }
    if (r.whenReachable) {
      out.push("", bold(`What it would take by ${r.whenReachable.by}: ${money(r.whenReachable.capexUsd)}`));
      out.push(r.whenReachable.builds.length ? buildTable(r.whenReachable.builds) : "  nothing: the network as it stands makes it");
    }
  } else if (r.status === "optimal" || (r.status === "time_limit" && r.objectiveValue !== null)) {
    if (r.builds.length === 0) out.push(green("Nothing needs building: the network as it stands reaches it."));
    else {
      out.push(bold("Build plan"));
      out.push(buildTable(r.builds));
    }
    out.push("");
    const range = r.capexLowUsd === r.capexHighUsd ? "" : dim(` (cost ranges: ${money(r.capexLowUsd)}..${money(r.capexHighUsd)})`);
    out.push(`total capital: ${bold(money(r.capexUsd))}${range}`);
    if (r.reachedValueUsd !== null) {
      const met = r.met ? green("met") : red("missed");
      out.push(`${r.mode === "max-target" ? "reached" : "with these builds the network makes at most"} ${bold(money(r.reachedValueUsd))} ${MEASURE[t.measure] ?? t.measure} ${where} by ${t.by} -> ${met}`);
    }
    out.push(dim(`operating cost of the plan (production, freight, tariffs, stock): ${money(r.operatingCostUsd)}`));
  } else {
    out.push(red(`No plan: ${r.status}.`));
  }
  if (r.frontier.length > 0) {
    out.push("", bold("Frontier") + dim(" (least capital for each share of the target, and the capital per extra $1B of target from the row above)"));
    out.push(
      table(
        ["share", "target", "capital", "per extra $1B", "builds"],
        r.frontier.map((p) => [
          `${Math.round(p.share * 100)}%`,
          money(p.targetValueUsd),
          p.capexUsd === null ? "unreachable" : money(p.capexUsd),
          p.marginalCapexPerBillionUsd === null ? "" : money(p.marginalCapexPerBillionUsd),
          p.capexUsd === null ? "" : p.builds,
        ]),
      ),
    );
  }
  for (const note of r.notes) out.push(yellow(`note: ${note}`));
  out.push(dim(`model ${r.solver.numCols} columns (${r.solver.integerCols} integer) x ${r.solver.numRows} rows, ${r.solver.nonzeros} nonzeros; ${r.solver.solves} solves in ${r.solver.solveSeconds.toFixed(2)} s${flags.mps ? `; MPS written to ${flags.mps}` : ""}`));
  return `${out.join("\n")}\n`;
}
