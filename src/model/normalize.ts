// Scenario -> Network: dense, per-period typed arrays that every engine reads. Ramps, outages,
// learning yields, tariffs and export controls are resolved here, once, so engines hold no policy logic.
import { type ExpansionRef, normalizeExpansions } from "./expansions.js";
import { horizonLabels, periodOrdinal } from "./period.js";
import type { Distribution, Measure, Scenario } from "./schema.js";

/** A capacity event in period indexes: a level step is a ramp of length 0. */
export interface CapacityEvent {
  start: number;
  length: number;
  shape: "linear" | "s-curve";
  from: number;
  to: number;
}
export interface Outage {
  start: number;
  length: number;
  fraction: number;
}

export interface UncertainParameterRef {
  id: string;
  parameter: "capacity" | "rampDelay" | "yield" | "leadTime" | "usage" | "price";
  on: "resource" | "operation" | "lane" | "demand";
  index: number;
  distribution: Distribution;
}
export interface DisruptionRef {
  id: string;
  /** 1 for every site this disruption takes down. */
  siteMask: Uint8Array;
  probabilityPerPeriod: number;
  durationPeriods: Distribution;
}
export interface ScheduledEvent {
  id: string;
  start: number;
  durationPeriods: Distribution;
  fraction: number;
  /** 1 for every resource hit (resource index). */
  resourceMask: Uint8Array;
  /** 1 for every arc closed (arc index). */
  arcMask: Uint8Array;
}

export interface OutputGoal {
  id: string;
  description: string;
  /** The goods counted (item indexes); empty for a contentValue target, which counts every operation. */
  items: number[];
  /** 1 for every item counted. */
  itemMask: Uint8Array;
  countries: string[];
  /** 1 for every site in `countries`. */
  siteMask: Uint8Array;
}

/** A part of an item's value booked to its owner: value added in the owner's country. */
export interface MarginRef {
  item: number;
  owner: string;
  country: string;
  usdPerUnit: number;
}

/** Each period in [from, to]: output of the items at sites in `siteMask` >= minShare x all their output. */
export interface CommitmentRef {
  id: string;
  itemMask: Uint8Array;
  siteMask: Uint8Array;
  minShare: number;
  from: number;
  to: number;
}

export interface Network {
  name: string;
  title: string;
  seed: number;
  T: number;
  periods: string[];
  sites: { id: string; name: string; operator: string; country: string; role?: string; lat: number; lon: number; recoveryPeriods?: number }[];
  siteOnshore: Uint8Array;
  items: { id: string; name: string; unit: string; valueUsd: number; holdingCostUsd: number }[];

  /** Stock points: one per (item, site) pair that anything touches. */
  nodeItem: Int32Array;
  nodeSite: Int32Array;
  initialStock: Float64Array;
  /** Units arriving at each stock point in each period from work begun before the horizon (receipts[n * T + t]); a re-plan's pipeline. */
  receipts?: Float64Array;

  resources: { id: string; name: string; unit: string; site: number }[];
  /** capacity[r * T + t] */
  capacity: Float64Array;
  capacityEvents: CapacityEvent[][];
  outages: Outage[][];

  operations: { id: string; name: string; site: number }[];
  opOutNode: Int32Array;
  opOutQty: Float64Array;
  /** CSR: inputs of operation o are opInNode/opInQty[opInStart[o] .. opInStart[o+1]). */
  opInStart: Int32Array;
  opInNode: Int32Array;
  opInQty: Float64Array;
  /** CSR: resources used by operation o. */
  opResStart: Int32Array;
  opRes: Int32Array;
  opResQty: Float64Array;
  opLeadTime: Int32Array;
  /** yield[o * T + t] of a start in period t. */
  opYield: Float64Array;
  opCost: Float64Array;
  /** Value of the inputs one start consumes, USD (sum of qty x item value). */
  opInputValue: Float64Array;

  lanes: { id: string; from: number; to: number; capacity: number }[];
  /** Arcs: one per (lane, item). */
  arcLane: Int32Array;
  arcFrom: Int32Array;
  arcTo: Int32Array;
  arcTransit: Int32Array;
  arcCost: Float64Array;
  /** Tariff in USD per unit shipped in period t: arcTariff[a * T + t]. */
  arcTariff: Float64Array;
  /** 1 where an export control forbids shipping in period t: arcBanned[a * T + t]. */
  arcBanned: Uint8Array;

