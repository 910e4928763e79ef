// What the report's first screen and its later sections say in words and rows, beyond the charts: the
// target card, what it would take (invest) and the frontier's chart. Pure (format and layout only, no
// ECharts), so the dashboard shows the same card, sentence and chart as the report.
import { count, money, moneyTick, percent, valueAxis } from "../format/index.js";
import type { FrontierPoint, InvestResult, TargetResult } from "../plan/index.js";
import type { TornadoBar } from "./charts.js";
import { axisText, header, INK, ticks, typeFor, valueY, yLabelRoom } from "./layout.js";

const MEASURE_WORDS: Record<TargetResult["measure"], string> = {
  assembledValue: "of goods assembled in",
  contentValue: "of value added in",
  deliveredValue: "delivered in",
  manufacturingContent: "of manufacturing content in",
  ownedMargin: "of margins owned in",
};

/** "$500.0B of goods assembled in US by 2029-03". */
export function targetLabel(t: { valueUsd: number; measure: TargetResult["measure"]; countries: string[]; by: string }, value = t.valueUsd): string {
  return `${money(value)} ${MEASURE_WORDS[t.measure]} ${t.countries.join("+")} by ${t.by}`;
}

/** The first screen's card: the target, what the plan makes, cost-driven routing's figure, the chance, the reconciliation. */
export interface TargetCard {
  id: string;
  label: string;
  valueUsd: number;
  by: string;
  measure: TargetResult["measure"];
  countries: string[];
  /** What the plan makes of the measure (the max-target plan: what capacity allows at most). */
  madeValueUsd: number;
  maxTarget: boolean;
  met: boolean;
  /** The max-value plan's figure (cost-driven routing alone), when the run has it. */
  costRoutedUsd: number | null;
  /** P(target met) from the simulation, and its trials. */
  probabilityMet: number | null;
  trials: number | null;
  reconciliation: TargetResult["reconciliation"] & { contentValueUsd: number };
}

export function targetCard(
  plan: { objective: string; targets: TargetResult[] } | undefined,
  costRouted: { targets: TargetResult[] } | undefined,
  sim: { probabilityTargetMet: number | null; trials: number } | undefined,
): TargetCard | null {
  const t = plan?.targets[0];
  if (!t) return null;
  const r = t.reconciliation;
  return {
    id: t.id,
    label: targetLabel(t),
    valueUsd: t.valueUsd,
    by: t.by,
    measure: t.measure,
    countries: t.countries,
    madeValueUsd: t.madeValueUsd,
    maxTarget: plan?.objective === "max-target",
    met: t.met,
    costRoutedUsd: costRouted?.targets.find((x) => x.id === t.id)?.madeValueUsd ?? null,
    probabilityMet: sim?.probabilityTargetMet ?? null,
    trials: sim ? sim.trials : null,
    reconciliation: { ...r, contentValueUsd: r.manufacturingContentUsd + r.ownedMarginUsd },
  };
}

/** The card's rows, label and figure, in the order both the report and the dashboard show them. */
export function targetCardRows(c: TargetCard): { key: string; label: string; value: string; note?: string }[] {
  const rows: { key: string; label: string; value: string; note?: string }[] = [
    { key: "made", label: c.maxTarget ? "the plan makes at most (max-target)" : "the plan makes", value: money(c.madeValueUsd), note: `${percent(c.madeValueUsd / c.valueUsd)} of the target` },
  ];
  if (c.costRoutedUsd !== null) rows.push({ key: "costRouted", label: "cost-driven routing alone (max-value)", value: money(c.costRoutedUsd) });
  if (c.probabilityMet !== null) rows.push({ key: "probability", label: "P(target met), simulated", value: percent(c.probabilityMet), note: c.trials !== null ? `${count(c.trials)} trials` : undefined });
  return rows;
}

/** The reconciliation's readings, in the target's countries by its date: delivered · assembled · manufacturing content + owned margins = content. */
export function reconciliationParts(c: TargetCard): { key: string; label: string; value: string; op: string }[] {
  const r = c.reconciliation;
  return [
    { key: "delivered", label: "delivered", value: money(r.deliveredValueUsd), op: "" },
    { key: "assembled", label: "assembled", value: money(r.assembledValueUsd), op: "·" },
    { key: "manufacturing", label: "manufacturing content", value: money(r.manufacturingContentUsd), op: "·" },
    { key: "margins", label: "owned margins", value: money(r.ownedMarginUsd), op: "+" },
    { key: "content", label: "content", value: money(r.contentValueUsd), op: "=" },
  ];
}

