// The constrained plan: build the LP from the Network (over a run-out beyond the horizon), solve it in
// stages on one kept HiGHS model, and read back a plain-data result: the KPIs, each target's measure
// with its reconciliation, what limits total output and what limits the target (shadow prices and
// exact +10% re-solves), plants not open yet (worth of opening a quarter earlier), the bottlenecks
// per resource-period and, when there is no plan, the conflicting constraints or the unbounded
// columns. Never throws for a model outcome. docs/planning.md states every rule.
import { cumulativeBy, extendNetwork, longestLeadTime, type MeasureKind, measureByPeriod, measureWeights, type Network, onshoreScope, worldScope } from "../model/index.js";
import { type LpModel, type LpSolution, type LpStatus, solveLp, writeMps } from "./highs.js";
import { type BuiltLp, buildLp, describeCol, describeRow, type LpEntity, type LpLayout, lpNames, type Objective } from "./lp.js";
import { type LpMethod, type LpSession, openSession, type SessionBasis, type SessionSolution } from "./session.js";

export interface PlanOptions {
  /** Default: max-target when the scenario has a target, else max-value. */
  objective?: Objective;
  /** meet-demand only: every unit of demand must be delivered (the plan can then be infeasible). */
  hardDemand?: boolean;
  timeLimitSeconds?: number;
  /** How many candidates per list get an exact +10% re-solve (default 8; 0 skips limits). */
  limitCandidates?: number;
  /** Periods planned beyond the horizon and not reported (default: the longest lead time). */
  runOutPeriods?: number;
  /** The tie-break toward steady production (default true; false is for tests that measure its cost). */
  smoothing?: boolean;
}

export interface Bottleneck {
  resource: string;
  period: string;
  /** USD of objective gained per extra unit of capacity in that period (positive = worth more). */
  shadowPriceUsd: number;
  /** shadowPriceUsd x 10% of the capacity: a first-order value of +10% in that period, comparable across units. */
  tenPercentEstimateUsd: number;
  utilisation: number;
  /** Capacity in that period (always > 0: a resource with no capacity then is not open yet, never binding). */
  capacity: number;
}

export interface Conflict extends LpEntity {
  label: string;
}

export interface Reconciliation {
  /** Value delivered to demand at sites in the target's countries, by its date. */
  deliveredValueUsd: number;
  /** Value of finished goods (the target's items, or every item with demand) assembled there. */
  assembledValueUsd: number;
  /** Value added by operations there, less margins booked to owners. */
  manufacturingContentUsd: number;
  /** Margins booked to owners in those countries, on goods made anywhere. */
  ownedMarginUsd: number;
}

export interface TargetResult {
  id: string;
  by: string;
  measure: MeasureKind;
  countries: string[];
  valueUsd: number;
  /** The measure's value by `by`. */
  madeValueUsd: number;
  met: boolean;
  reconciliation: Reconciliation;
}

/** A resource that limits output (or the target) over a window of periods. */
export interface Limit {
  resource: string;
  unit: string;
  /** First and last period in which its capacity binds with a positive shadow price. */
  from: string;
  to: string;
  periodsBinding: number;
  /** Sum of its shadow prices over the binding periods: one more unit of capacity in each of them, USD. */
  shadowPriceUsd: number;
  /** What 10% more capacity over from..to adds, by an exact re-solve, USD. */
  plusTenPercentUsd: number;
}

export interface NotYetOpen {
  resource: string;
  unit: string;
  /** First period with capacity. */
  opens: string;
  /** What opening a quarter earlier (the whole profile moved forward) adds to the plan's own measure, USD. */
  openQuarterEarlierUsd: number;
  openQuarterEarlierTotalUsd: number;
  openQuarterEarlierTargetUsd: number | null;
}

export interface Limits {
  /** Ranked by plusTenPercentUsd: what limits value delivered (net of costs), from the max-value LP. */
  total: Limit[];
  /** Ranked by plusTenPercentUsd: what limits the first target's measure by its date. */
  target: Limit[];
  notYetOpen: NotYetOpen[];
  /** The target the `target` list is about; null when the scenario has none. */
  targetId: string | null;
}

