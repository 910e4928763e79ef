// The comparison report's input from a comparison and each side's results: what compareSidesWithResults
// returns, read the way the run report reads a run. Pure: the scenario texts are normalized here again
// (no file is read) for what only the network knows, the plan's output by site.
import { loadScenarioText, type Network, normalize } from "../model/index.js";
import type { CompareReportInput, CompareReportSide } from "../report/compare-html.js";
import type { CompareSide, Comparison, SideDescription, SideResults } from "./compare-sides.js";
import { outputBySite } from "./present.js";

function networkOf(side: CompareSide): Network | null {
  const loaded = loadScenarioText(side.kind === "run" ? side.scenarioText : side.text);
  // A stored run's text may no longer load (the schema moved on): its output by site is then not drawn.
  return loaded.ok ? normalize(loaded.scenario) : null;
}

function reportSide(d: SideDescription, side: CompareSide, r: SideResults): CompareReportSide {
  const plan = r.plan?.status === "optimal" ? r.plan : undefined;
  const net = plan ? networkOf(side) : null;
  const none = side.kind === "run" && !r.plan && !r.simulation && !r.stress;
  return {
    label: d.label,
    file: d.file,
    ...(r.simulation ? { delivered: { periods: r.simulation.periods.map((p) => p.period), p10: r.simulation.periods.map((p) => p.deliveredValueUsd.p10), p50: r.simulation.periods.map((p) => p.deliveredValueUsd.p50), p90: r.simulation.periods.map((p) => p.deliveredValueUsd.p90) } } : {}),
    ...(plan && net ? { output: { ...outputBySite(net, plan), periods: net.periods } } : {}),
    ...(plan ? { limits: { targetId: plan.limits.targetId ?? null, target: plan.limits.target, total: plan.limits.total } } : {}),
    ...(r.stress ? { risk: r.stress.nodes.map((n) => ({ id: n.id, riskExposureIndex: n.riskExposureIndex, lostValueUsd: n.lostValueUsd })) } : {}),
    ...(none ? { missing: "a stored run without its results" } : r.plan && !plan ? { missing: `the plan is ${r.plan.status}` } : {}),
  };
}

export function compareReportInput(cmp: Comparison, sides: { a: CompareSide; b: CompareSide }, results: { a: SideResults; b: SideResults }, generatedAt: string): CompareReportInput {
  return {
    a: reportSide(cmp.a, sides.a, results.a),
    b: reportSide(cmp.b, sides.b, results.b),
    inputs: cmp.inputs,
    kpis: cmp.kpis,
    warnings: cmp.warnings,
    generatedAt,
  };
}
