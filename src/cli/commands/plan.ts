// plan: the constrained plan on HiGHS, for a person (one screen) or as JSON (the contract keys).
import { writeFileSync } from "node:fs";
import { InvalidArgumentError, type Command } from "commander";
import { LineCounter, parseDocument } from "yaml";
import type { Network } from "../../model/index.js";
import { solveLpInWorker } from "../../plan/highs.node.js";
import { bottlenecksByResource, type Objective, type PlanResult, plan, planMps, planToJson } from "../../plan/index.js";
import { bold, dim, green, pct, printJson, red, table, usd, yellow } from "../output.js";
import { checkOutputFile, DEFAULT_SCENARIO, loadNetwork } from "../scenario-file.js";

interface PlanCliOptions {
  objective: Objective;
  hardDemand?: boolean;
  json?: boolean;
  mps?: string;
  timeLimit?: number;
}

const objectiveArg = (v: string): Objective => {
  if (v !== "max-value" && v !== "meet-demand") throw new InvalidArgumentError("must be max-value or meet-demand");
  return v;
};
const secondsArg = (v: string): number => {
  const n = Number(v);
  if (!(n > 0)) throw new InvalidArgumentError("must be a positive number of seconds");
  return n;
};

export function registerPlanCommands(program: Command): void {
  program
    .command("plan")
    .description("constrained plan on HiGHS: delivered value vs target, mass production, onshore share, bottlenecks")
    .argument("[scenario]", "scenario file or built-in name", DEFAULT_SCENARIO)
    .option("--objective <objective>", "max-value (delivered value minus costs) or meet-demand (least cost, unmet demand penalised)", objectiveArg, "max-value")
    .option("--hard-demand", "with meet-demand: every unit of demand must be delivered (the plan may be infeasible)")
    .option("--json", "print the result as one JSON document")
    .option("--mps <file>", "also write the LP as free MPS, to check with another solver")
    .option("--time-limit <seconds>", "stop the solver after this many seconds", secondsArg)
    .addHelpText(
      "after",
      "\nExit status: 0 when the plan is optimal; 1 when it is infeasible (the conflicting constraints are\nprinted), unbounded (the culprit is printed), stopped by --time-limit, or the scenario is invalid;\n3 when the solver fails.",
    )
    .action(async (arg: string, opts: PlanCliOptions) => {
      if (opts.mps) checkOutputFile(opts.mps, "--mps");
      const { file, text, network } = loadNetwork(arg);
      if (opts.mps) writeFileSync(opts.mps, planMps(network, { objective: opts.objective, hardDemand: opts.hardDemand }));
      const result = await plan(network, { objective: opts.objective, hardDemand: opts.hardDemand, timeLimitSeconds: opts.timeLimit, solve: solveLpInWorker });
      const where = locator(file, text);
      const conflicts = result.conflicts.map((c) => ({ ...c, at: where(c.path) }));
      if (opts.json) printJson({ scenario: network.name, file, ...planToJson(network, result), conflicts });
      else process.stdout.write(render(network, result, conflicts, file, opts));
      process.exitCode = result.status === "optimal" ? 0 : result.status === "error" ? 3 : 1;
    });
}

/** FILE:LINE of a scenario path such as ["resources", 2], or the file alone when it cannot be found. */
function locator(file: string, text: string): (path: (string | number)[]) => string {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  return (path) => {
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    if (!node?.range) return file;
    const { line } = lineCounter.linePos(node.range[0]);
    return `${file}:${line}`;
  };
}