export interface PlanResult {
  status: LpStatus;
  objective: Objective;
  hardDemand: boolean;
  /** The LP optimum in the sense of the MPS (max for max-value and max-target, min for meet-demand); null unless optimal. */
  objectiveValue: number | null;
  periods: string[];
  /** Periods planned beyond the horizon (not reported). */
  runOutPeriods: number;
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
    /** Value added in the onshore countries (margins booked there included) over all value added, 0..1. */
    onshoreValueShare: number;
    /** The same without margins: manufacturing content onshore over all manufacturing content, 0..1. */
    onshoreManufacturingShare: number;
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
  targets: TargetResult[];
  /** max-target only: the plan that maximises value alone (cost-driven routing), for comparison. */
  costRouted: { objectiveValue: number; deliveredValueUsd: number; targets: TargetResult[] } | null;
  limits: Limits;
  bottlenecks: Bottleneck[];
  /** For each period, the binding capacity whose +10% is worth most (first-order), or null when none binds. */
  bindsWhen: { period: string; resource: string | null; shadowPriceUsd: number }[];
  conflicts: Conflict[];
  /** Columns along which the objective grows without limit. */
  unboundedBy: Conflict[];
  notes: string[];
  /** `method`: how the first solve ran (session.ts's methodFor: interior point with crossover on large LPs). */
  solver: { numCols: number; numRows: number; nonzeros: number; solveSeconds: number; iterations: number; solves: number; method?: LpMethod; message?: string };
}

const TOL = 1e-6;
/** max-target holds the target's optimum within this relative tolerance while it maximises value. */
export const TARGET_TOLERANCE = 1e-9;
const DEFAULT_LIMIT_CANDIDATES = 8;

export function defaultObjective(net: Network): Objective {
  return net.targets.length > 0 ? "max-target" : "max-value";
}

/** A plan's LP over the extended horizon, before any solve. */
export interface Prepared {
  ext: Network;
  built: BuiltLp;
  objective: Objective;
  runOut: number;
  notes: string[];
}

export function prepare(net: Network, options: Pick<PlanOptions, "objective" | "hardDemand" | "runOutPeriods" | "smoothing">): Prepared {
  const notes: string[] = [];
  let objective = options.objective ?? defaultObjective(net);
  if (objective === "max-target" && net.targets.length === 0) {
    notes.push("max-target: the scenario has no target, so the plan maximises value");
    objective = "max-value";
  }
  const runOut = Math.max(0, Math.floor(options.runOutPeriods ?? longestLeadTime(net)));
  const ext = extendNetwork(net, runOut);
  const built = buildLp(ext, { objective, hardDemand: options.hardDemand, smoothing: options.smoothing });
  return { ext, built, objective, runOut, notes };
}

/** The LP of a plan as free MPS, with readable row and column names. For max-target, the first stage (max the target's measure). */
export function planMps(net: Network, options: Pick<PlanOptions, "objective" | "hardDemand" | "runOutPeriods"> = {}): string {
  const { ext, built, objective } = prepare(net, options);
  const model = objective === "max-target" ? { ...built.model, colCost: built.targetCosts[0] } : built.model;
  return writeMps({ ...model, ...lpNames(ext, built.layout) }, net.name);
}

export async function plan(net: Network, options: PlanOptions = {}): Promise<PlanResult> {
  const prep = prepare(net, options);
  const { model } = prep.built;
  if (prep.objective === "meet-demand") {
    const sol = await solveLp(model, { timeLimitSeconds: options.timeLimitSeconds });
    return readPlan(net, prep, sol, model.values.length, { solves: 1 });
  }

  let session: LpSession | undefined;
  try {
    session = await openPlanSession(model, options.timeLimitSeconds);
  } catch (err) {
    return readPlan(net, prep, failedSolution(model, `could not load HiGHS: ${String(err instanceof Error ? err.message : err).slice(0, 300)}`), model.values.length, { solves: 0 });
  }
  try {
    const staged = await solveStages(net, prep, session, model, { timeLimitSeconds: options.timeLimitSeconds });
    const { result } = staged;
    if (!staged.value) return result;
    let solves = staged.solves;
    const k = options.limitCandidates ?? DEFAULT_LIMIT_CANDIDATES;
    if (k > 0) {
      const lim = limits(net, prep, session, k, staged.value, staged.target);
      result.limits = lim.limits;
      solves += lim.solves;
    }
    result.solver.solves = solves;
    result.solver.iterations = session.iterations;
    result.solver.solveSeconds = session.runSeconds;
    result.solver.method = session.method;
    return result;
  } finally {
    session.dispose();
  }
}