  demands: { id: string; priceUsd: number; unbounded: boolean; priority: number }[];
  demandNode: Int32Array;
  /** quantity[d * T + t]; Infinity where unbounded. */
  demandQty: Float64Array;
  demandPrice: Float64Array;

  targets: (OutputGoal & { measure: Measure; valueUsd: number; by: number })[];
  milestones: (OutputGoal & { quantityPerPeriod: number; due: number | null })[];
  margins: MarginRef[];
  /** Margin per unit of each item, summed over owners, USD. */
  itemMargin: Float64Array;
  /** What a unit counts for as a finished good: the price of its first demand by priority, else its value. */
  saleValue: Float64Array;
  /** That demand's index per item, -1 where none (its price uncertainty moves saleValue too). */
  saleDemand: Int32Array;
  commitments: CommitmentRef[];

  uncertain: UncertainParameterRef[];
  disruptions: DisruptionRef[];
  /**
   * Events whose length the simulation draws (an event with `durationPeriods`): from `start`, for a drawn
   * number of periods, the masked resources lose `fraction` of their capacity and the masked arcs carry
   * nothing. Absent until events are applied (src/model/events.ts).
   */
  scheduled?: ScheduledEvent[];
  /** Capacity that could be built (`waferline invest`); options on a new site only once withExpansionSites added it. */
  expansions: ExpansionRef[];
}

