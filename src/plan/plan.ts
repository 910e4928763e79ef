// The constrained plan: build the LP from the Network, solve it, and read back a plain-data result
// with the KPIs, the bottlenecks (binding capacity rows and their shadow prices) and, when there is
// no plan, the conflicting constraints or the unbounded columns. Never throws for a model outcome.
import type { Network } from "../model/index.js";
import { type LpOptions, type LpSolution, type LpStatus, solveLp, writeMps } from "./highs.js";
import { buildLp, describeCol, describeRow, type LpEntity, type LpLayout, lpNames, type Objective } from "./lp.js";

export interface PlanOptions {
  objective?: Objective;
  /** meet-demand only: every unit of demand must be delivered (the plan can then be infeasible). */
  hardDemand?: boolean;
  timeLimitSeconds?: number;
  /** The LP solver; defaults to the in-process HiGHS adapter (the CLI passes a worker-thread one). */
  solve?: (model: Parameters<typeof solveLp>[0], options: LpOptions) => Promise<LpSolution>;
}

export interface Bottleneck {
  resource: string;
  period: string;
  /** USD of objective gained per extra unit of capacity in that period (positive = worth more). */
  shadowPriceUsd: number;
  utilisation: number;
  /** Capacity in that period: 0 marks a resource that does not exist yet but whose existence would pay. */
  capacity: number;
}

export interface Conflict extends LpEntity {
  label: string;
}

export interface PlanResult {
  status: LpStatus;
  objective: Objective;
  hardDemand: boolean;
  /** The LP optimum in the sense of the MPS (max for max-value, min for meet-demand); null unless optimal. */
  objectiveValue: number | null;
  periods: string[];
  /** starts[o * T + t], shipments[a * T + t], inventory[n * T + t], deliveries/unmet[d * T + t]. */
  starts: Float64Array;
  shipments: Float64Array;
  inventory: Float64Array;
  deliveries: Float64Array;
  unmet: Float64Array;
  kpis: {
    deliveredValueUsd: number;
    targetValueUsd: number;
    /** Whether the first target is met; null when the scenario has none. */
    targetMet: boolean | null;
    /** Value added at onshore sites over all value added, 0..1 (0 when nothing is made). */
    onshoreValueShare: number;
    onshoreValueShareByPeriod: number[];
    onshoreValueShareByYear: { year: string; share: number; valueAddedUsd: number }[];
    valueAddedUsd: number;
    massProductionPeriod: string | null;
    unmetDemandUnits: number;
    productionCostUsd: number;
    transportCostUsd: number;
    tariffUsd: number;
    holdingCostUsd: number;
  };
  targets: { id: string; by: string; valueUsd: number; madeValueUsd: number; met: boolean }[];
  bottlenecks: Bottleneck[];
  /** For each period, the capacity with the largest shadow price, or null when none binds. */
  bindsWhen: { period: string; resource: string | null; shadowPriceUsd: number }[];
  conflicts: Conflict[];
  /** Columns along which the objective grows without limit. */
  unboundedBy: Conflict[];
  notes: string[];
  solver: { numCols: number; numRows: number; nonzeros: number; solveSeconds: number; iterations: number; message?: string };
}

const TOL = 1e-6;

export async function plan(net: Network, options: PlanOptions = {}): Promise<PlanResult> {
  const objective = options.objective ?? "max-value";
  const { model, layout } = buildLp(net, { objective, hardDemand: options.hardDemand });
  const solve = options.solve ?? solveLp;
  const sol = await solve(model, { timeLimitSeconds: options.timeLimitSeconds });
  return readPlan(net, layout, sol, model.values.length);
}

/** The LP of a plan as free MPS, with readable row and column names. */
export function planMps(net: Network, options: Pick<PlanOptions, "objective" | "hardDemand"> = {}): string {
  const { model, layout } = buildLp(net, { objective: options.objective ?? "max-value", hardDemand: options.hardDemand });
  return writeMps({ ...model, ...lpNames(net, layout) }, net.name);
}