/**
 * A kept HiGHS model for the planner's stages. Presolve on the first solve only (stage V from scratch:
 * 650 → 215 ms on the default scenario); every later solve restarts from a basis, which presolve would
 * throw away.
 */
export function openPlanSession(model: LpModel, timeLimitSeconds?: number): Promise<LpSession> {
  return openSession(model, { presolveFirst: true, timeLimitSeconds });
}

/** The bases the three stages ended on: a later solve of the same LP with other bounds or costs starts from them. */
export interface StageBases {
  value?: SessionBasis;
  target?: SessionBasis;
  held?: SessionBasis;
}

export interface Staged {
  result: PlanResult;
  /** The value stage and the target stage (when found), for the limits' re-solves; absent unless optimal. */
  value?: Stage;
  target?: Stage;
  /** The final stage's column values: the plan over the extended horizon; absent unless optimal. */
  colValue?: Float64Array;
  bases: StageBases;
  solves: number;
}

/**
 * The planner's stages on a kept model (max-value or max-target): V, the most value; T, the most on the
 * first target's measure; V|T, the most value with T's optimum held. `model` is the LP as loaded in the
 * session (named by an infeasible plan's conflicts); `warm` restarts each stage from an earlier solve's
 * basis, for a what-if that changed bounds or costs only (src/plan/whatif.ts).
 */
export async function solveStages(net: Network, prep: Prepared, session: LpSession, model: LpModel, options: { timeLimitSeconds?: number; warm?: StageBases } = {}): Promise<Staged> {
  const { built, objective } = prep;
  const nonzeros = model.values.length;
  const warm = options.warm;
  const bases: StageBases = {};
  let solves = 0;
  // Stage V: the most value (net of costs): the cost-driven plan, and the duals of what limits total output.
  if (warm) {
    session.setCosts(model.colCost);
    if (warm.value) session.setBasis(warm.value);
  }
  const v = session.solve();
  solves++;
  if (v.status !== "optimal") {
    // Infeasible or unbounded: a fresh solve names the culprits (IIS, primal ray).
    const sol = v.status === "error" || v.status === "time_limit" ? failedSolution(model, v.status === "time_limit" ? "time limit reached" : "HiGHS failed", v.status) : await solveLp(model, { timeLimitSeconds: options.timeLimitSeconds });
    return { result: readPlan(net, prep, sol, nonzeros, { solves: solves + 1 }), bases, solves: solves + 1 };
  }
  const solV = session.solution();
  bases.value = session.basis();
  let final: SessionSolution = solV;
  let objectiveValue = v.objectiveValue;
  let target: Stage | undefined;
  const targetRow = built.layout.row.target;
  if (net.targets.length > 0) {
    // Stage T: the most the network can do on the first target's measure by its date.
    session.setCosts(built.targetCosts[0]);
    if (warm?.target) session.setBasis(warm.target);
    // From V's basis only the costs changed: it is still primal feasible (see LpSession.solve).
    const m = session.solve({ primal: !warm?.target });
    solves++;
    if (m.status === "optimal") {
      bases.target = session.basis();
      target = { sol: session.solution(), basis: bases.target, optimum: m.objectiveValue };
      if (objective === "max-target") {
        // Stage V|T: the most value with the target's optimum held.
        objectiveValue = m.objectiveValue;
        const lower = m.objectiveValue - TARGET_TOLERANCE * Math.max(1, Math.abs(m.objectiveValue));
        session.setRowBounds([targetRow], [lower], [Number.POSITIVE_INFINITY]);
        session.setCosts(model.colCost);
        // V's basis has V|T's costs and misses only the target's row: the dual simplex restarts from it in
        // a few hundred iterations (from T's basis, which has other costs, it took 9,000).
        session.setBasis(warm?.held ?? bases.value);
        const f = session.solve();
        solves++;
        if (f.status !== "optimal") {
          session.setRowBounds([targetRow], [Number.NEGATIVE_INFINITY], [Number.POSITIVE_INFINITY]);
          return { result: readPlan(net, prep, failedSolution(model, `the value stage of max-target ended ${f.status}`, f.status), nonzeros, { solves }), bases, solves };
        }
        final = session.solution();
        bases.held = session.basis();
        session.setRowBounds([targetRow], [Number.NEGATIVE_INFINITY], [Number.POSITIVE_INFINITY]);
      }
    } else if (objective === "max-target") {
      return { result: readPlan(net, prep, failedSolution(model, `the target stage of max-target ended ${m.status}`, m.status), nonzeros, { solves }), bases, solves };
    } else {
      prep.notes.push(`the target's own optimum could not be found (${m.status}): no list of what limits the target`);
    }
  }
  const result = readPlan(net, prep, { ...final, status: "optimal", objectiveValue, solveSeconds: 0, iterations: 0 }, nonzeros, { solves });
  if (objective === "max-target") {
    result.costRouted = { objectiveValue: v.objectiveValue, ...routed(net, prep, solV) };
    // Bottlenecks are about total output: the max-value LP's duals, not those of value with the target held.
    result.bottlenecks = bottlenecks(net, prep.built.layout, { ...solV, status: "optimal", objectiveValue: v.objectiveValue, solveSeconds: 0, iterations: 0 });
    result.bindsWhen = bindsWhen(net, result.bottlenecks);
  }
  return { result, value: { sol: solV, basis: bases.value, optimum: v.objectiveValue }, target, colValue: final.colValue, bases, solves };
}

