// A RunResult as people read it: the answer in words, the report's inputs, and the tables written
// as CSV and XLSX. Pure functions of (Network, RunResult).
import { count, money, percent, periodSpan } from "../format/index.js";
import type { Network } from "../model/index.js";
import type { Limit, PlanJson, TargetResult } from "../plan/index.js";
import { reportSections, riskRows } from "../report/from-run.js";
import { stdErrorNote } from "../report/sections.js";
import type { ReportInput } from "../report/html.js";
import type { RunResult } from "./run.js";

type PlanDoc = PlanJson;

const usd = (v: number) => money(v);
const pct = (x: number) => percent(x);
const signedUsd = (v: number) => money(v, { sign: true });

/** Good output per period (by arrival) of each operation, from the plan's starts. */
export function plannedOutput(net: Network, plan: PlanDoc): Float64Array[] {
  const { T } = net;
  return plan.operations.map((op, o) => {
    const out = new Float64Array(T);
    op.starts.forEach((s, t) => {
      const ta = t + net.opLeadTime[o];
      if (ta < T) out[ta] += s * net.opOutQty[o] * net.opYield[o * T + t];
    });
    return out;
  });
}

/** Consecutive periods with the same binding resource, as "2026-01..2027-12 hbm". */
export function bindingSpans(bindsWhen: PlanDoc["bindsWhen"]): { from: string; to: string; resource: string }[] {
  const spans: { from: string; to: string; resource: string }[] = [];
  for (const b of bindsWhen) {
    if (!b.resource) continue;
    const last = spans[spans.length - 1];
    if (last && last.resource === b.resource) last.to = b.period;
    else spans.push({ from: b.period, to: b.period, resource: b.resource });
  }
  return spans;
}

const MEASURE_PHRASE: Record<TargetResult["measure"], (where: string) => string> = {
  assembledValue: (w) => `of goods assembled in ${w}`,
  contentValue: (w) => `of value added in ${w}`,
  deliveredValue: (w) => `delivered in ${w}`,
  manufacturingContent: (w) => `of manufacturing content in ${w}`,
  ownedMargin: (w) => `of margins owned in ${w}`,
};

/** "$310.5B of goods assembled in US by 2029-03": a target measure with its scope and date. */
export function measureText(t: Pick<TargetResult, "measure" | "countries" | "by">, value: number): string {
  return `${usd(value)} ${MEASURE_PHRASE[t.measure](t.countries.join("+"))} by ${t.by}`;
}

/** The reconciliation of one target's four readings, in words. */
export function reconciliationText(t: TargetResult): string {
  const c = t.reconciliation;
  const where = t.countries.join("+");
  return `By ${t.by}, in ${where}: delivered ${usd(c.deliveredValueUsd)} → assembled there ${usd(c.assembledValueUsd)} → manufacturing content there ${usd(c.manufacturingContentUsd)} → plus margins booked there ${usd(c.ownedMarginUsd)} = value added there ${usd(c.manufacturingContentUsd + c.ownedMarginUsd)}.`;
}

const limitText = (l: Limit) => `${l.resource} (+10% over ${periodSpan(l.from, l.to)} adds ${usd(l.plusTenPercentUsd)})`;