function readPlan(net: Network, L: LpLayout, sol: LpSolution, nonzeros: number): PlanResult {
  const { T } = L;
  const O = net.operations.length;
  const A = net.arcLane.length;
  const N = net.nodeItem.length;
  const D = net.demands.length;
  const x = sol.colValue;
  const ok = sol.status === "optimal";
  // Solver noise (1e-12, -0) reads as zero.
  const block = (base: number, count: number) => {
    const out = ok ? x.slice(base, base + count * T) : new Float64Array(count * T);
    for (let k = 0; k < out.length; k++) if (Math.abs(out[k]) < 1e-9) out[k] = 0;
    return out;
  };
  const starts = block(L.col.start, O);
  const shipments = block(L.col.ship, A);
  const inventory = block(L.col.inv, N);
  const deliveries = block(L.col.del, D);
  const unmet = L.objective === "meet-demand" ? block(L.col.unmet, D) : new Float64Array(D * T);

  const result: PlanResult = {
    status: sol.status,
    objective: L.objective,
    hardDemand: L.hardDemand,
    objectiveValue: ok ? sol.objectiveValue : null,
    periods: net.periods.slice(),
    starts,
    shipments,
    inventory,
    deliveries,
    unmet,
    kpis: kpis(net, starts, shipments, inventory, deliveries, unmet),
    targets: [],
    bottlenecks: [],
    bindsWhen: [],
    conflicts: [],
    unboundedBy: [],
    notes: L.notes.slice(),
    solver: { numCols: L.col.end, numRows: L.row.end, nonzeros, solveSeconds: sol.solveSeconds, iterations: sol.iterations, message: sol.message },
  };
  result.targets = targetProgress(net, starts);
  if (result.targets.length > 0) result.kpis.targetMet = result.targets[0].met;
  if (ok) {
    result.bottlenecks = bottlenecks(net, L, sol);
    result.bindsWhen = bindsWhen(net, result.bottlenecks);
  }
  if (sol.status === "infeasible") {
    result.conflicts = conflicts(net, L, sol);
    if (result.conflicts.length === 0) result.notes.push("HiGHS found the LP infeasible but could not isolate a conflicting set");
  }
  if (sol.status === "unbounded") {
    result.unboundedBy = dedupe((sol.rayCols ?? []).map((j) => labelled(describeCol(net, L, j), "unbounded")));
    if (result.unboundedBy.length === 0) result.notes.push("HiGHS found the LP unbounded but gave no ray to name the culprit");
  }
  return result;
}

/** Good output of operation o started in t, arriving in t + lead. */
const goodOut = (net: Network, starts: Float64Array, o: number, t: number) => starts[o * net.T + t] * net.opOutQty[o] * net.opYield[o * net.T + t];