export function normalize(s: Scenario): Network {
  const T = s.horizon.periods;
  const bucket = s.horizon.bucket;
  const first = periodOrdinal(s.horizon.start, bucket) as number;
  const ordinals = new Map<string, number>();
  const at = (label: string) => {
    let o = ordinals.get(label);
    if (o === undefined) {
      o = (periodOrdinal(label, bucket) as number) - first;
      ordinals.set(label, o);
    }
    return o;
  };

  const siteIndex = new Map(s.sites.map((x, i) => [x.id, i]));
  const itemIndex = new Map(s.items.map((x, i) => [x.id, i]));
  const resourceIndex = new Map(s.resources.map((x, i) => [x.id, i]));
  const onshore = new Set(s.policies.onshore);

  // Stock points, in order of first mention.
  const nodeKey = new Map<string, number>();
  const nodeItem: number[] = [];
  const nodeSite: number[] = [];
  const node = (item: string, site: string) => {
    const key = `${item}@${site}`;
    let n = nodeKey.get(key);
    if (n === undefined) {
      n = nodeItem.length;
      nodeKey.set(key, n);
      nodeItem.push(itemIndex.get(item) as number);
      nodeSite.push(siteIndex.get(site) as number);
    }
    return n;
  };

  // Resources.
  const R = s.resources.length;
  const capacity = new Float64Array(R * T);
  const capacityEvents: CapacityEvent[][] = [];
  const outages: Outage[][] = [];
  s.resources.forEach((r, i) => {
    const events: CapacityEvent[] = [
      ...r.levels.map((l) => ({ start: at(l.from), length: 0, shape: "linear" as const, from: l.level, to: l.level })),
      ...r.ramps.map((ramp) => {
        const start = at(ramp.start);
        const length = ramp.end !== undefined ? at(ramp.end) - start + 1 : (ramp.periods as number);
        return { start, length, shape: ramp.shape, from: ramp.from, to: ramp.to };
      }),
    ].sort((a, b) => a.start - b.start);
    const outs = r.outages.map((o) => ({ start: at(o.from), length: o.periods, fraction: o.fraction }));
    capacityEvents.push(events);
    outages.push(outs);
    capacity.set(capacityProfile(events, outs, T, 0), i * T);
  });

  // Operations.
  const O = s.operations.length;
  const opOutNode = new Int32Array(O);
  const opOutQty = new Float64Array(O);
  const opInStart = new Int32Array(O + 1);
  const opResStart = new Int32Array(O + 1);
  const inNode: number[] = [];
  const inQty: number[] = [];
  const res: number[] = [];
  const resQty: number[] = [];
  const opLeadTime = new Int32Array(O);
  const opYield = new Float64Array(O * T);
  const opCost = new Float64Array(O);
  const opInputValue = new Float64Array(O);
  s.operations.forEach((op, o) => {
    opOutNode[o] = node(op.produces.item, op.site);
    opOutQty[o] = op.produces.qty;
    opInStart[o] = inNode.length;
    for (const c of op.consumes) {
      inNode.push(node(c.item, op.site));
      inQty.push(c.qty);
      opInputValue[o] += c.qty * s.items[itemIndex.get(c.item) as number].valueUsd;
    }
    opResStart[o] = res.length;
    for (const u of op.uses) {
      res.push(resourceIndex.get(u.resource) as number);
      resQty.push(u.qty);
    }
    opLeadTime[o] = op.leadTime;
    opCost[o] = op.costUsd;
    const y = op.yield;
    for (let t = 0; t < T; t++) {
      opYield[o * T + t] = typeof y === "number" ? y : y.start + (y.mature - y.start) * rampFraction(t - at(y.from), y.periods, "linear");
    }
  });
  opInStart[O] = inNode.length;
  opResStart[O] = res.length;

  // Lanes, one arc per item.
  const arcs: { lane: number; from: number; to: number; transit: number; cost: number; item: string }[] = [];
  s.lanes.forEach((l, i) => {
    for (const item of l.items) arcs.push({ lane: i, from: node(item, l.from), to: node(item, l.to), transit: l.transit, cost: l.costUsd, item });
  });
  const A = arcs.length;
  const arcTariff = new Float64Array(A * T);
  const arcBanned = new Uint8Array(A * T);
  const countryOf = (n: number) => s.sites[nodeSite[n]].country;
  arcs.forEach((arc, a) => {
    const origin = countryOf(arc.from);
    const destination = countryOf(arc.to);
    const value = s.items[itemIndex.get(arc.item) as number].valueUsd;
    for (const tariff of s.policies.tariffs) {
      if (tariff.origin !== origin || tariff.destination !== destination || !tariff.items.includes(arc.item)) continue;
      const last = tariff.until !== undefined ? Math.min(T - 1, at(tariff.until)) : T - 1;
      for (let t = Math.max(0, at(tariff.from)); t <= last; t++) arcTariff[a * T + t] += tariff.rate * value;
    }
    for (const ban of s.policies.exportControls) {
      if (ban.destination !== destination || origin === destination || !ban.items.includes(arc.item)) continue;
      for (let t = Math.max(0, at(ban.from)); t < T; t++) arcBanned[a * T + t] = 1;
    }
  });

  // Demand.
  const D = s.demand.length;
  const demandNode = new Int32Array(D);
  const demandQty = new Float64Array(D * T);
  const demandPrice = new Float64Array(D);
  s.demand.forEach((d, i) => {
    demandNode[i] = node(d.item, d.site);
    demandPrice[i] = d.priceUsd;
    if (d.unbounded) demandQty.fill(Number.POSITIVE_INFINITY, i * T, (i + 1) * T);
    else {
      const steps = d.schedule.map((x) => ({ t: at(x.from), q: x.quantity })).sort((a, b) => a.t - b.t);
      for (const step of steps) demandQty.fill(step.q, i * T + step.t, (i + 1) * T);
    }
    // A window (a product generation's life): no demand before `from` or after `until`.
    if (d.from !== undefined) demandQty.fill(0, i * T, i * T + Math.max(0, Math.min(T, at(d.from))));
    if (d.until !== undefined) demandQty.fill(0, i * T + Math.max(0, Math.min(T, at(d.until) + 1)), (i + 1) * T);
  });

  // Initial stock (nodes created last so that stock alone can create a stock point).
  const stock = s.inventory.map((inv) => ({ n: node(inv.item, inv.site), qty: inv.qty }));
  const initialStock = new Float64Array(nodeItem.length);
  for (const x of stock) initialStock[x.n] += x.qty;

  const maskOf = (countries: string[]) => Uint8Array.from(s.sites, (x) => (countries.includes(x.country) ? 1 : 0));
  const itemsOf = (g: { item?: string; items?: string[] }) => (g.items ?? (g.item !== undefined ? [g.item] : [])).map((id) => itemIndex.get(id) as number);
  const itemMaskOf = (items: number[]) => {
    const mask = new Uint8Array(s.items.length);
    for (const i of items) mask[i] = 1;
    return mask;
  };
  const goal = (g: { id: string; description: string; item?: string; items?: string[]; countries?: string[]; sites?: string[] }, allWhenNone: boolean): OutputGoal => {
    const items = itemsOf(g);
    const itemMask = items.length === 0 && allWhenNone ? new Uint8Array(s.items.length).fill(1) : itemMaskOf(items);
    if (g.sites) {
      // Named sites (a promise about particular plants): their countries, for display.
      const siteMask = Uint8Array.from(s.sites, (x) => (g.sites?.includes(x.id) ? 1 : 0));
      const countries = [...new Set(s.sites.filter((_, i) => siteMask[i] === 1).map((x) => x.country))];
      return { id: g.id, description: g.description, items, itemMask, countries, siteMask };
    }
    const countries = g.countries ?? [];
    return { id: g.id, description: g.description, items, itemMask, countries: countries.slice(), siteMask: maskOf(countries) };
  };
  const margins: MarginRef[] = s.margins.map((m) => {
    const item = itemIndex.get(m.item) as number;
    return { item, owner: m.owner, country: m.country, usdPerUnit: m.usd ?? (m.share ?? 0) * s.items[item].valueUsd };
  });
  const itemMargin = new Float64Array(s.items.length);
  for (const m of margins) itemMargin[m.item] += m.usdPerUnit;
  const saleValue = Float64Array.from(s.items, (x) => x.valueUsd);
  const saleDemand = new Int32Array(s.items.length).fill(-1);
  const byPriority = s.demand.map((d, i) => ({ d, i })).sort((a, b) => b.d.priority - a.d.priority || b.i - a.i);
  for (const { d, i } of byPriority) {
    // Visited last-first, so the first demand by priority (then by file order) writes last and wins.
    const item = itemIndex.get(d.item) as number;
    saleValue[item] = d.priceUsd;
    saleDemand[item] = i;
  }

  return {
    name: s.name,
    title: s.title,
    seed: s.seed,
    T,
    periods: horizonLabels(s.horizon.start, T, bucket),
    sites: s.sites.map((x) => ({
      id: x.id,
      name: x.name,
      operator: x.operator,
      country: x.country,
      role: x.role,
      lat: x.lat,
      lon: x.lon,
      recoveryPeriods: x.recoveryPeriods,
    })),
    siteOnshore: Uint8Array.from(s.sites, (x) => (onshore.has(x.country) ? 1 : 0)),
    items: s.items.map((x) => ({ id: x.id, name: x.name, unit: x.unit, valueUsd: x.valueUsd, holdingCostUsd: x.holdingCostUsd })),
    nodeItem: Int32Array.from(nodeItem),
    nodeSite: Int32Array.from(nodeSite),
    initialStock,
    resources: s.resources.map((r) => ({ id: r.id, name: r.name, unit: r.unit, site: siteIndex.get(r.site) as number })),
    capacity,
    capacityEvents,
    outages,
    operations: s.operations.map((op) => ({ id: op.id, name: op.name ?? op.id, site: siteIndex.get(op.site) as number })),
    opOutNode,
    opOutQty,
    opInStart,
    opInNode: Int32Array.from(inNode),
    opInQty: Float64Array.from(inQty),
    opResStart,
    opRes: Int32Array.from(res),
    opResQty: Float64Array.from(resQty),
    opLeadTime,
    opYield,
    opCost,
    opInputValue,
    lanes: s.lanes.map((l) => ({
      id: l.id,
      from: siteIndex.get(l.from) as number,
      to: siteIndex.get(l.to) as number,
      capacity: l.capacity ?? Number.POSITIVE_INFINITY,
    })),
    arcLane: Int32Array.from(arcs, (a) => a.lane),
    arcFrom: Int32Array.from(arcs, (a) => a.from),
    arcTo: Int32Array.from(arcs, (a) => a.to),
    arcTransit: Int32Array.from(arcs, (a) => a.transit),
    arcCost: Float64Array.from(arcs, (a) => a.cost),
    arcTariff,
    arcBanned,
    demands: s.demand.map((d) => ({ id: d.id, priceUsd: d.priceUsd, unbounded: d.unbounded, priority: d.priority })),
    demandNode,
    demandQty,
    demandPrice,
    targets: s.targets.map((t) => ({ ...goal(t, t.measure === "deliveredValue"), measure: t.measure, valueUsd: t.valueUsd, by: at(t.by) })),
    milestones: s.milestones.map((m) => ({ ...goal({ ...m, description: m.description }, false), quantityPerPeriod: m.quantityPerPeriod, due: m.due ? at(m.due) : null })),
    margins,
    itemMargin,
    saleValue,
    saleDemand,
    commitments: s.commitments.map((c) => ({
      id: c.id,
      itemMask: itemMaskOf(c.items.map((id) => itemIndex.get(id) as number)),
      siteMask: maskOf(c.countries),
      minShare: c.minShare,
      from: at(c.from),
      to: c.to !== undefined ? at(c.to) : T - 1,
    })),
    uncertain: s.uncertainty.parameters.map((u) => {
      const [on, ref] = Object.entries(u.on)[0] as ["resource" | "operation" | "lane" | "demand", string];
      const list: { id: string }[] = on === "resource" ? s.resources : on === "operation" ? s.operations : on === "lane" ? s.lanes : s.demand;
      return { id: u.id, parameter: u.parameter, on, index: list.findIndex((x) => x.id === ref), distribution: u.distribution };
    }),
    disruptions: s.uncertainty.disruptions.map((d) => ({
      id: d.id,
      siteMask: Uint8Array.from(s.sites, (x) => (d.site !== undefined ? x.id === d.site : x.country === d.country) ? 1 : 0),
      probabilityPerPeriod: d.probabilityPerPeriod,
      durationPeriods: d.durationPeriods,
    })),
    expansions: normalizeExpansions(s, at, resourceIndex),
  };
}