function failedSolution(model: LpModel, message: string, status: LpStatus = "error"): LpSolution {
  return {
    status: status === "optimal" ? "error" : status,
    objectiveValue: Number.NaN,
    colValue: new Float64Array(model.numCols),
    rowValue: new Float64Array(model.numRows),
    rowDual: new Float64Array(model.numRows),
    colDual: new Float64Array(model.numCols),
    solveSeconds: 0,
    iterations: 0,
    message,
  };
}

/** The first T periods of each entity's block of an extended-horizon solution. */
function truncated(net: Network, L: LpLayout, x: Float64Array | null, base: number, count: number): Float64Array {
  const { T } = net;
  const T2 = L.T;
  const out = new Float64Array(count * T);
  if (!x) return out;
  for (let i = 0; i < count; i++) {
    for (let t = 0; t < T; t++) {
      const v = x[base + i * T2 + t];
      out[i * T + t] = Math.abs(v) < 1e-9 ? 0 : v; // solver noise (1e-12, -0) reads as zero
    }
  }
  return out;
}

export interface Flows {
  starts: Float64Array;
  shipments: Float64Array;
  inventory: Float64Array;
  deliveries: Float64Array;
  unmet: Float64Array;
}

function flowsOf(net: Network, L: LpLayout, x: Float64Array | null): Flows {
  const D = net.demands.length;
  return {
    starts: truncated(net, L, x, L.col.start, net.operations.length),
    shipments: truncated(net, L, x, L.col.ship, net.arcLane.length),
    inventory: truncated(net, L, x, L.col.inv, net.nodeItem.length),
    deliveries: truncated(net, L, x, L.col.del, D),
    unmet: L.objective === "meet-demand" ? truncated(net, L, x, L.col.unmet, D) : new Float64Array(D * net.T),
  };
}

function routed(net: Network, prep: Prepared, sol: SessionSolution): { deliveredValueUsd: number; targets: TargetResult[] } {
  const f = flowsOf(net, prep.built.layout, sol.colValue);
  let deliveredValueUsd = 0;
  for (let d = 0; d < net.demands.length; d++) for (let t = 0; t < net.T; t++) deliveredValueUsd += f.deliveries[d * net.T + t] * net.demandPrice[d];
  return { deliveredValueUsd, targets: targetResults(net, f.starts, f.deliveries) };
}