function kpis(net: Network, starts: Float64Array, ship: Float64Array, inv: Float64Array, del: Float64Array, unmet: Float64Array): PlanResult["kpis"] {
  const { T } = net;
  const onshore = new Float64Array(T);
  const all = new Float64Array(T);
  let productionCostUsd = 0;
  for (let o = 0; o < net.operations.length; o++) {
    const on = net.siteOnshore[net.operations[o].site] === 1;
    for (let t = 0; t < T; t++) {
      productionCostUsd += starts[o * T + t] * net.opCost[o];
      const arrive = t + net.opLeadTime[o];
      if (arrive >= T) continue;
      const va = goodOut(net, starts, o, t) * net.opValueAdded[o];
      all[arrive] += va;
      if (on) onshore[arrive] += va;
    }
  }
  let transportCostUsd = 0;
  let tariffUsd = 0;
  for (let a = 0; a < net.arcLane.length; a++) {
    for (let t = 0; t < T; t++) {
      transportCostUsd += ship[a * T + t] * net.arcCost[a];
      tariffUsd += ship[a * T + t] * net.arcTariff[a * T + t];
    }
  }
  let holdingCostUsd = 0;
  for (let nd = 0; nd < net.nodeItem.length; nd++) {
    const h = net.items[net.nodeItem[nd]].holdingCostUsd;
    for (let t = 0; t < T; t++) holdingCostUsd += inv[nd * T + t] * h;
  }
  let deliveredValueUsd = 0;
  let unmetDemandUnits = 0;
  for (let d = 0; d < net.demands.length; d++) {
    for (let t = 0; t < T; t++) {
      deliveredValueUsd += del[d * T + t] * net.demandPrice[d];
      unmetDemandUnits += unmet[d * T + t];
    }
  }
  const share = (on: number, tot: number) => (tot > TOL ? on / tot : 0);
  const years = new Map<string, { on: number; all: number }>();
  for (let t = 0; t < T; t++) {
    const y = net.periods[t].slice(0, 4);
    const acc = years.get(y) ?? { on: 0, all: 0 };
    acc.on += onshore[t];
    acc.all += all[t];
    years.set(y, acc);
  }
  const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
  return {
    deliveredValueUsd,
    targetValueUsd: net.targets[0]?.valueUsd ?? 0,
    targetMet: null,
    onshoreValueShare: share(sum(onshore), sum(all)),
    onshoreValueShareByPeriod: Array.from(all, (v, t) => share(onshore[t], v)),
    onshoreValueShareByYear: [...years].map(([year, v]) => ({ year, share: share(v.on, v.all), valueAddedUsd: v.all })),
    valueAddedUsd: sum(all),
    massProductionPeriod: massProduction(net, starts),
    unmetDemandUnits,
    productionCostUsd,
    transportCostUsd,
    tariffUsd,
    holdingCostUsd,
  };
}

/** Good output per period (by arrival) of `item` at the sites in `mask`. */
function outputOf(net: Network, starts: Float64Array, item: number, mask: Uint8Array): Float64Array {
  const out = new Float64Array(net.T);
  for (let o = 0; o < net.operations.length; o++) {
    if (net.nodeItem[net.opOutNode[o]] !== item || mask[net.operations[o].site] !== 1) continue;
    for (let t = 0; t + net.opLeadTime[o] < net.T; t++) out[t + net.opLeadTime[o]] += goodOut(net, starts, o, t);
  }
  return out;
}

function massProduction(net: Network, starts: Float64Array): string | null {
  const m = net.milestones[0];
  if (!m) return null;
  const out = outputOf(net, starts, m.item, m.siteMask);
  const t = out.findIndex((q) => q >= m.quantityPerPeriod * (1 - 1e-9) - TOL);
  return t >= 0 ? net.periods[t] : null;
}

function targetProgress(net: Network, starts: Float64Array): PlanResult["targets"] {
  return net.targets.map((g) => {
    const out = outputOf(net, starts, g.item, g.siteMask);
    let units = 0;
    for (let t = 0; t <= Math.min(g.by, net.T - 1); t++) units += out[t];
    const madeValueUsd = units * net.items[g.item].valueUsd;
    return { id: g.id, by: net.periods[Math.min(Math.max(g.by, 0), net.T - 1)], valueUsd: g.valueUsd, madeValueUsd, met: madeValueUsd >= g.valueUsd * (1 - 1e-9) };
  });
}

function bottlenecks(net: Network, L: LpLayout, sol: LpSolution): Bottleneck[] {
  const { T } = L;
  const sign = L.objective === "max-value" ? 1 : -1;
  const out: Bottleneck[] = [];
  for (let r = 0; r < net.resources.length; r++) {
    for (let t = 0; t < T; t++) {
      const i = L.row.cap + r * T + t;
      const price = sign * sol.rowDual[i];
      if (!(price > TOL)) continue;
      const capacity = net.capacity[r * T + t];
      const used = sol.rowValue[i];
      if (used < capacity - TOL * Math.max(1, capacity)) continue;
      out.push({ resource: net.resources[r].id, period: net.periods[t], shadowPriceUsd: price, utilisation: capacity > 0 ? used / capacity : 1, capacity });
    }
  }
  return out.sort((a, b) => b.shadowPriceUsd - a.shadowPriceUsd || a.period.localeCompare(b.period) || a.resource.localeCompare(b.resource));
}

