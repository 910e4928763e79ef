// The report's sections read from a run (the target card, the limits, what it would take, the products),
// for reportInput in src/run/present.ts to spread into the report's input.
import type { Network } from "../model/index.js";
import type { RunResult } from "../run/run.js";
import type { ReportInput } from "./html.js";
import { targetCard } from "./sections.js";

export function reportSections(net: Network, r: RunResult): Pick<ReportInput, "targetCard" | "limits" | "invest" | "products"> {
  const plan = r.plan?.status === "optimal" ? r.plan : undefined;
  const card = targetCard(plan, r.costRouted, r.simulation);
  return {
    ...(card ? { targetCard: card } : {}),
    ...(plan ? { limits: { targetId: plan.limits.targetId ?? null, target: plan.limits.target, total: plan.limits.total } } : {}),
    ...(r.invest ? { invest: r.invest } : {}),
    products: products(net),
  };
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