/** The question's answer in one or two sentences, and the findings behind it. */
export function answer(net: Network, r: RunResult): { answer: string; findings: string[] } {
  const plan = r.plan;
  const sim = r.simulation;
  const findings: string[] = [];
  let head = "";
  const target = net.targets[0];
  if (plan && plan.status !== "optimal") {
    head = `The plan is ${plan.status}${plan.conflicts?.length ? `: ${plan.conflicts.slice(0, 3).map((c) => c.label).join("; ")}` : ""}.`;
  } else if (plan && target) {
    const t = plan.targets[0];
    const share = t.madeValueUsd / t.valueUsd;
    const verb = plan.objective === "max-target" ? "capacity allows at most" : "the plan makes";
    head = `${t.met ? "Yes" : "No"}: ${verb} ${measureText(t, t.madeValueUsd)}, against a target of ${usd(t.valueUsd)} (${pct(share)}).`;
    const routed = r.costRouted?.targets[0];
    if (routed) head += ` Cost-driven routing alone gives ${usd(routed.madeValueUsd)}.`;
    if (sim?.probabilityTargetMet !== null && sim?.probabilityTargetMet !== undefined) {
      const tv = sim.kpis.targetValueUsd;
      head += ` Under uncertainty the chance of meeting it is ${pct(sim.probabilityTargetMet)}${tv ? ` (P10–P90 ${usd(tv.p10)}–${usd(tv.p90)})` : ""}.`;
    }
    findings.push(reconciliationText(t));
  } else if (plan) {
    head = `The plan delivers ${usd(plan.kpis.deliveredValueUsd)} over the horizon.`;
  }
  if (r.events?.applied.length) {
    const list = r.events.applied.map((e) => `${e.id} (${e.kind}, ${e.start}..${e.end})`).join(", ");
    findings.unshift(
      r.events.foresight
        ? `With ${list}, known in advance (foresight).`
        : `With ${list} as a surprise: planned without ${r.events.applied.length > 1 ? "them" : "it"}, re-planned from ${r.events.replans.map((x) => x.from).join(", ")} with the stock as it stood.`,
    );
  }
  if (plan?.status === "optimal") {
    const m = net.milestones[0];
    if (m) {
      const mp = plan.kpis.massProductionPeriod;
      const due = m.due !== null ? net.periods[m.due] : null;
      findings.push(
        mp
          ? `${m.description}: ${mp} in the plan${due ? ` (due ${due}: ${mp <= due ? "on time" : "late"})` : ""}${sim?.kpis.massProductionPeriod ? `; simulated P10/P50/P90 ${sim.kpis.massProductionPeriod.p10 ?? "never"} / ${sim.kpis.massProductionPeriod.p50 ?? "never"} / ${sim.kpis.massProductionPeriod.p90 ?? "never"}` : ""}.`
          : `${m.description}: not reached within the horizon.`,
      );
    }
    const lim = plan.limits;
    if (lim.target.length) findings.push(`What limits target ${lim.targetId}: ${lim.target.slice(0, 3).map(limitText).join(", ")}.`);
    if (lim.total.length) findings.push(`What limits total output (value less costs): ${lim.total.slice(0, 3).map(limitText).join(", ")}.`);
    const opening = lim.notYetOpen.filter((x) => x.openQuarterEarlierUsd > 0).slice(0, 3);
    if (opening.length) findings.push(`Not open yet, worth opening a quarter earlier: ${opening.map((x) => `${x.resource} (opens ${x.opens}; ${usd(x.openQuarterEarlierUsd)})`).join(", ")}.`);
    const years = plan.kpis.onshoreValueShareByYear;
    findings.push(
      `Onshore share of value added: ${pct(plan.kpis.onshoreValueShare)} counting margins where their owners book them${years.length ? ` (${years.map((y) => `${y.year} ${pct(y.share)}`).join(", ")})` : ""}; ${pct(plan.kpis.onshoreManufacturingShare)} of manufacturing value added alone.`,
    );
  }
  const base = r.baseline;
  const addsT = base?.adds[0];
  if (base && addsT && plan?.targets[0]) {
    const t = plan.targets[0];
    const where = t.countries.join("+");
    const bt = base.plan.targets.find((x) => x.id === t.id);
    const riskNow = r.stress?.nodes[0]?.id;
    findings.push(
      `Against ${base.scenario.name} (the counterfactual): this scenario adds ${signedUsd(addsT.assembledValueUsd)} of goods assembled in ${where} by ${t.by} (${usd(t.reconciliation.assembledValueUsd)} against ${usd(bt?.reconciliation.assembledValueUsd ?? 0)}), ${signedUsd(addsT.contentValueUsd)} of value added in ${where} and ${signedUsd(addsT.deliveredValueUsd)} of deliveries there${
        base.stress ? `; the riskiest node ${base.stress.topNode === riskNow ? `stays ${riskNow}` : `goes from ${base.stress.topNode ?? "none"} to ${riskNow ?? "none"}`}` : ""
      }.`,
    );
  }
  if (sim) findings.push(`Delivered value, everything and worldwide, over ${count(sim.trials)} trials (${sim.policy} policy): P10 ${usd(sim.kpis.deliveredValueUsd.p10)}, P50 ${usd(sim.kpis.deliveredValueUsd.p50)}, P90 ${usd(sim.kpis.deliveredValueUsd.p90)} (seed ${sim.seed}).`);
  if (r.stress?.reading) findings.push(`${r.stress.reading} (Stress date: ${r.stress.periodRule === "given" ? "given" : r.stress.periodRule}.)`);
  const tornado = tornadoOf(r);
  if (tornado?.bars.length) {
    findings.push(
      `What moves ${tornado.kpi} most: ${tornado.bars
        .slice(0, 3)
        .map((b) => `${b.param} (${signedUsd(b.atLow)} at its low, ${signedUsd(b.atHigh)} at its high)`)
        .join(", ")}${stdErrorNote(tornado.bars)}.`,
    );
  }
  return { answer: head || `Run of ${r.scenario.title}.`, findings };
}