function bindsWhen(net: Network, list: Bottleneck[]): PlanResult["bindsWhen"] {
  // The list is sorted, so the first entry of a period has its largest shadow price. A resource with no
  // capacity yet (a plant still to come) ties with the one in use; what binds is the one in use.
  const best = new Map<string, Bottleneck>();
  for (const b of list) if (b.capacity > 0 && !best.has(b.period)) best.set(b.period, b);
  for (const b of list) if (!best.has(b.period)) best.set(b.period, b);
  return net.periods.map((period) => {
    const b = best.get(period);
    return { period, resource: b?.resource ?? null, shadowPriceUsd: b?.shadowPriceUsd ?? 0 };
  });
}

function labelled(e: LpEntity, why: "conflict" | "unbounded", net?: Network, L?: LpLayout, j?: number): Conflict {
  let label: string;
  switch (e.kind) {
    case "balance":
      label = `balance of ${e.id} in ${e.period}`;
      break;
    case "capacity":
      label = `capacity of resource ${e.id} in ${e.period}`;
      break;
    case "lane":
      label = `capacity of lane ${e.id} in ${e.period}`;
      break;
    case "demand":
      label = `demand ${e.id} in ${e.period}`;
      break;
    case "unmet":
      label = `demand ${e.id} in ${e.period} must be met in full (hard demand)`;
      break;
    case "ship": {
      const banned = net && L && j !== undefined && net.arcBanned[j - L.col.ship] === 1;
      label = why === "unbounded" ? `shipments on ${e.id} in ${e.period}` : banned ? `export control on ${e.id} in ${e.period}` : `shipment on ${e.id} in ${e.period} would arrive after the horizon`;
      break;
    }
    case "start":
      label = why === "unbounded" ? `starts of operation ${e.id} in ${e.period}` : `operation ${e.id} started in ${e.period} would finish after the horizon`;
      break;
    case "inventory":
      label = `stock of ${e.id} at the end of ${e.period}`;
      break;
    case "delivery":
      label = `deliveries to demand ${e.id} in ${e.period}`;
      break;
  }
  return { ...e, label };
}

function dedupe(list: Conflict[]): Conflict[] {
  const seen = new Set<string>();
  return list.filter((c) => {
    if (seen.has(c.label)) return false;
    seen.add(c.label);
    return true;
  });
}

function conflicts(net: Network, L: LpLayout, sol: LpSolution): Conflict[] {
  if (!sol.iis) return [];
  const rows = sol.iis.rows.map((i) => labelled(describeRow(net, L, i), "conflict"));
  // A column's bounds only matter when they are more than non-negativity: a ban, the horizon, hard demand.
  const cols = sol.iis.cols
    .filter((j) => j >= L.col.unmet || (j >= L.col.ship && j < L.col.inv) || j < L.col.ship)
    .filter((j) => isFixedAtZero(L, j, net))
    .map((j) => labelled(describeCol(net, L, j), "conflict", net, L, j));
  return dedupe([...rows, ...cols]);
}

function isFixedAtZero(L: LpLayout, j: number, net: Network): boolean {
  const { T } = L;
  if (j >= L.col.unmet) return L.hardDemand;
  if (j >= L.col.ship && j < L.col.inv) {
    const a = Math.floor((j - L.col.ship) / T);
    const t = (j - L.col.ship) % T;
    return net.arcBanned[a * T + t] === 1 || t + net.arcTransit[a] >= T;
  }
  if (j < L.col.ship) {
    const o = Math.floor(j / T);
    return (j % T) + net.opLeadTime[o] >= T;
  }
  return false;
}

