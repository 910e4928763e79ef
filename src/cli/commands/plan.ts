// plan: the constrained plan on HiGHS, for a person (one screen) or as JSON (the contract keys).
import { writeFileSync } from "node:fs";
import { InvalidArgumentError, type Command } from "commander";
import { LineCounter, parseDocument } from "yaml";
import type { Network } from "../../model/index.js";
import { type Limit, type Objective, type PlanResult, plan, planMps, planToJson, type TargetResult } from "../../plan/index.js";
import { count, money, percent, periodSpan } from "../../format/index.js";
import { bold, dim, green, printJson, red, secondsArg, table, yellow } from "../output.js";
import { applyEvents, foresightOf } from "../../model/index.js";
import { planWithEvents } from "../../plan/replan.js";
import { eventOptions, resolveEvents } from "../events.js";
import { checkOutputFile, DEFAULT_SCENARIO, loadNetwork } from "../scenario-file.js";

interface PlanCliOptions {
  objective?: Objective;
  hardDemand?: boolean;
  json?: boolean;
  mps?: string;
  timeLimit?: number;
  event: string[];
  foresight?: boolean;
}

const objectiveArg = (v: string): Objective => {
  if (v !== "max-target" && v !== "max-value" && v !== "meet-demand") throw new InvalidArgumentError("must be max-target, max-value or meet-demand");
  return v;
};