function render(net: Network, r: PlanResult, conflicts: (PlanResult["conflicts"][number] & { at: string })[], file: string, opts: PlanCliOptions): string {
  const out: string[] = [];
  const status = r.status === "optimal" ? green(r.status) : red(r.status);
  out.push(`${bold(net.title)} ${dim(`(${file}, ${net.periods[0]}..${net.periods[net.T - 1]}, objective ${r.objective}${r.hardDemand ? ", hard demand" : ""})`)}`);
  out.push(`status: ${status}${r.objectiveValue !== null ? `   objective: ${usd(r.objectiveValue)} (${r.objective === "max-value" ? "max" : "min"})` : ""}`);
  if (r.status === "infeasible") {
    out.push("", bold("No plan meets every constraint. These conflict (an irreducible set):"));
    for (const c of conflicts) out.push(`  ${c.at}: ${c.label}`);
    if (conflicts.length === 0) out.push("  (HiGHS could not isolate them)");
  } else if (r.status === "unbounded") {
    out.push("", bold("The objective grows without limit along:"));
    for (const c of r.unboundedBy.slice(0, 10)) out.push(`  ${c.label}`);
    out.push(dim("  (an operation with no capacity limit feeding unbounded demand, usually)"));
  } else if (r.status !== "optimal") {
    out.push(r.solver.message ?? "");
  } else {
    const k = r.kpis;
    const target = r.targets[0];
    out.push("");
    if (target) {
      const met = target.met ? green("met") : red("missed");
      out.push(`target ${bold(target.id)}: ${usd(target.valueUsd)} by ${target.by}; made ${usd(target.madeValueUsd)} -> ${met}`);
    }
    out.push(`delivered value: ${bold(usd(k.deliveredValueUsd))}${k.unmetDemandUnits > 1e-6 ? yellow(`   unmet demand: ${k.unmetDemandUnits.toFixed(1)} units`) : ""}`);
    const ms = net.milestones[0];
    if (ms) out.push(`mass production (${ms.quantityPerPeriod}/period of ${net.items[ms.item].id}): ${k.massProductionPeriod ? bold(k.massProductionPeriod) : red("not reached")}${ms.due !== null && ms.due >= 0 && ms.due < net.T ? dim(` (due ${net.periods[ms.due]})`) : ""}`);
    out.push(`onshore value share: ${bold(pct(k.onshoreValueShare))} overall; by year ${k.onshoreValueShareByYear.map((y) => `${y.year} ${pct(y.share)}`).join(", ")}`);
    out.push(dim(`costs: production ${usd(k.productionCostUsd)}, transport ${usd(k.transportCostUsd)}, tariffs ${usd(k.tariffUsd)}, holding ${usd(k.holdingCostUsd)}`));
    out.push("");
    if (r.bottlenecks.length === 0) out.push("no capacity binds");
    else {
      out.push(bold("top bottlenecks") + dim(" (shadow price: USD of objective per extra unit of capacity; total = one more unit in every period it binds)"));
      const unit = new Map(net.resources.map((x) => [x.id, x.unit]));
      out.push(
        table(
          ["resource", "binds", "periods", "total", "peak", "unit"],
          bottlenecksByResource(r.bottlenecks)
            .slice(0, 8)
            .map((b) => [b.built ? b.resource : `${b.resource} (not built)`, b.first === b.last ? b.first : `${b.first}..${b.last}`, b.periodsBinding, usd(b.totalShadowPriceUsd), `${usd(b.maxShadowPriceUsd)} in ${b.maxPeriod}`, unit.get(b.resource) ?? ""]),
        ),
      );
      out.push("", `what binds when: ${whatBindsWhen(r)}`);
    }
  }
  for (const note of r.notes) out.push(yellow(`note: ${note}`));
  out.push(dim(`LP ${r.solver.numCols} columns x ${r.solver.numRows} rows, ${r.solver.nonzeros} nonzeros; solved in ${r.solver.solveSeconds.toFixed(2)} s${opts.mps ? `; MPS written to ${opts.mps}` : ""}`));
  return `${out.join("\n")}\n`;
}

/** Runs of periods with the same binding resource: "2026-03..2026-05 pkg-tw-lines, 2026-06 asm-us-lines". */
function whatBindsWhen(r: PlanResult): string {
  const runs: string[] = [];
  let i = 0;
  while (i < r.bindsWhen.length) {
    let j = i;
    while (j + 1 < r.bindsWhen.length && r.bindsWhen[j + 1].resource === r.bindsWhen[i].resource) j++;
    const res = r.bindsWhen[i].resource;
    if (res) runs.push(`${r.bindsWhen[i].period}${j > i ? `..${r.bindsWhen[j].period}` : ""} ${res}`);
    i = j + 1;
  }
  return runs.length ? runs.join(", ") : "nothing";
}