/** The JSON document of `plan --json`: contract keys first, per-entity arrays by period. */
export type PlanJson = ReturnType<typeof planToJson>;

export function planToJson(net: Network, r: PlanResult) {
  const { T } = net;
  const rows = (a: Float64Array, i: number) => Array.from(a.subarray(i * T, (i + 1) * T), (v) => (Math.abs(v) < 1e-9 ? 0 : v));
  return {
    status: r.status,
    objective: r.objective,
    hardDemand: r.hardDemand,
    objectiveValue: r.objectiveValue,
    periods: r.periods,
    kpis: r.kpis,
    targets: r.targets,
    /** Per target: the cumulative value of its item made at its sites, per period (the plan's line against the target). */
    targetProgress: net.targets.map((g) => {
      const out = outputOf(net, r.starts, g.item, g.siteMask);
      let sum = 0;
      return { id: g.id, cumulativeValueUsd: Array.from(out, (q) => (sum += q * net.items[g.item].valueUsd)) };
    }),
    bottlenecks: r.bottlenecks,
    bottlenecksByResource: bottlenecksByResource(r.bottlenecks),
    bindsWhen: r.bindsWhen,
    conflicts: r.conflicts,
    unboundedBy: r.unboundedBy,
    notes: r.notes,
    solver: r.solver,
    operations: net.operations.map((o, i) => ({ id: o.id, starts: rows(r.starts, i) })),
    shipments: Array.from(net.arcLane, (l, a) => ({ lane: net.lanes[l].id, item: net.items[net.nodeItem[net.arcFrom[a]]].id, quantity: rows(r.shipments, a) })),
    inventory: Array.from(net.nodeItem, (it, n) => ({ item: net.items[it].id, site: net.sites[net.nodeSite[n]].id, quantity: rows(r.inventory, n) })),
    deliveries: net.demands.map((d, i) => ({ demand: d.id, quantity: rows(r.deliveries, i), unmet: rows(r.unmet, i) })),
  };
}

export interface ResourceBottleneck {
  resource: string;
  /** Periods in which its capacity binds with a positive shadow price. */
  periodsBinding: number;
  first: string;
  last: string;
  /** What one more unit of capacity in every binding period is worth: the sum of its shadow prices. */
  totalShadowPriceUsd: number;
  maxShadowPriceUsd: number;
  maxPeriod: string;
  /** False when the resource had no capacity in any period it binds: a plant not built yet that would pay. */
  built: boolean;
}

/**
 * Bottlenecks per resource, ranked by the summed shadow price over the horizon, so that a resource
 * that binds for two years outranks a spike in one period (such as the horizon's last month).
 * Resources in use come first; plants not built yet (no capacity while they bind) after them.
 */
export function bottlenecksByResource(list: readonly Bottleneck[]): ResourceBottleneck[] {
  const byResource = new Map<string, ResourceBottleneck>();
  for (const b of list) {
    const r = byResource.get(b.resource);
    if (!r) {
      byResource.set(b.resource, { resource: b.resource, periodsBinding: 1, first: b.period, last: b.period, totalShadowPriceUsd: b.shadowPriceUsd, maxShadowPriceUsd: b.shadowPriceUsd, maxPeriod: b.period, built: b.capacity > 0 });
      continue;
    }
    r.periodsBinding++;
    r.totalShadowPriceUsd += b.shadowPriceUsd;
    if (b.capacity > 0) r.built = true;
    if (b.period < r.first) r.first = b.period;
    if (b.period > r.last) r.last = b.period;
    if (b.shadowPriceUsd > r.maxShadowPriceUsd) {
      r.maxShadowPriceUsd = b.shadowPriceUsd;
      r.maxPeriod = b.period;
    }
  }
  return [...byResource.values()].sort((a, b) => Number(b.built) - Number(a.built) || b.totalShadowPriceUsd - a.totalShadowPriceUsd || a.resource.localeCompare(b.resource));
}