export function registerPlanCommands(program: Command): void {
  const command = program
    .command("plan")
    .description("constrained plan on HiGHS: delivered value vs target, mass production, onshore share, bottlenecks")
    .argument("[scenario]", "scenario file or built-in name", DEFAULT_SCENARIO)
    .option(
      "--objective <objective>",
      "max-target (the most of the first target's measure by its date, then the most value; the default when the scenario has a target), max-value (delivered value minus costs) or meet-demand (least cost, unmet demand penalised)",
      objectiveArg,
    )
    .option("--hard-demand", "with meet-demand: every unit of demand must be delivered (the plan may be infeasible)")
    .option("--json", "print the result as one JSON document")
    .option("--mps <file>", "also write the LP as free MPS, to check with another solver")
    .option("--time-limit <seconds>", "stop the solver after this many seconds", secondsArg)
    .addHelpText(
      "after",
      "\nExit status: 0 when the plan is optimal; 1 when it is infeasible (the conflicting constraints are\nprinted), unbounded (the culprit is printed), stopped by --time-limit, or the scenario is invalid;\n3 when the solver fails.",
    );
  eventOptions(command).action(async (arg: string, opts: PlanCliOptions) => {
      if (opts.mps) checkOutputFile(opts.mps, "--mps");
      const { file, text, scenario, network: base } = loadNetwork(arg);
      const events = resolveEvents(scenario, opts.event);
      const network = applyEvents(base, events);
      // With events, the MPS is the LP with them known in advance (the foresight plan's).
      if (opts.mps) writeFileSync(opts.mps, planMps(network, { objective: opts.objective, hardDemand: opts.hardDemand }));
      const options = { objective: opts.objective, hardDemand: opts.hardDemand, timeLimitSeconds: opts.timeLimit };
      const result = events.length === 0 ? await plan(network, options) : await planWithEvents(base, events, { ...options, foresight: foresightOf(scenario, opts.foresight) });
      const where = locator(file, text);
      const conflicts = result.conflicts.map((c) => ({ ...c, at: where(c.path) }));
      const applied = "events" in result ? { events: result.events } : {};
      if (opts.json) printJson({ scenario: network.name, file, ...planToJson(network, result), conflicts, ...applied });
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
  const sense = r.objective === "meet-demand" ? "min" : "max";
  const what = r.objective === "max-target" ? `the measure of target ${r.targets[0]?.id}` : r.objective === "max-value" ? "value delivered less costs" : "cost";
  out.push(`status: ${status}${r.objectiveValue !== null ? `   objective: ${money(r.objectiveValue)} (${sense} ${what})` : ""}`);
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
    out.push("");
    for (const line of targetLines(r)) out.push(line);
    out.push(`delivered value (everything, worldwide): ${bold(money(k.deliveredValueUsd))}${k.unmetDemandUnits > 1e-6 ? yellow(`   unmet demand: ${count(k.unmetDemandUnits, { digits: 1 })} units`) : ""}`);
    const ms = net.milestones[0];
    if (ms) out.push(`mass production (${count(ms.quantityPerPeriod)}/period of ${ms.items.map((i) => net.items[i].id).join(" + ")}): ${k.massProductionPeriod ? bold(k.massProductionPeriod) : red("not reached")}${ms.due !== null && ms.due >= 0 && ms.due < net.T ? dim(` (due ${net.periods[ms.due]})`) : ""}`);
    out.push(`onshore share of value added (margins booked to owners' countries): ${bold(percent(k.onshoreValueShare))} overall; by year ${k.onshoreValueShareByYear.map((y) => `${y.year} ${percent(y.share)}`).join(", ")}`);
    out.push(dim(`costs: production ${money(k.productionCostUsd)}, transport ${money(k.transportCostUsd)}, tariffs ${money(k.tariffUsd)}, holding ${money(k.holdingCostUsd)}`));
    out.push("");
    const unit = new Map(net.resources.map((x) => [x.id, x.unit]));
    const limitTable = (title: string, list: Limit[]) => {
      if (list.length === 0) return;
      out.push(bold(title) + dim(" (+10%: exact re-solve with 10% more capacity over the binding window; shadow price: one more unit in each binding period)"));
      out.push(
        table(
          ["resource", "binds", "+10% capacity", "shadow price", "per"],
          list.slice(0, 8).map((b) => [b.resource, periodSpan(b.from, b.to), money(b.plusTenPercentUsd), money(b.shadowPriceUsd), unit.get(b.resource) ?? ""]),
        ),
        "",
      );
    };
    if (r.limits.total.length === 0 && r.limits.target.length === 0) out.push("no capacity binds", "");
    limitTable(`what limits target ${r.limits.targetId} by ${r.targets[0]?.by ?? ""}`, r.limits.target);
    limitTable("what limits total output (value less costs)", r.limits.total);
    const opening = r.limits.notYetOpen.filter((x) => x.openQuarterEarlierUsd > 0);
    if (opening.length > 0) {
      out.push(bold("not open yet") + dim(" (worth of opening a quarter earlier, by re-solve)"));
      out.push(
        table(
          ["resource", "opens", "target", "total"],
          opening.slice(0, 8).map((x) => [x.resource, x.opens, x.openQuarterEarlierTargetUsd === null ? "-" : money(x.openQuarterEarlierTargetUsd), money(x.openQuarterEarlierTotalUsd)]),
        ),
        "",
      );
    }
    if (r.bottlenecks.length > 0) out.push(`what binds when: ${whatBindsWhen(r)}`);
  }
  for (const note of r.notes) out.push(yellow(`note: ${note}`));
  out.push(dim(`LP ${count(r.solver.numCols)} columns x ${count(r.solver.numRows)} rows, ${count(r.solver.nonzeros)} nonzeros; ${r.solver.solves} solves in ${r.solver.solveSeconds.toFixed(2)} s${opts.mps ? `; MPS written to ${opts.mps}` : ""}`));
  return `${out.join("\n")}\n`;
}

const MEASURE_WORDS: Record<TargetResult["measure"], string> = {
  assembledValue: "assembled in",
  contentValue: "value added in",
  deliveredValue: "delivered in",
  manufacturingContent: "manufacturing content in",
  ownedMargin: "margins owned in",
};

/** The first target's measure, the cost-driven figure beside it, and the reconciliation. */
function targetLines(r: PlanResult): string[] {
  const t = r.targets[0];
  if (!t) return [];
  const met = t.met ? green("met") : red("missed");
  const where = t.countries.join("+");
  const lines = [`target ${bold(t.id)}: ${money(t.valueUsd)} ${MEASURE_WORDS[t.measure]} ${where} by ${t.by}; ${r.objective === "max-target" ? "capacity allows at most" : "the plan makes"} ${bold(money(t.madeValueUsd))} -> ${met}`];
  const routed = r.costRouted?.targets[0];
  if (routed) lines.push(`  cost-driven routing alone (max-value) gives ${money(routed.madeValueUsd)}`);
  const c = t.reconciliation;
  lines.push(
    dim(`  by ${t.by} in ${where}: delivered ${money(c.deliveredValueUsd)} · assembled ${money(c.assembledValueUsd)} · manufacturing content ${money(c.manufacturingContentUsd)} · + margins owned ${money(c.ownedMarginUsd)} = content ${money(c.manufacturingContentUsd + c.ownedMarginUsd)}`),
  );
  return lines;
}

/** Runs of periods with the same binding resource: "2026-03..2026-05 pkg-tw-lines, 2026-06 asm-us-lines". */
function whatBindsWhen(r: PlanResult): string {
  const runs: string[] = [];
  let i = 0;
  while (i < r.bindsWhen.length) {
    let j = i;
    while (j + 1 < r.bindsWhen.length && r.bindsWhen[j + 1].resource === r.bindsWhen[i].resource) j++;
    const res = r.bindsWhen[i].resource;
    if (res) runs.push(`${periodSpan(r.bindsWhen[i].period, r.bindsWhen[j].period)} ${res}`);
    i = j + 1;
  }
  return runs.length ? runs.join(", ") : "nothing";
}