/** The item whose output the report charts: the first target's goods, else the first milestone's, else the first demand's. */
export function headlineItem(net: Network): number {
  return net.targets.find((g) => g.items.length > 0)?.items[0] ?? net.milestones[0]?.items[0] ?? net.nodeItem[net.demandNode[0] ?? 0] ?? 0;
}

/** Every item charted with the headline one: all the goods of that target or milestone (every product generation). */
export function headlineItems(net: Network): Set<number> {
  const goal = net.targets.find((g) => g.items.length > 0) ?? net.milestones.find((m) => m.items.length > 0);
  return new Set(goal ? goal.items : [headlineItem(net)]);
}

/** The plan's output of the headline goods per period, by site: the report's and the comparison report's chart. */
export function outputBySite(net: Network, plan: PlanDoc | undefined): ReportInput["output"] {
  const { T } = net;
  const charted = headlineItems(net);
  const bySite = new Map<number, number[]>();
  (plan ? plannedOutput(net, plan) : []).forEach((out, o) => {
    if (!charted.has(net.nodeItem[net.opOutNode[o]])) return;
    const site = net.operations[o].site;
    const row = bySite.get(site) ?? new Array<number>(T).fill(0);
    out.forEach((q, t) => (row[t] += q));
    bySite.set(site, row);
  });
  return { unit: net.items[headlineItem(net)]?.unit ?? "units", bySite: [...bySite].map(([site, values]) => ({ site: net.sites[site].name, values })) };
}

export function reportInput(net: Network, r: RunResult, meta: { runId: string; sources: ReportInput["sources"]; command: string; versions: Record<string, string>; generatedAt: string }): ReportInput {
  const plan = r.plan;
  const sim = r.simulation;
  const { T } = net;
  const { answer: text, findings } = answer(net, r);
  const target = net.targets[0];

  const cumulativePlan = plan?.targetProgress[0]?.cumulativeValueUsd ?? new Array<number>(T).fill(0);

  // Key resources: what limits the target, then what limits total output (each ranked by its +10% re-solve).
  const keyIds = [...new Set([...(plan?.limits.target ?? []), ...(plan?.limits.total ?? [])].map((l) => l.resource))].slice(0, 6);
  const use = new Float64Array(net.resources.length * T);
  if (plan) {
    plan.operations.forEach((op, o) => {
      for (let k = net.opResStart[o]; k < net.opResStart[o + 1]; k++) {
        op.starts.forEach((s, t) => (use[net.opRes[k] * T + t] += s * net.opResQty[k]));
      }
    });
  }
  const resources = keyIds.map((id) => {
    const i = net.resources.findIndex((x) => x.id === id);
    return { name: net.resources[i].name, unit: net.resources[i].unit, capacity: Array.from(net.capacity.subarray(i * T, (i + 1) * T)), use: Array.from(use.subarray(i * T, (i + 1) * T)) };
  });

  const simCum = sim?.periods.map((p) => p.targetValueCumulativeUsd);
  const fan = {
    plan: cumulativePlan,
    ...(simCum?.every((x) => x !== null)
      ? { p10: simCum.map((x) => x?.p10 ?? 0), p50: simCum.map((x) => x?.p50 ?? 0), p90: simCum.map((x) => x?.p90 ?? 0) }
      : {}),
    target: target ? { valueUsd: target.valueUsd, by: net.periods[Math.min(target.by, T - 1)], description: target.description } : undefined,
  };

  const kpis: ReportInput["kpis"] = [];
  if (plan?.status === "optimal") {
    const t = plan.targets[0];
    if (t) kpis.push({ label: `Target ${t.id}`, value: `${usd(t.madeValueUsd)} of ${usd(t.valueUsd)} by ${t.by}`, note: t.met ? "met" : "missed" });
    kpis.push({ label: "Delivered value (plan)", value: usd(plan.kpis.deliveredValueUsd) });
    kpis.push({ label: "Mass production (plan)", value: plan.kpis.massProductionPeriod ?? "not reached" });
    kpis.push({ label: "Onshore share of value added", value: pct(plan.kpis.onshoreValueShare) });
  } else if (plan) kpis.push({ label: "Plan", value: plan.status });
  if (sim) {
    if (sim.probabilityTargetMet !== null) kpis.push({ label: "Probability the target is met", value: pct(sim.probabilityTargetMet), note: `${count(sim.trials)} trials, seed ${sim.seed}` });
    const tv = sim.kpis.targetValueUsd;
    if (tv) kpis.push({ label: "Target value P10 / P50 / P90", value: `${usd(tv.p10)} / ${usd(tv.p50)} / ${usd(tv.p90)}` });
    kpis.push({ label: "Delivered value P10 / P50 / P90", value: `${usd(sim.kpis.deliveredValueUsd.p10)} / ${usd(sim.kpis.deliveredValueUsd.p50)} / ${usd(sim.kpis.deliveredValueUsd.p90)}` });
  }
  if (r.stress?.nodes[0]) kpis.push({ label: "Riskiest node", value: r.stress.nodes[0].id, note: `loses ${usd(r.stress.nodes[0].lostValueUsd)} over its TTR` });

  return {
    runId: meta.runId,
    title: r.scenario.title,
    question: r.scenario.question,
    answer: text,
    findings,
    kpis,
    periods: net.periods,
    fan,
    output: outputBySite(net, plan),
    resources,
    bindsWhen: plan?.bindsWhen ?? [],
    onshoreShare: plan?.kpis.onshoreValueShareByPeriod ?? [],
    risk: riskRows(r.stress),
    riskReading: r.stress?.reading,
    ttsCapPeriods: r.stress?.ttsCapPeriods,
    tornado: tornadoOf(r),
    ...reportSections(net, r),
    sources: meta.sources,
    reproduce: { seed: r.options.seed, scenarioName: r.scenario.name, scenarioHash: r.scenario.hash, command: meta.command, versions: meta.versions, generatedAt: meta.generatedAt },
  };
}

