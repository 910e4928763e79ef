// The stress test at more than one date: the rule's (or the one asked for) and the first period of each
// calendar year in the horizon where the plan has anything planned, so a reader can see how the risk moves
// as the network ramps up. Each date is the same stress test with the same options, only `at` changes.
import type { Network } from "../model/index.js";
import type { PlanView } from "./snapshot.js";
import { type StressOptions, type StressResult, stress } from "./stress.js";

/** One date's stress result; `primary` marks the date `stress` reports (the rule's, or the one asked for). */
export type DatedStress = StressResult & { primary: boolean };

/**
 * The first period of each calendar year in the horizon ("2026-01", or the horizon's first period in its
 * first year) in which the plan starts an operation, ships or delivers anything. Without a usable plan
 * nothing is planned, and the list is empty: the stress test's own date is then the only one.
 */
export function yearStarts(net: Network, plan: PlanView | undefined): number[] {
  if (plan?.status !== "optimal") return [];
  const { T } = net;
  const busy = (a: Float64Array, t: number) => {
    for (let i = t; i < a.length; i += T) if (a[i] > 1e-9) return true;
    return false;
  };
  const out: number[] = [];
  for (let t = 0; t < T; t++) {
    const first = t === 0 || net.periods[t].slice(0, 4) !== net.periods[t - 1].slice(0, 4);
    if (first && (busy(plan.starts, t) || busy(plan.shipments, t) || busy(plan.deliveries, t))) out.push(t);
  }
  return out;
}

/**
 * The stress test at its own date (`first`, already computed with `options`) and at each year's start,
 * in period order. A year's start that is the stress date itself is not repeated.
 */
export async function stressByDate(net: Network, options: StressOptions, first: StressResult): Promise<DatedStress[]> {
  const out: DatedStress[] = [{ ...first, primary: true }];
  for (const t of yearStarts(net, options.plan)) {
    if (t === first.periodIndex) continue;
    const s = await stress(net, { ...options, at: t });
    out.push({ ...s, periodRule: `the first period of ${net.periods[t].slice(0, 4)} in the horizon`, primary: false });
  }
  return out.sort((a, b) => a.periodIndex - b.periodIndex);
}
