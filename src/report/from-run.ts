// The report's sections read from a run (the target card, the limits, what it would take, the products),
// for reportInput in src/run/present.ts to spread into the report's input.
import type { Network } from "../model/index.js";
import type { RunResult } from "../run/run.js";
import type { StressResult } from "../stress/index.js";
import type { ReportInput } from "./html.js";
import { stressDateLabel, targetCard } from "./sections.js";

export function reportSections(net: Network, r: RunResult): Pick<ReportInput, "targetCard" | "limits" | "invest" | "products" | "riskDates"> {
  const plan = r.plan?.status === "optimal" ? r.plan : undefined;
  const card = targetCard(plan, r.costRouted, r.simulation);
  return {
    ...(card ? { targetCard: card } : {}),
    ...(plan ? { limits: { targetId: plan.limits.targetId ?? null, target: plan.limits.target, total: plan.limits.total } } : {}),
    ...(r.invest ? { invest: r.invest } : {}),
    products: products(net),
    ...(r.stressByDate && r.stressByDate.length > 1 ? { riskDates: riskDates(r.stressByDate) } : {}),
  };
}

/** The stress table's rows: JSON has no Infinity, so a time to survive at least the cap is null. */
export function riskRows(st: StressResult | undefined): ReportInput["risk"] {
  return (st?.nodes ?? []).map((n) => ({
    id: n.id,
    name: n.name,
    kind: n.kind,
    country: n.country ?? "",
    ttsPeriods: Number.isFinite(n.ttsPeriods as number) ? (n.ttsPeriods as number) : null,
    ttrPeriods: n.ttrPeriods,
    lostValueUsd: n.lostValueUsd,
    lostTargetValueUsd: n.lostTargetValueUsd ?? null,
    riskExposureIndex: n.riskExposureIndex,
    flagged: n.flagged,
  }));
}

/** The risk section's date control: one entry per date the run stress-tested, the primary one first shown. */
export function riskDates(list: (StressResult & { primary: boolean })[]): NonNullable<ReportInput["riskDates"]> {
  return list.map((s) => ({
    period: s.period,
    label: stressDateLabel(s),
    primary: s.primary,
    reading: s.reading,
    ttsCapPeriods: s.ttsCapPeriods,
    risk: riskRows(s),
  }));
}

/** Every item that a demand buys (a final product, each generation its own), with the periods it is wanted in. */
export function products(net: Network): NonNullable<ReportInput["products"]> {
  const { T } = net;
  const targetItems = new Set(net.targets.flatMap((g) => g.items));
  return net.demands.map((d, i) => {
    const item = net.items[net.nodeItem[net.demandNode[i]]];
    let first = -1;
    let last = -1;
    for (let t = 0; t < T; t++) {
      if (net.demandQty[i * T + t] > 0) {
        if (first < 0) first = t;
        last = t;
      }
    }
    return {
      item: item.id,
      name: item.name,
      unit: item.unit,
      demand: d.id,
      priceUsd: d.priceUsd,
      from: first < 0 ? null : net.periods[first],
      to: last < 0 ? null : net.periods[last],
      unbounded: d.unbounded,
      counted: targetItems.has(net.nodeItem[net.demandNode[i]]),
    };
  });
}