/** What it would take, in a sentence or two: nothing (and what the network makes), the capital, or why it cannot be reached. */
export function investSentence(inv: InvestResult): string {
  const goal = targetLabel(inv.target);
  const beyond = inv.frontier.find((p) => p.targetValueUsd > inv.target.valueUsd && p.capexUsd !== null && p.capexUsd > 0);
  if (inv.status === "optimal" && inv.builds.length === 0) {
    return `Nothing needs building for ${goal}: the network as it stands makes ${money(inv.baselineValueUsd ?? inv.reachedValueUsd)}.${beyond ? ` Going beyond it, ${money(beyond.targetValueUsd)} would take ${money(beyond.capexUsd)} of capital.` : ""}`;
  }
  if (inv.status === "optimal") {
    const range = inv.capexLowUsd !== inv.capexHighUsd ? ` (${money(inv.capexLowUsd)}–${money(inv.capexHighUsd)} at the ends of the cost ranges)` : "";
    return `${money(inv.capexUsd)} of capital${range} in ${inv.builds.length} ${inv.builds.length === 1 ? "build" : "builds"} reaches ${money(inv.reachedValueUsd)} against ${goal}; the network as it stands makes ${money(inv.baselineValueUsd)}.`;
  }
  if (inv.status === "unreachable") {
    const when = inv.whenReachable ? ` It can be reached by ${inv.whenReachable.by}, for ${money(inv.whenReachable.capexUsd)}.` : " No date within the horizon reaches it.";
    return `${goal} cannot be reached: with every option built in full at its earliest, the network makes at most ${money(inv.maxReachableUsd)}.${when}`;
  }
  return `What it would take to reach ${goal}: the solve ended ${inv.status}.`;
}

/** The frontier's chart: the least capital to reach each target value by the date. An ECharts option and the height to draw it at. */
export function frontierOption(points: FrontierPoint[], target: { valueUsd: number; by: string }, width: number): { option: Record<string, unknown>; height: number } {
  const type = typeFor(width);
  const pts = points.filter((p): p is FrontierPoint & { capexUsd: number } => p.capexUsd !== null).sort((a, b) => a.targetValueUsd - b.targetValueUsd);
  const x = valueAxis(
    pts.map((p) => p.targetValueUsd),
    [],
    width < 500 ? 3 : 5,
  );
  const y = valueAxis(pts.map((p) => p.capexUsd));
  const unit = "capital (USD)";
  const { options, top } = header({ width, type, title: `The least capital to reach each target value by ${target.by}`, unit });
  return {
    option: {
      ...options,
      grid: { left: yLabelRoom(type, ticks(y).map(moneyTick)), right: 24, top, bottom: 52 },
      xAxis: {
        type: "value",
        ...x,
        name: "target value (USD)",
        nameLocation: "middle",
        nameGap: 28,
        nameTextStyle: { fontSize: type.axis, color: INK },
        axisLabel: { ...axisText(type), formatter: moneyTick },
      },
      yAxis: valueY(type, unit, moneyTick, y),
      tooltip: { trigger: "item" },
      series: [
        {
          name: "least capital",
          type: "line",
          step: false,
          symbolSize: 7,
          data: pts.map((p) => [p.targetValueUsd, p.capexUsd]),
          itemStyle: { color: "#2563eb" },
          lineStyle: { color: "#2563eb", width: 2 },
        },
      ],
    },
    height: top + 52 + 220,
  };
}

/** A stress date in the risk section's date control: "2027-04 · the stress rule's date", "2026-01 · the start of 2026". */
export function stressDateLabel(d: { period: string; periodRule: string; primary: boolean }): string {
  const why = d.primary ? (d.periodRule === "given" ? "the date asked for" : "the stress rule's date") : `the start of ${d.period.slice(0, 4)}`;
  return `${d.period} · ${why}`;
}

/** "; one standard error of a bar's end $X-$Y, N trials a point": what the tornado's sampling error is, where it is known. */
export function stdErrorNote(bars: readonly TornadoBar[]): string {
  const errors = bars.slice(0, 12).flatMap((b) => [b.atLowStdError, b.atHighStdError]);
  if (errors.length === 0 || errors.some((e) => e === null || e === undefined)) return "";
  const known = errors as number[];
  return `; one standard error of a bar's end ${money(Math.min(...known))}-${money(Math.max(...known))}`;
}