/** The tornado on the headline KPI: the target's P50 value where there is a target, else mean delivered value. */
export function tornadoOf(r: RunResult): ReportInput["tornado"] {
  const s = r.sensitivity;
  if (!s) return undefined;
  const byTarget = s.base.targetValueP50Usd !== null;
  const kpi = (k: typeof s.base) => (byTarget ? (k.targetValueP50Usd ?? 0) : k.deliveredValueUsd);
  const base = kpi(s.base);
  const err = (k: typeof s.base | undefined) => (k === undefined ? null : byTarget ? k.targetValueP50Usd : k.deliveredValueUsd);
  const bars = s.tornado
    .map((t) => ({ param: t.param, low: t.low, high: t.high, atLow: kpi(t.atLow) - base, atHigh: kpi(t.atHigh) - base, atLowStdError: err(t.stdError?.atLow), atHighStdError: err(t.stdError?.atHigh) }))
    .sort((a, b) => Math.abs(b.atHigh - b.atLow) - Math.abs(a.atHigh - a.atLow) || a.param.localeCompare(b.param));
  return { kpi: byTarget ? "the target value (P50)" : "mean delivered value", base, trialsPerPoint: s.trials, bars };
}

export type Cell = string | number | boolean | null;
export interface OutTable {
  name: string;
  columns: { key: string; unit?: string }[];
  rows: Cell[][];
}