function readPlan(net: Network, prep: Prepared, sol: LpSolution, nonzeros: number, extra: { solves: number }): PlanResult {
  const L = prep.built.layout;
  const ok = sol.status === "optimal";
  const f = flowsOf(net, L, ok ? sol.colValue : null);
  const result: PlanResult = {
    status: sol.status,
    objective: prep.objective,
    hardDemand: L.hardDemand,
    objectiveValue: ok ? sol.objectiveValue : null,
    periods: net.periods.slice(),
    runOutPeriods: prep.runOut,
    ...f,
    kpis: planKpis(net, f),
    targets: targetResults(net, f.starts, f.deliveries),
    costRouted: null,
    limits: { total: [], target: [], notYetOpen: [], targetId: net.targets[0]?.id ?? null },
    bottlenecks: [],
    bindsWhen: [],
    conflicts: [],
    unboundedBy: [],
    notes: [...prep.notes, ...L.notes],
    solver: { numCols: L.col.end, numRows: L.row.end, nonzeros, solveSeconds: sol.solveSeconds, iterations: sol.iterations, solves: extra.solves, message: sol.message },
  };
  if (prep.runOut > 0) result.notes.push(`planned over ${prep.runOut} more period(s) beyond the horizon (the longest lead time), so the last months are not an end-of-horizon artefact; they are not reported`);
  if (result.targets.length > 0) result.kpis.targetMet = result.targets[0].met;
  if (ok) {
    result.bottlenecks = bottlenecks(net, L, sol);
    result.bindsWhen = bindsWhen(net, result.bottlenecks);
  }
  if (sol.status === "infeasible") {
    result.conflicts = conflicts(prep.ext, L, sol);
    if (result.conflicts.length === 0) result.notes.push("HiGHS found the LP infeasible but could not isolate a conflicting set");
  }
  if (sol.status === "unbounded") {
    result.unboundedBy = dedupe((sol.rayCols ?? []).map((j) => labelled(describeCol(prep.ext, L, j), "unbounded")));
    if (result.unboundedBy.length === 0) result.notes.push("HiGHS found the LP unbounded but gave no ray to name the culprit");
  }
  return result;
}

/** Good output of operation o started in t, arriving in t + lead. */
const goodOut = (net: Network, starts: Float64Array, o: number, t: number) => starts[o * net.T + t] * net.opOutQty[o] * net.opYield[o * net.T + t];

