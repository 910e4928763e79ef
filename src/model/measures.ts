// What "made in a country" means, as weights on a plan's or a trial's flows, so that the planner's
// LP rows, the plan's read-back, the stress test and the simulator all count a measure the same way.
//
// - assembledValue: value of the goods counted whose last operation ran at a site in the countries,
//   at the price of the goods' demand (Network.saleValue).
// - contentValue: value added in the countries. An operation adds the value of its good output less
//   the value of its inputs, except the part of the output's value booked as a margin to an owner
//   (`margins`), which counts in the owner's country wherever the item is made.
//   contentValue = manufacturingContent + ownedMargin.
// - deliveredValue: value delivered to demand at sites in the countries (at the demand's price).
// A flow counts when its output arrives (or its delivery happens) by the target's period.
import type { Network } from "./normalize.js";
import type { Measure } from "./schema.js";

export type MeasureKind = Measure | "manufacturingContent" | "ownedMargin";

/** measure = sum of good output x good[o] + starts x start[o] + deliveries x delivered[d]. */
export interface MeasureWeights {
  /** USD per good unit out of operation o. */
  good: Float64Array;
  /** USD per start of operation o (the inputs it takes, negative for value added). */
  start: Float64Array;
  /** USD per unit delivered to demand d. */
  delivered: Float64Array;
}

export interface MeasureScope {
  itemMask: Uint8Array;
  siteMask: Uint8Array;
  countries: readonly string[];
}

export function measureWeights(net: Network, kind: MeasureKind, scope: MeasureScope): MeasureWeights {
  const O = net.operations.length;
  const D = net.demands.length;
  const good = new Float64Array(O);
  const start = new Float64Array(O);
  const delivered = new Float64Array(D);
  const inScope = (o: number) => scope.siteMask[net.operations[o].site] === 1;
  const itemOf = (o: number) => net.nodeItem[net.opOutNode[o]];
  const owned = ownedMarginPerUnit(net, scope.countries);
  for (let o = 0; o < O; o++) {
    const item = itemOf(o);
    const value = net.items[item].valueUsd;
    if (kind === "assembledValue") {
      if (inScope(o) && scope.itemMask[item] === 1) good[o] = net.saleValue[item];
      continue;
    }
    if (kind === "deliveredValue") continue;
    const manufacturing = inScope(o);
    if (kind !== "ownedMargin" && manufacturing) {
      good[o] += value - net.itemMargin[item];
      start[o] -= net.opInputValue[o];
    }
    if (kind !== "manufacturingContent") good[o] += owned[item];
  }
  if (kind === "deliveredValue") {
    for (let d = 0; d < D; d++) {
      const n = net.demandNode[d];
      if (scope.siteMask[net.nodeSite[n]] === 1 && scope.itemMask[net.nodeItem[n]] === 1) delivered[d] = net.demandPrice[d];
    }
  }
  return { good, start, delivered };
}

/** Margin per unit of each item booked to owners in `countries`. */
function ownedMarginPerUnit(net: Network, countries: readonly string[]): Float64Array {
  const out = new Float64Array(net.items.length);
  for (const m of net.margins) if (countries.includes(m.country)) out[m.item] += m.usdPerUnit;
  return out;
}

/** The scope of the onshore share: every item, the sites in the onshore countries. */
export function onshoreScope(net: Network): MeasureScope {
  const countries = [...new Set(net.sites.filter((_, s) => net.siteOnshore[s] === 1).map((x) => x.country))];
  return { itemMask: new Uint8Array(net.items.length).fill(1), siteMask: net.siteOnshore, countries };
}

/** The scope everywhere: every item, every site, every country that appears. */
export function worldScope(net: Network): MeasureScope {
  const countries = [...new Set([...net.sites.map((x) => x.country), ...net.margins.map((m) => m.country)])];
  return { itemMask: new Uint8Array(net.items.length).fill(1), siteMask: new Uint8Array(net.sites.length).fill(1), countries };
}

/**
 * A measure over a plan's flows, per period (by arrival for output, by period for deliveries).
 * starts[o * T + t], deliveries[d * T + t]; output of a start in t arrives in t + leadTime.
 */
export function measureByPeriod(net: Network, w: MeasureWeights, starts: ArrayLike<number>, deliveries: ArrayLike<number>): Float64Array {
  const { T } = net;
  const out = new Float64Array(T);
  for (let o = 0; o < net.operations.length; o++) {
    const g = w.good[o];
    const s = w.start[o];
    if (g === 0 && s === 0) continue;
    const lead = net.opLeadTime[o];
    for (let t = 0; t + lead < T; t++) {
      const x = starts[o * T + t];
      if (x === 0) continue;
      out[t + lead] += x * (net.opOutQty[o] * net.opYield[o * T + t] * g + s);
    }
  }
  for (let d = 0; d < net.demands.length; d++) {
    const p = w.delivered[d];
    if (p === 0) continue;
    for (let t = 0; t < T; t++) out[t] += deliveries[d * T + t] * p;
  }
  return out;
}

/** Sum of values[0..by] (by clipped to the horizon). */
export function cumulativeBy(values: ArrayLike<number>, by: number): number {
  let sum = 0;
  for (let t = 0; t <= Math.min(by, values.length - 1); t++) sum += values[t];
  return sum;
}