/**
 * Share of a ramp completed in its k-th period (0-based) of n: the average of the continuous
 * curve over that period, so a linear 0 -> 100 ramp over 4 periods gives 12.5, 37.5, 62.5, 87.5.
 * Before the ramp 0, after it 1.
 */
export function rampFraction(k: number, n: number, shape: "linear" | "s-curve"): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (shape === "linear") return (k + 0.5) / n;
  if (!Number.isInteger(k) || !Number.isInteger(n) || n > 10_000) return sCurveFraction(k, n);
  // Kept per ramp length: the simulator redraws a delayed ramp's profile every trial, and x ** 3 cost
  // a second per 10,000 trials of the default scenario. Same formula, so the same figures.
  let table = sCurves.get(n);
  if (!table) {
    table = Float64Array.from({ length: n }, (_, i) => sCurveFraction(i, n));
    sCurves.set(n, table);
  }
  return table[k];
}

const sCurves = new Map<number, Float64Array>();

/** Smoothstep 3x^2 - 2x^3, averaged exactly over [k/n, (k+1)/n]: its integral is x^3 - x^4/2. */
function sCurveFraction(k: number, n: number): number {
  const integral = (x: number) => x ** 3 - x ** 4 / 2;
  return (integral((k + 1) / n) - integral(k / n)) * n;
}

/**
 * Capacity per period from level steps, ramps and outages. The latest event that has started
 * governs; `delay` shifts every ramp's start (the simulator's ramp-delay uncertainty).
 */
export function capacityProfile(events: readonly CapacityEvent[], outs: readonly Outage[], T: number, delay: number, out = new Float64Array(T)): Float64Array {
  out.fill(0);
  for (const e of events) {
    const start = e.length > 0 ? e.start + delay : e.start;
    for (let t = Math.max(0, start); t < T; t++) {
      out[t] = e.length === 0 ? e.to : e.from + (e.to - e.from) * rampFraction(t - start, e.length, e.shape);
    }
  }
  for (const o of outs) {
    for (let t = Math.max(0, o.start); t < Math.min(T, o.start + o.length); t++) out[t] *= 1 - o.fraction;
  }
  return out;
}