export function planKpis(net: Network, f: Flows): PlanResult["kpis"] {
  const { T } = net;
  const { starts, shipments: ship, inventory: inv, deliveries: del, unmet } = f;
  const onshore = measureByPeriod(net, measureWeights(net, "contentValue", onshoreScope(net)), starts, del);
  const all = measureByPeriod(net, measureWeights(net, "contentValue", worldScope(net)), starts, del);
  const sumOf = (kind: "manufacturingContent", scope: ReturnType<typeof onshoreScope>) => measureByPeriod(net, measureWeights(net, kind, scope), starts, del).reduce((a, v) => a + v, 0);
  let productionCostUsd = 0;
  for (let o = 0; o < net.operations.length; o++) for (let t = 0; t < T; t++) productionCostUsd += starts[o * T + t] * net.opCost[o];
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
  const share = (on: number, tot: number) => (tot > TOL ? Math.max(0, Math.min(1, on / tot)) : 0);
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
    onshoreManufacturingShare: share(sumOf("manufacturingContent", onshoreScope(net)), sumOf("manufacturingContent", worldScope(net))),
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

/** Good output per period (by arrival) of the items in `itemMask` at the sites in `siteMask`. */
export function outputOf(net: Network, starts: Float64Array, itemMask: Uint8Array, siteMask: Uint8Array): Float64Array {
  const out = new Float64Array(net.T);
  for (let o = 0; o < net.operations.length; o++) {
    if (itemMask[net.nodeItem[net.opOutNode[o]]] !== 1 || siteMask[net.operations[o].site] !== 1) continue;
    for (let t = 0; t + net.opLeadTime[o] < net.T; t++) out[t + net.opLeadTime[o]] += goodOut(net, starts, o, t);
  }
  return out;
}

function massProduction(net: Network, starts: Float64Array): string | null {
  const m = net.milestones[0];
  if (!m) return null;
  const out = outputOf(net, starts, m.itemMask, m.siteMask);
  const t = out.findIndex((q) => q >= m.quantityPerPeriod * (1 - 1e-9) - TOL);
  return t >= 0 ? net.periods[t] : null;
}

/** Items some demand asks for: the finished goods, when a target does not name its own. */
function finishedGoods(net: Network): Uint8Array {
  const mask = new Uint8Array(net.items.length);
  for (let d = 0; d < net.demands.length; d++) mask[net.nodeItem[net.demandNode[d]]] = 1;
  return mask;
}

/** Each target's measure by its date, and the reconciliation of its four readings. */
export function targetResults(net: Network, starts: Float64Array, deliveries: Float64Array): TargetResult[] {
  const finished = finishedGoods(net);
  return net.targets.map((g) => {
    const by = Math.min(Math.max(g.by, 0), net.T - 1);
    const value = (kind: MeasureKind, itemMask = g.itemMask) => cumulativeBy(measureByPeriod(net, measureWeights(net, kind, { itemMask, siteMask: g.siteMask, countries: g.countries }), starts, deliveries), by);
    const goods = g.items.length > 0 ? g.itemMask : finished;
    const reconciliation: Reconciliation = {
      deliveredValueUsd: value("deliveredValue", g.items.length > 0 ? g.itemMask : new Uint8Array(net.items.length).fill(1)),
      assembledValueUsd: value("assembledValue", goods),
      manufacturingContentUsd: value("manufacturingContent"),
      ownedMarginUsd: value("ownedMargin"),
    };
    const madeValueUsd =
      g.measure === "assembledValue"
        ? reconciliation.assembledValueUsd
        : g.measure === "deliveredValue"
          ? reconciliation.deliveredValueUsd
          : reconciliation.manufacturingContentUsd + reconciliation.ownedMarginUsd;
    return { id: g.id, by: net.periods[by], measure: g.measure, countries: g.countries.slice(), valueUsd: g.valueUsd, madeValueUsd, met: madeValueUsd >= g.valueUsd * (1 - 1e-9), reconciliation };
  });
}

/** The first target's measure, cumulative per period. */
export function targetProgressOf(net: Network, starts: Float64Array, deliveries: Float64Array): { id: string; measure: MeasureKind; cumulativeValueUsd: number[] }[] {
  return net.targets.map((g) => {
    const per = measureByPeriod(net, measureWeights(net, g.measure, g), starts, deliveries);
    let sum = 0;
    return { id: g.id, measure: g.measure, cumulativeValueUsd: Array.from(per, (v) => (sum += v)) };
  });
}

function bottlenecks(net: Network, L: LpLayout, sol: LpSolution): Bottleneck[] {
  const T2 = L.T;
  // A positive number always reads "one more unit is worth this much": HiGHS's dual is d(objective)/d(bound)
  // in the model's sense, so a min model's sign flips.
  const sign = L.objective === "meet-demand" ? -1 : 1;
  const out: Bottleneck[] = [];
  for (let r = 0; r < net.resources.length; r++) {
    for (let t = 0; t < net.T; t++) {
      const capacity = net.capacity[r * net.T + t];
      if (!(capacity > 0)) continue; // not open yet: never "binding"
      const i = L.row.cap + r * T2 + t;
      const price = sign * sol.rowDual[i];
      if (!(price > TOL)) continue;
      const used = sol.rowValue[i];
      if (used < capacity - TOL * Math.max(1, capacity)) continue;
      out.push({ resource: net.resources[r].id, period: net.periods[t], shadowPriceUsd: price, tenPercentEstimateUsd: 0.1 * price * capacity, utilisation: used / capacity, capacity });
    }
  }
  // Ranked by the comparable estimate: a shadow price per rack and one per HBM stack do not compare.
  // Estimates within 0.01% of each other are ties, broken by date: the smoothing tie-break
  // (SMOOTHING_WEIGHT) moves a degenerate shadow price by a few parts in 100,000 either way, and which
  // way depends on the solver's path (presolve or not, the basis it starts from), not on the plan.
  return out.sort((a, b) => byValue(b.tenPercentEstimateUsd, a.tenPercentEstimateUsd) || a.period.localeCompare(b.period) || a.resource.localeCompare(b.resource));
}

/** x - y, or 0 when they are within 0.01% of each other (see bottlenecks). */
function byValue(x: number, y: number): number {
  return Math.abs(x - y) <= 1e-4 * Math.max(Math.abs(x), Math.abs(y)) ? 0 : x - y;
}

function bindsWhen(net: Network, list: Bottleneck[]): PlanResult["bindsWhen"] {
  // The list is sorted, so the first entry of a period is the one whose +10% is worth most.
  const best = new Map<string, Bottleneck>();
  for (const b of list) if (!best.has(b.period)) best.set(b.period, b);
  return net.periods.map((period) => {
    const b = best.get(period);
    return { period, resource: b?.resource ?? null, shadowPriceUsd: b?.shadowPriceUsd ?? 0 };
  });
}

// ---------------------------------------------------------------------------------------------
// Limits: shadow prices name the candidates; exact re-solves with 10% more capacity over each one's
// binding window rank them, because a shadow price per CoWoS wafer and one per rack do not compare.

export interface Stage {
  sol: SessionSolution;
  basis: SessionBasis;
  optimum: number;
}

interface Window {
  r: number;
  from: number;
  to: number;
  periods: number;
  dualSum: number;
  estimate: number;
}

function bindingWindows(net: Network, L: LpLayout, sol: SessionSolution, lastPeriod: number): Window[] {
  const T2 = L.T;
  const out: Window[] = [];
  for (let r = 0; r < net.resources.length; r++) {
    let from = -1;
    let to = -1;
    let periods = 0;
    let dualSum = 0;
    let estimate = 0;
    for (let t = 0; t <= Math.min(lastPeriod, net.T - 1); t++) {
      const capacity = net.capacity[r * net.T + t];
      if (!(capacity > 0)) continue;
      const i = L.row.cap + r * T2 + t;
      const price = sol.rowDual[i];
      if (!(price > TOL) || sol.rowValue[i] < capacity - TOL * Math.max(1, capacity)) continue;
      if (from < 0) from = t;
      to = t;
      periods++;
      dualSum += price;
      estimate += price * 0.1 * capacity;
    }
    if (from >= 0) out.push({ r, from, to, periods, dualSum, estimate });
  }
  return out.sort((a, b) => b.estimate - a.estimate || a.r - b.r);
}

/** Re-solve with some capacity rows changed, from a stage's basis; the change is undone after. */
function resolveWith(session: LpSession, stage: Stage, rows: number[], upper: number[]): number | null {
  const lower = rows.map(() => Number.NEGATIVE_INFINITY);
  const old = session.setRowBounds(rows, lower, upper);
  session.setBasis(stage.basis);
  const s = session.solve();
  session.setRowBounds(rows, old.lower, old.upper);
  return s.status === "optimal" ? s.objectiveValue - stage.optimum : null;
}

function limits(net: Network, prep: Prepared, session: LpSession, k: number, value: Stage, target: Stage | undefined): { limits: Limits; solves: number } {
  const L = prep.built.layout;
  const T2 = L.T;
  const capOf = (r: number, t: number) => prep.ext.capacity[r * T2 + t];
  let solves = 0;
  const list = (stage: Stage, lastPeriod: number): Limit[] => {
    const out: Limit[] = [];
    for (const w of bindingWindows(net, L, stage.sol, lastPeriod).slice(0, k)) {
      const rows: number[] = [];
      const upper: number[] = [];
      for (let t = w.from; t <= w.to; t++) {
        rows.push(L.row.cap + w.r * T2 + t);
        upper.push(1.1 * capOf(w.r, t));
      }
      const gain = resolveWith(session, stage, rows, upper);
      solves++;
      if (gain === null) continue;
      const res = net.resources[w.r];
      out.push({ resource: res.id, unit: res.unit, from: net.periods[w.from], to: net.periods[w.to], periodsBinding: w.periods, shadowPriceUsd: w.dualSum, plusTenPercentUsd: Math.max(0, gain) });
    }
    return out.sort((a, b) => b.plusTenPercentUsd - a.plusTenPercentUsd || b.shadowPriceUsd - a.shadowPriceUsd || a.resource.localeCompare(b.resource));
  };

  session.setCosts(prep.built.model.colCost);
  const total = list(value, net.T - 1);
  const by = net.targets[0] ? Math.min(net.targets[0].by, net.T - 1) : -1;
  let targetList: Limit[] = [];
  if (target) {
    session.setCosts(prep.built.targetCosts[0]);
    targetList = list(target, by);
  }

  // Plants not open yet: the value of their whole capacity profile moved a quarter earlier.
  const quarter = net.periods[0]?.includes("W") ? 13 : 3;
  const notYetOpen: NotYetOpen[] = [];
  const opening = net.resources.flatMap((_, r) => {
    if (net.capacity[r * net.T] > 0) return [];
    for (let t = 1; t < net.T; t++) if (net.capacity[r * net.T + t] > 0) return [{ r, opens: t }];
    return [];
  });
  const earlier = (r: number) => {
    const rows: number[] = [];
    const upper: number[] = [];
    for (let t = 0; t < T2; t++) {
      const moved = capOf(r, Math.min(T2 - 1, t + quarter));
      if (moved === capOf(r, t)) continue;
      rows.push(L.row.cap + r * T2 + t);
      upper.push(moved);
    }
    return { rows, upper };
  };
  const gains = opening.map(({ r }) => {
    const { rows, upper } = earlier(r);
    return { rows, upper, total: 0, target: null as number | null };
  });
  session.setCosts(prep.built.model.colCost);
  gains.forEach((g) => {
    g.total = Math.max(0, resolveWith(session, value, g.rows, g.upper) ?? 0);
    solves++;
  });
  if (target) {
    session.setCosts(prep.built.targetCosts[0]);
    gains.forEach((g) => {
      g.target = Math.max(0, resolveWith(session, target, g.rows, g.upper) ?? 0);
      solves++;
    });
  }
  opening.forEach(({ r, opens }, i) => {
    const g = gains[i];
    const res = net.resources[r];
    notYetOpen.push({
      resource: res.id,
      unit: res.unit,
      opens: net.periods[opens],
      openQuarterEarlierUsd: prep.objective === "max-target" && g.target !== null ? g.target : g.total,
      openQuarterEarlierTotalUsd: g.total,
      openQuarterEarlierTargetUsd: g.target,
    });
  });
  notYetOpen.sort((a, b) => b.openQuarterEarlierUsd - a.openQuarterEarlierUsd || a.resource.localeCompare(b.resource));
  session.setCosts(prep.built.model.colCost);
  return { limits: { total, target: targetList, notYetOpen, targetId: net.targets[0]?.id ?? null }, solves };
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
    case "target":
      label = `the measure of target ${e.id} by ${e.period}`;
      break;
    case "commitment":
      label = `commitment ${e.id} in ${e.period}`;
      break;
    case "smoothing":
      label = `change of ${e.id}'s starts into ${e.period}`;
      break;
    case "unsold":
      label = `finished goods left unsold at the end of ${e.period}`;
      break;
    case "change":
      label = `change ${e.id} in ${e.period}`;
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
    /** max-target: the max-value plan's targets (what cost-driven routing alone gives). */
    costRouted: r.costRouted,
    limits: r.limits,
    runOutPeriods: r.runOutPeriods,
    /** Per target: its measure, cumulative per period (the plan's line against the target). */
    targetProgress: targetProgressOf(net, r.starts, r.deliveries),
    bottlenecks: r.bottlenecks,
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