/** plan.csv: one row per period. simulation.csv: percentiles per period. stress.csv: one row per node. */
export function runTables(net: Network, r: RunResult): OutTable[] {
  const tables: OutTable[] = [];
  const plan = r.plan;
  if (plan) {
    const outputs = plannedOutput(net, plan);
    const headline = headlineItem(net);
    const charted = headlineItems(net);
    const opsOfHeadline = outputs.map((_, o) => o).filter((o) => charted.has(net.nodeItem[net.opOutNode[o]]));
    tables.push({
      name: "plan",
      columns: [
        { key: "period" },
        ...opsOfHeadline.map((o) => ({ key: `output.${net.operations[o].id}`, unit: net.items[headline].unit })),
        { key: "onshoreValueShare", unit: "0-1" },
        { key: "bindingResource" },
        { key: "shadowPriceUsd", unit: "USD per unit" },
      ],
      rows: net.periods.map((p, t) => [p, ...opsOfHeadline.map((o) => round(outputs[o][t])), round(plan.kpis.onshoreValueShareByPeriod[t] ?? 0), plan.bindsWhen[t]?.resource ?? null, round(plan.bindsWhen[t]?.shadowPriceUsd ?? 0)]),
    });
    tables.push({
      name: "plan_starts",
      columns: [{ key: "operation" }, ...net.periods.map((p) => ({ key: p, unit: "starts" }))],
      rows: plan.operations.map((op) => [op.id, ...op.starts.map(round)]),
    });
    tables.push({
      name: "limits",
      columns: [{ key: "list" }, { key: "resource" }, { key: "unit" }, { key: "from" }, { key: "to" }, { key: "shadowPriceUsd", unit: "USD per unit, summed over binding periods" }, { key: "plusTenPercentUsd", unit: "USD" }],
      rows: [
        ...plan.limits.target.map((l) => ["target", l.resource, l.unit, l.from, l.to, round(l.shadowPriceUsd), round(l.plusTenPercentUsd)]),
        ...plan.limits.total.map((l) => ["total", l.resource, l.unit, l.from, l.to, round(l.shadowPriceUsd), round(l.plusTenPercentUsd)]),
      ],
    });
    tables.push({
      name: "bottlenecks",
      columns: [{ key: "resource" }, { key: "period" }, { key: "shadowPriceUsd", unit: "USD per unit" }, { key: "utilisation", unit: "0-1" }, { key: "capacity", unit: "units" }],
      rows: plan.bottlenecks.map((b) => [b.resource, b.period, round(b.shadowPriceUsd), round(b.utilisation), round(b.capacity)]),
    });
  }
  if (r.simulation) {
    const cols = ["p5", "p10", "p50", "p90", "p95", "mean"] as const;
    tables.push({
      name: "simulation",
      columns: [
        { key: "period" },
        ...cols.map((c) => ({ key: `output.${c}`, unit: "units" })),
        ...cols.map((c) => ({ key: `deliveredValueUsd.${c}`, unit: "USD" })),
        ...cols.map((c) => ({ key: `targetValueCumulativeUsd.${c}`, unit: "USD" })),
      ],
      rows: r.simulation.periods.map((p) => [
        p.period,
        ...cols.map((c) => round(p.output[c])),
        ...cols.map((c) => round(p.deliveredValueUsd[c])),
        ...cols.map((c) => (p.targetValueCumulativeUsd ? round(p.targetValueCumulativeUsd[c]) : null)),
      ]),
    });
  }
  if (r.stress) {
    tables.push({
      name: "stress",
      columns: [
        { key: "node" },
        { key: "kind" },
        { key: "country" },
        { key: "ttsPeriods", unit: "periods" },
        { key: "ttrPeriods", unit: "periods" },
        { key: "lostValueUsd", unit: "USD" },
        { key: "lostTargetValueUsd", unit: "USD" },
        { key: "riskExposureIndex", unit: "0-1" },
        { key: "flagged" },
      ],
      rows: r.stress.nodes.map((n) => [n.id, n.kind, n.country ?? null, Number.isFinite(n.ttsPeriods as number) ? round(n.ttsPeriods as number) : null, n.ttrPeriods, round(n.lostValueUsd), n.lostTargetValueUsd === null ? null : round(n.lostTargetValueUsd), round(n.riskExposureIndex), n.flagged]),
    });
  }
  const tornado = tornadoOf(r);
  if (tornado && r.sensitivity) {
    tables.push({
      name: "sensitivity",
      columns: [
        { key: "parameter" },
        { key: "lowValue" },
        { key: "highValue" },
        { key: "kpiAtLowMinusBaseUsd", unit: "USD" },
        { key: "kpiAtHighMinusBaseUsd", unit: "USD" },
        { key: "stdErrorAtLowUsd", unit: "USD" },
        { key: "stdErrorAtHighUsd", unit: "USD" },
      ],
      rows: tornado.bars.map((b) => [b.param, round(b.low), round(b.high), round(b.atLow), round(b.atHigh), b.atLowStdError == null ? null : round(b.atLowStdError), b.atHighStdError == null ? null : round(b.atHighStdError)]),
    });
  }
  tables.push({
    name: "kpis",
    columns: [{ key: "kpi" }, { key: "value" }],
    rows: Object.entries(r.kpis).map(([k, v]) => [k, v]),
  });
  return tables;
}

const round = (v: number) => (Number.isFinite(v) ? Math.round(v * 1e6) / 1e6 : v);

/** RFC 4180 CSV of one table, units in the headers. */
export function tableToCsv(t: OutTable): string {
  const field = (v: Cell) => {
    const s = v === null ? "" : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const header = t.columns.map((c) => field(c.unit ? `${c.key} (${c.unit})` : c.key)).join(",");
  return `${[header, ...t.rows.map((r) => r.map(field).join(","))].join("\n")}\n`;
}
