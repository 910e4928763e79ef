// What it would take: capacity investment planning on top of the planning LP. The LP comes from the
// one builder (lp.ts) over the same run-out as `plan`; this file appends columns and rows to its CSC
// arrays: capacity built per option and decision period (entering the existing capacity rows from
// first output on, along its ramp), a binary per build where an option has a fixed cost, a size row
// per option, a link row per build and a capital-cost row. Two questions: the least capital for the
// target's measure to reach X by D (operating cost only breaks ties), and the most of it for a budget.
// Integer modules and fixed costs make it a MIP on HiGHS (gap reported); otherwise it is an LP. An
// unreachable target is a result: when it becomes reachable, and which lead time or size blocks it.
// Never throws for a model outcome. docs/invest.md states every rule.
import { type ExpansionRef, extendNetwork, longestLeadTime, type MeasureKind, type Network, periodLabel, periodOrdinal, rampFraction } from "../model/index.js";
import { isMip, type LpModel, writeMps } from "./highs.js";
import { type BuiltLp, buildLp, lpNames } from "./lp.js";
import { type LpSession, openSession, type SessionSolve } from "./session.js";

export interface InvestOptions {
  /** The target's value, USD (default: the first target's). */
  targetUsd?: number;
  /** The target's date, a period label inside the horizon (default: the first target's). */
  by?: string;
  /** Maximise the target's measure for this capital budget, USD, instead of minimising capital. */
  budgetUsd?: number;
  /** Also trace capital against the target from 60% to 150% of it. */
  frontier?: boolean;
  /** Relative MIP gap at which HiGHS stops (default 1e-4). */
  mipRelGap?: number;
  /** Per solve, seconds. */
  timeLimitSeconds?: number;
  /** Solve the LP relaxation: modules may be fractional and fixed costs are paid pro rata (x / maxSize). */
  relax?: boolean;
  /** Periods planned beyond the horizon (default: the longest lead time, as for `plan`). */
  runOutPeriods?: number;
  /**
   * Trace only part `index` of `of` of a MIP frontier, for threads that split it (invest.node.ts): part 0
   * holds the main answer, the 100% point and the points that need no solve; the points that need a MIP
   * solve go to the parts in turn. A part above 0 answers nothing but its points. mergeFrontiers joins them.
   */
  frontierPart?: { index: number; of: number };
}

export type InvestStatus = "optimal" | "unreachable" | "infeasible" | "time_limit" | "error";
export type InvestMode = "min-capex" | "max-target";

export interface Build {
  option: string;
  name: string;
  resource: string;
  unit: string;
  site: string;
  country: string;
  /** True when the option builds a new site (a copy of an existing one). */
  newSite: boolean;
  decision: string;
  /** The latest decision that still reaches the target, the other builds as planned (least-capital answers; null otherwise). */
  decideBy: string | null;
  firstOutput: string;
  /** First period at full size (the ramp's end). */
  fullOutput: string;
  /** Capacity built, in the resource's unit per period. */
  size: number;
  /** Whole modules built, or null for an option without modules. */
  modules: number | null;
  capexUsd: number;
  /** The same build at the low and high ends of the option's cost ranges. */
  capexLowUsd: number;
  capexHighUsd: number;
}

export interface FrontierPoint {
  /** Share of the target, 0.6 .. 1.5. */
  share: number;
  targetValueUsd: number;
  status: InvestStatus;
  /** Least capital to reach targetValueUsd by the date; null where it cannot be reached. */
  capexUsd: number | null;
  objectiveValue: number | null;
  /** Capital per extra $1B of target from the previous reachable point, USD; null for the first. */
  marginalCapexPerBillionUsd: number | null;
  mipGap: number | null;
  builds: number;
}

export interface Blocker {
  /** The option whose lead time or size blocks, or null for capacity no option adds to. */
  option: string | null;
  kind: "leadTime" | "maxSize" | "noOption";
  reason: string;
  /** The earliest date by which the target can be reached with every option built in full (the same for every entry), or null. */
  reachableFrom: string | null;
  /** What lifting this block alone adds to the measure by the date (lead time 0, twice the size), USD; for noOption, +10% of the resource. */
  gainUsd: number;
}

export interface InvestResult {
  status: InvestStatus;
  mode: InvestMode;
  /** The optimum in the sense of the MPS that investMps writes (min capital less tie-breaks, or max the measure less tie-breaks). */
  objectiveValue: number | null;
  target: { id: string; valueUsd: number; by: string; measure: MeasureKind; countries: string[] };
  budgetUsd: number | null;
  builds: Build[];
  capexUsd: number;
  capexLowUsd: number;
  capexHighUsd: number;
  /** Production, lane, tariff and holding costs of the plan over the horizon and run-out, USD. */
  operatingCostUsd: number;
  /** The measure by the date that the network with these builds allows at most (max-target: the plan's). */
  reachedValueUsd: number | null;
  met: boolean;
  /** The most of the measure by the date with every option built in full at its earliest decision. */
  maxReachableUsd: number | null;
  /** The most of the measure by the date with nothing built (what `plan`'s max-target reports). */
  baselineValueUsd: number | null;
  mipGap: number | null;
  /** Whether integer modules or fixed costs made it a MIP. */
  mip: boolean;
  frontier: FrontierPoint[];
  blockedBy: Blocker[];
  /** Earliest date by which the target can be reached (null when not within the horizon). */
  reachableFrom: string | null;
  /** When unreachable: what it would take to reach it by reachableFrom. */
  whenReachable: { by: string; capexUsd: number; builds: Build[] } | null;
  notes: string[];
  /** solveSeconds: HiGHS's time over every solve; mainSeconds: the main question's solve alone (for side-by-side benchmarks). */
  solver: { numCols: number; numRows: number; nonzeros: number; integerCols: number; solves: number; solveSeconds: number; mainSeconds: number };
}

/**
 * Weight of the tie-breaks: capital and operating cost when maximising the measure; the measure net of
 * operating cost when minimising capital. Far below any real trade-off: a rack line costs hundreds of
 * thousands of dollars per rack/month of capacity and adds tens of millions of dollars a month.
 */
export const INVEST_TIE_BREAK = 1e-6;
/** Shares of the target that the frontier traces. */
export const FRONTIER_SHARES = [0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5];

/**
 * The shares to trace. 60% to 150% of the target; but when the network as it stands already makes all
 * of that, every point would read $0 and the frontier would say nothing. Then it prices going beyond
 * what the network makes: the target itself (nothing to build), and ten points in 10% steps (or wider, to
 * reach what every option in full allows) from the first step above what the network makes.
 */
export function frontierShares(targetUsd: number, baselineUsd: number, maxReachableUsd: number): number[] {
  const top = FRONTIER_SHARES[FRONTIER_SHARES.length - 1];
  if (!(targetUsd > 0) || baselineUsd < top * targetUsd) return FRONTIER_SHARES;
  const first = Math.floor((baselineUsd / targetUsd) * 10 + 1e-9) / 10 + 0.1;
  const last = Math.floor((maxReachableUsd / targetUsd) * 10 + 1e-9) / 10;
  const step = Math.max(0.1, Math.floor(((last - first) / 9) * 10 + 1e-9) / 10);
  const shares = [1];
  for (let k = 0; k < 10; k++) shares.push(Math.round((first + k * step) * 10) / 10);
  return shares;
}
const TOL = 1e-6;
const DEFAULT_MIP_GAP = 1e-4;
const MAX_RELIEF_SOLVES = 8;
const MAX_DECIDE_BY = 10;

/** Where one option's columns and rows live. */
interface OptionLayout {
  e: ExpansionRef;
  /** Decision periods from..to (none when to < from). */
  from: number;
  to: number;
  build: number;
  /** First fixed-cost (open) column, or -1. */
  open: number;
  sizeRow: number;
  /** First link row, or -1. */
  linkRow: number;
  /** Capacity per unit of a build column: the module, or 1. */
  unit: number;
  /** Most units: whole modules that fit, or maxSize. */
  maxUnits: number;
}

interface Setup {
  net: Network;
  ext: Network;
  built: BuiltLp;
  by: number;
  targetUsd: number;
  /** The invest model (max sense; costs set per question) and its reach model (every option in full). */
  model: LpModel;
  reach: LpModel;
  options: OptionLayout[];
  capexRow: number;
  targetRow: number;
  /** Per column of the invest model: capital cost, operating cost, the measure by the date. */
  capex: Float64Array;
  opex: Float64Array;
  measure: Float64Array;
  /** Per base column: the period its output or delivery counts in (-1 where it never counts), and its weight in the measure to the horizon's end. */
  arrival: Int32Array;
  wide: Float64Array;
  /** First reach column: options in order, two each (built in full at the earliest decision; the same without its lead time). */
  reachCol: number;
  /** Per option, the reach model's first column of capacity per unit decided in each period of its window (held at 0), and the window's last period. */
  atCol: Int32Array;
  atTo: Int32Array;
}

/** The period index of a label, or throws: a date outside the horizon is a broken call, checked at the edges. */
function indexOf(net: Network, label: string): number {
  const i = net.periods.indexOf(label);
  if (i < 0) throw new Error(`${label} is not a period of the horizon ${net.periods[0]}..${net.periods[net.T - 1]}`);
  return i;
}

/** Label of any period index, also beyond the run-out. */
function labelOf(net: Network, k: number): string {
  if (k >= 0 && k < net.periods.length) return net.periods[k];
  const bucket = net.periods[0].includes("W") ? "week" : "month";
  return periodLabel((periodOrdinal(net.periods[0], bucket) as number) + k, bucket);
}

/** Share of a build's size available k periods after its first output. */
const rampAt = (e: ExpansionRef, k: number) => rampFraction(k, e.rampPeriods, e.rampShape);

interface NewCol {
  cost: number;
  lower: number;
  upper: number;
  integer: boolean;
  rows: number[];
  values: number[];
}

/** The base model with columns and rows appended (new rows' entries come only from new columns). */
function appended(base: LpModel, cols: NewCol[], rowLower: number[], rowUpper: number[]): LpModel {
  const n = base.numCols + cols.length;
  const nnz = base.values.length + cols.reduce((s, c) => s + c.rows.length, 0);
  const starts = new Int32Array(n + 1);
  starts.set(base.starts);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  indices.set(base.indices);
  values.set(base.values);
  let k = base.values.length;
  cols.forEach((c, i) => {
    for (let q = 0; q < c.rows.length; q++) {
      indices[k] = c.rows[q];
      values[k] = c.values[q];
      k++;
    }
    starts[base.numCols + i + 1] = k;
  });
  const cat = (a: Float64Array, b: number[]) => {
    const out = new Float64Array(a.length + b.length);
    out.set(a);
    out.set(b, a.length);
    return out;
  };
  const integrality = new Int32Array(n);
  cols.forEach((c, i) => {
    if (c.integer) integrality[base.numCols + i] = 1;
  });
  return {
    sense: base.sense,
    numCols: n,
    numRows: base.numRows + rowLower.length,
    colCost: cat(base.colCost, cols.map((c) => c.cost)),
    colLower: cat(base.colLower, cols.map((c) => c.lower)),
    colUpper: cat(base.colUpper, cols.map((c) => c.upper)),
    rowLower: cat(base.rowLower, rowLower),
    rowUpper: cat(base.rowUpper, rowUpper),
    starts,
    indices,
    values,
    integrality,
  };
}

/** The capacity rows a build enters (negative: it adds capacity), from its first output on along its ramp, per unit of `scale`. */
function capacityEntries(e: ExpansionRef, capRow: number, T2: number, firstOutput: number, scale: number): { rows: number[]; values: number[] } {
  const rows: number[] = [];
  const values: number[] = [];
  for (let t = Math.max(0, firstOutput); t < T2; t++) {
    const v = scale * rampAt(e, t - firstOutput);
    if (v === 0) continue;
    rows.push(capRow + t);
    values.push(-v);
  }
  return { rows, values };
}

function setup(net0: Network, targetUsd: number, by: number, options: InvestOptions): Setup {
  const g = net0.targets[0];
  // The target row holds the measure by the asked date; a second, free one holds it to the horizon's
  // end, for the search over dates when the target cannot be reached.
  const net: Network = { ...net0, targets: [{ ...g, valueUsd: targetUsd, by }, { ...g, id: `${g.id}@horizon`, by: net0.T - 1 }] };
  const runOut = Math.max(0, Math.floor(options.runOutPeriods ?? longestLeadTime(net)));
  const ext = extendNetwork(net, runOut);
  // No steady-production tie-break: it would double the columns a MIP branches over, and the
  // question here is what to build, not how to smooth the months.
  const built = buildLp(ext, { objective: "max-value", smoothing: false });
  const L = built.layout;
  const T2 = L.T;
  const base = built.model;
  const nb = base.numCols;

  // Operating cost per base column: the max-value LP's costs with the sign turned (deliveries earn, they cost nothing).
  const baseOpex = new Float64Array(nb);
  for (let j = 0; j < nb; j++) if (j < L.col.del || j >= L.col.unmet) baseOpex[j] = -base.colCost[j];
  const arrival = new Int32Array(nb).fill(-1);
  for (let o = 0; o < ext.operations.length; o++) for (let t = 0; t < T2; t++) arrival[L.col.start + o * T2 + t] = t + ext.opLeadTime[o];
  for (let d = 0; d < ext.demands.length; d++) for (let t = 0; t < T2; t++) arrival[L.col.del + d * T2 + t] = t;

  const cols: NewCol[] = [];
  const rowLower: number[] = [];
  const rowUpper: number[] = [];
  const capexRow = base.numRows;
  rowLower.push(Number.NEGATIVE_INFINITY);
  rowUpper.push(options.budgetUsd ?? Number.POSITIVE_INFINITY);
  const layouts: OptionLayout[] = [];
  for (const e of net.expansions) {
    const unit = e.moduleSize ?? 1;
    const maxUnits = e.moduleSize !== null ? Math.floor(e.maxSize / e.moduleSize + 1e-9) : e.maxSize;
    // One decision period: the earliest. Capital here does not depend on when it is spent and built
    // capacity costs nothing idle, so a later decision is never better (same cost, no more capacity in
    // any period, since a ramp only rises); the columns below take a range of periods all the same, for
    // when costs come to depend on time. A build decided after by - leadTime has its first output
    // after the date: it cannot count, and the option gets no column.
    const from = e.earliest;
    const to = Math.min(e.latest, by - e.leadTime, net.T - 1) >= from ? from : from - 1;
    const sizeRow = base.numRows + rowLower.length;
    rowLower.push(Number.NEGATIVE_INFINITY);
    rowUpper.push(e.maxSize);
    const fixed = e.fixedCapexUsd > 0;
    const linkRow = fixed && to >= from ? base.numRows + rowLower.length : -1;
    if (linkRow >= 0) {
      for (let tau = from; tau <= to; tau++) {
        rowLower.push(Number.NEGATIVE_INFINITY);
        rowUpper.push(0);
      }
    }
    const capRow = L.row.cap + e.resource * T2;
    const build = nb + cols.length;
    for (let tau = from; tau <= to; tau++) {
      const c = capacityEntries(e, capRow, T2, tau + e.leadTime, unit);
      c.rows.push(sizeRow, capexRow);
      c.values.push(unit, e.capexPerUnitUsd * unit);
      if (linkRow >= 0) {
        c.rows.push(linkRow + tau - from);
        c.values.push(unit);
      }
      cols.push({ cost: 0, lower: 0, upper: maxUnits, integer: e.moduleSize !== null, ...c });
    }
    const open = linkRow >= 0 ? nb + cols.length : -1;
    if (linkRow >= 0) {
      for (let tau = from; tau <= to; tau++) cols.push({ cost: 0, lower: 0, upper: 1, integer: true, rows: [linkRow + tau - from, capexRow], values: [-e.maxSize, e.fixedCapexUsd] });
    }
    layouts.push({ e, from, to, build, open, sizeRow, linkRow, unit, maxUnits });
  }
  const model = appended(base, cols, rowLower, rowUpper);
  if (options.relax) delete model.integrality;
  const n = model.numCols;
  const capex = new Float64Array(n);
  const opex = new Float64Array(n);
  opex.set(baseOpex);
  for (let j = nb; j < n; j++) {
    // The capital-cost row's coefficient is each new column's capital cost.
    for (let q = model.starts[j]; q < model.starts[j + 1]; q++) if (model.indices[q] === capexRow) capex[j] = model.values[q];
  }
  const measure = new Float64Array(n);
  measure.set(built.targetCosts[0]);
  const targetRow = L.row.target;
  model.rowLower[targetRow] = options.budgetUsd === undefined ? targetUsd : Number.NEGATIVE_INFINITY;

  // The reach model: every option built in full at its earliest decision (fixed), and the same
  // capacity without its lead time (held at 0 unless asked). A pure LP, so it has duals.
  const reachCols: NewCol[] = [];
  for (const e of net.expansions) {
    const full = (e.moduleSize !== null ? Math.floor(e.maxSize / e.moduleSize + 1e-9) * e.moduleSize : e.maxSize) || 0;
    const capRow = L.row.cap + e.resource * T2;
    const decided = e.earliest <= Math.min(e.latest, net.T - 1);
    const late = capacityEntries(e, capRow, T2, e.earliest + e.leadTime, full);
    const now = capacityEntries(e, capRow, T2, e.earliest, full);
    reachCols.push({ cost: 0, lower: decided ? 1 : 0, upper: decided ? 1 : 0, integer: false, ...late });
    reachCols.push({ cost: 0, lower: 0, upper: 0, integer: false, ...now });
  }
  // Capacity per unit decided in each period of an option's window: how late a build could be decided.
  const atCol = new Int32Array(net.expansions.length);
  const atTo = new Int32Array(net.expansions.length);
  net.expansions.forEach((e, i) => {
    atCol[i] = nb + reachCols.length;
    atTo[i] = Math.min(e.latest, by - e.leadTime, net.T - 1);
    for (let tau = e.earliest; tau <= atTo[i]; tau++) reachCols.push({ cost: 0, lower: 0, upper: 0, integer: false, ...capacityEntries(e, L.row.cap + e.resource * T2, T2, tau + e.leadTime, 1) });
  });
  const reach = appended(base, reachCols, [], []);
  delete reach.integrality;
  return { net, ext, built, by, targetUsd, model, reach, options: layouts, capexRow, targetRow, capex, opex, measure, arrival, wide: built.targetCosts[1], reachCol: nb, atCol, atTo };
}

/** Costs in the invest model's max sense for each question. */
function costsFor(s: Setup, question: "min-capex" | "max-target" | "reached"): Float64Array {
  const n = s.model.numCols;
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    // Capital first. Operating cost counts only as a tie-break, with the measure: among plans with the
    // least capital, the one that makes the most of the target net of operating cost (so builds come
    // early rather than late). At full weight operating cost would buy capacity to save freight and
    // stock, and "what it takes" would read as a business case.
    if (question === "min-capex") out[j] = -s.capex[j] + INVEST_TIE_BREAK * (s.measure[j] - s.opex[j]);
    else if (question === "max-target") out[j] = s.measure[j] - INVEST_TIE_BREAK * (s.capex[j] + s.opex[j]);
    else out[j] = s.measure[j] - INVEST_TIE_BREAK * s.opex[j];
  }
  return out;
}

/** The measure by period `d` as costs of the reach model. */
function measureBy(s: Setup, d: number): Float64Array {
  const out = new Float64Array(s.reach.numCols);
  for (let j = 0; j < s.arrival.length; j++) if (s.arrival[j] >= 0 && s.arrival[j] <= d) out[j] = s.wide[j];
  return out;
}

/** The MPS of the invest model for the question asked, with integer markers, readable names and the sense of objectiveValue. */
export function investMps(net: Network, options: InvestOptions = {}): string {
  const g = net.targets[0];
  if (!g) throw new Error("invest needs a target: the scenario has none");
  const s = setup(net, options.targetUsd ?? g.valueUsd, options.by !== undefined ? indexOf(net, options.by) : g.by, options);
  const min = options.budgetUsd === undefined;
  const costs = costsFor(s, min ? "min-capex" : "max-target");
  if (min) for (let j = 0; j < costs.length; j++) costs[j] = -costs[j];
  const { colNames, rowNames } = lpNames(s.ext, s.built.layout);
  // Appended in this order: per option its builds, then its opens.
  for (const o of s.options) {
    for (let tau = o.from; tau <= o.to; tau++) colNames.push(`build[${o.e.id},${labelOf(s.net, tau)}]`);
    if (o.open >= 0) for (let tau = o.from; tau <= o.to; tau++) colNames.push(`open[${o.e.id},${labelOf(s.net, tau)}]`);
  }
  rowNames.push("capex");
  for (const o of s.options) {
    rowNames.push(`size[${o.e.id}]`);
    if (o.linkRow >= 0) for (let tau = o.from; tau <= o.to; tau++) rowNames.push(`link[${o.e.id},${labelOf(s.net, tau)}]`);
  }
  return writeMps({ ...s.model, sense: min ? "min" : "max", colCost: costs, colNames, rowNames }, `${net.name}-invest`);
}

export async function invest(net: Network, options: InvestOptions = {}): Promise<InvestResult> {
  const g = net.targets[0];
  if (!g) throw new Error("invest needs a target: the scenario has none");
  const targetUsd = options.targetUsd ?? g.valueUsd;
  const by = options.by !== undefined ? indexOf(net, options.by) : g.by;
  const s = setup(net, targetUsd, by, options);
  const mode: InvestMode = options.budgetUsd === undefined ? "min-capex" : "max-target";
  const mip = isMip(s.model);
  const result: InvestResult = {
    status: "error",
    mode,
    objectiveValue: null,
    target: { id: g.id, valueUsd: targetUsd, by: net.periods[by], measure: g.measure, countries: g.countries.slice() },
    budgetUsd: options.budgetUsd ?? null,
    builds: [],
    capexUsd: 0,
    capexLowUsd: 0,
    capexHighUsd: 0,
    operatingCostUsd: 0,
    reachedValueUsd: null,
    met: false,
    maxReachableUsd: null,
    baselineValueUsd: null,
    mipGap: null,
    mip,
    frontier: [],
    blockedBy: [],
    reachableFrom: null,
    whenReachable: null,
    notes: [],
    solver: { numCols: s.model.numCols, numRows: s.model.numRows, nonzeros: s.model.values.length, integerCols: countIntegers(s.model), solves: 0, solveSeconds: 0, mainSeconds: 0 },
  };
  for (const e of net.expansions) {
    const o = s.options.find((x) => x.e === e) as OptionLayout;
    if (o.to < o.from) result.notes.push(`${e.id}: decided at the earliest in ${net.periods[e.earliest]}, its first output (${labelOf(net, e.earliest + e.leadTime)}) comes after ${net.periods[by]}: it cannot count toward the target`);
  }

  const sessions: LpSession[] = [];
  const open = async (m: LpModel, costs: Float64Array[]) => {
    const session = await openSession(m, {
      // Presolve: an LP only on its first solve, when large; a MIP on every solve, since branch and bound
      // starts each root LP from scratch whatever the kept basis. Measured: 200 options, 75 integer
      // columns, 12k-31k columns: a third to half faster; the default scenario's invest with its frontier
      // (8 integer columns, 15.9k columns, 14 solves): 18.0 s without it, 14.5 s with it.
      presolveFirst: isMip(m) || m.numCols > 50_000,
      timeLimitSeconds: options.timeLimitSeconds,
      mipRelGap: options.mipRelGap ?? DEFAULT_MIP_GAP,
      ...scaling(m, costs),
    });
    sessions.push(session);
    return session;
  };
  const solve = (session: LpSession) => {
    result.solver.solves++;
    return session.solve();
  };
  try {
    // The most the network can do by the date with every option in full: whether the target can be reached at all.
    const reach = await open(s.reach, [s.wide]);
    reach.setCosts(measureBy(s, by));
    const r = solve(reach);
    if (r.status !== "optimal") {
      result.status = r.status === "infeasible" ? "infeasible" : r.status === "time_limit" ? "time_limit" : "error";
      result.notes.push(`the network with every option built could not be planned (${r.status})`);
      return result;
    }
    result.maxReachableUsd = r.objectiveValue;
    const reachable = r.objectiveValue >= targetUsd * (1 - 1e-9) - TOL;
    const basis = reach.basis();
    if (net.expansions.length > 0) {
      // The same with nothing built.
      const fullCols = net.expansions.map((_, i) => s.reachCol + 2 * i);
      const old = reach.setColBounds(
        fullCols,
        fullCols.map(() => 0),
        fullCols.map(() => 0),
      );
      const b = solve(reach);
      result.baselineValueUsd = b.status === "optimal" ? b.objectiveValue : null;
      reach.setColBounds(fullCols, old.lower, old.upper);
      reach.setBasis(basis);
    } else result.baselineValueUsd = r.objectiveValue;

    // Opened only when needed: an unreachable target without a frontier never solves it.
    let kept: LpSession | undefined;
    const mainSession = async () => {
      kept ??= await open(s.model, [costsFor(s, "min-capex"), costsFor(s, "max-target")]);
      return kept;
    };
    // The question asked, on the invest model; its own solve time is kept apart for benchmarks.
    const answer = async (question: InvestMode) => {
      const main = await mainSession();
      main.setCosts(costsFor(s, question));
      const before = main.runSeconds;
      const m = solve(main);
      result.solver.mainSeconds = main.runSeconds - before;
      readMain(s, main, m, result, question);
      return { main, m };
    };
    const part = options.frontier ? options.frontierPart : undefined;
    if (part && part.index > 0) {
      // A helper part: its frontier points alone (see InvestOptions.frontierPart).
    } else if (mode === "max-target") await answer("max-target");
    else if (reachable) {
      const { main, m } = await answer("min-capex");
      if (m.hasSolution) {
        // With these builds held, the most of the measure by the date (at least the target; more where modules round up).
        const x = main.colValue();
        const fixed = buildColumns(s);
        const held = fixed.map((j) => (s.model.integrality?.[j] ? Math.round(x[j]) : x[j]));
        const old = main.setColBounds(fixed, held, held);
        main.setCosts(costsFor(s, "reached"));
        const back = solve(main);
        if (back.hasSolution) result.reachedValueUsd = main.colValue().reduce((sum, v, j) => sum + v * s.measure[j], 0);
        main.setColBounds(fixed, old.lower, old.upper);
        main.setCosts(costsFor(s, "min-capex"));
        decideBy(s, reach, result.builds, solve);
      }
    } else {
      result.status = "unreachable";
      result.reachedValueUsd = null;
      await unreachable(s, reach, r.objectiveValue, result, solve, options);
    }
    result.met = result.reachedValueUsd !== null && result.reachedValueUsd >= targetUsd * (1 - 1e-9) - TOL;

    if (options.frontier) {
      const main = await mainSession();
      // The frontier asks for the least capital, whatever the main question was (a budget is lifted).
      if (mode === "max-target") main.setRowBounds([s.capexRow], [Number.NEGATIVE_INFINITY], [Number.POSITIVE_INFINITY]);
      main.setCosts(costsFor(s, "min-capex"));
      // The main answer is the frontier's 100% point when it asked the same question.
      const known = mode === "min-capex" && result.status === "optimal" ? result : null;
      result.frontier = frontier(s, main, result.maxReachableUsd ?? 0, result.baselineValueUsd ?? 0, known, solve, part);
      if (!part) result.frontier = mergeFrontiers([result.frontier]);
    }
    result.solver.solveSeconds = sessions.reduce((sum, x) => sum + x.runSeconds, 0);
    return result;
  } finally {
    for (const x of sessions) x.dispose();
  }
}

/**
 * Powers of two that bring the largest cost near 2^16 and the largest finite bound near 2^24 inside
 * HiGHS. A target of $500B against capital of $1B per line spans more than HiGHS's tolerances like,
 * and unscaled the MIPs here took three to four times as long.
 */
function scaling(m: LpModel, costs: Float64Array[]): { objectiveScale: number; boundScale: number } {
  let cost = 0;
  for (const c of costs) for (let j = 0; j < c.length; j++) cost = Math.max(cost, Math.abs(c[j]));
  let bound = 0;
  for (const a of [m.rowLower, m.rowUpper, m.colLower, m.colUpper]) for (let i = 0; i < a.length; i++) if (Number.isFinite(a[i])) bound = Math.max(bound, Math.abs(a[i]));
  const exponent = (max: number, target: number) => (max > 0 ? -Math.max(0, Math.ceil(Math.log2(max)) - target) : 0);
  return { objectiveScale: exponent(cost, 16), boundScale: exponent(bound, 24) };
}

/**
 * For each build (the costliest first, MAX_DECIDE_BY at most), the latest decision that still reaches
 * the target with the other builds as planned: bisection on the reach model, since a later decision
 * gives no more capacity in any period and so never more of the measure.
 */
function decideBy(s: Setup, reach: LpSession, builds: Build[], solve: (x: LpSession) => SessionSolve): void {
  if (builds.length === 0) return;
  const net = s.net;
  const index = new Map(net.expansions.map((e, i) => [e.id, i]));
  const held = builds.map((b) => ({ b, i: index.get(b.option) as number }));
  const full = net.expansions.map((_, i) => s.reachCol + 2 * i);
  const at = held.map((h) => s.atCol[h.i] + net.periods.indexOf(h.b.decision) - net.expansions[h.i].earliest);
  const oldFull = reach.setColBounds(
    full,
    full.map(() => 0),
    full.map(() => 0),
  );
  const sizes = held.map((h) => h.b.size);
  const oldAt = reach.setColBounds(at, sizes, sizes);
  reach.setCosts(measureBy(s, s.by));
  const enough = (r: SessionSolve) => r.status === "optimal" && r.objectiveValue >= s.targetUsd * (1 - 1e-9) - TOL;
  if (enough(solve(reach))) {
    const basis = reach.basis();
    const order = held.map((h, k) => ({ ...h, k })).sort((a, c) => c.b.capexUsd - a.b.capexUsd || a.b.option.localeCompare(c.b.option));
    for (const h of order.slice(0, MAX_DECIDE_BY)) {
      const from = at[h.k];
      const decided = net.periods.indexOf(h.b.decision);
      const ok = (tau: number) => {
        if (tau === decided) return true;
        const to = from + tau - decided;
        const old = reach.setColBounds([from, to], [0, h.b.size], [0, h.b.size]);
        reach.setBasis(basis);
        const r = solve(reach);
        reach.setColBounds([from, to], old.lower, old.upper);
        return enough(r);
      };
      let lo = decided;
      let hi = s.atTo[h.i];
      if (ok(hi)) lo = hi;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (ok(mid)) lo = mid;
        else hi = mid;
      }
      h.b.decideBy = net.periods[lo];
    }
  }
  reach.setColBounds(at, oldAt.lower, oldAt.upper);
  reach.setColBounds(full, oldFull.lower, oldFull.upper);
}

const countIntegers = (m: LpModel) => m.integrality?.reduce((a, b) => a + (b !== 0 ? 1 : 0), 0) ?? 0;

/** Every build and open column of the invest model. */
function buildColumns(s: Setup): number[] {
  const out: number[] = [];
  for (const o of s.options) {
    for (let tau = o.from; tau <= o.to; tau++) {
      out.push(o.build + tau - o.from);
      if (o.open >= 0) out.push(o.open + tau - o.from);
    }
  }
  return out;
}

function statusOf(m: SessionSolve): InvestStatus {
  if (m.status === "optimal") return "optimal";
  if (m.status === "infeasible") return "infeasible";
  if (m.status === "time_limit") return "time_limit";
  return "error";
}

/** Builds, capital and costs from the main model's last solve. */
function readMain(s: Setup, main: LpSession, m: SessionSolve, result: InvestResult, question: InvestMode): void {
  result.status = statusOf(m);
  result.mipGap = result.mip && m.hasSolution ? m.mipGap : null;
  if (!m.hasSolution) {
    result.notes.push(`the ${question} solve ended ${m.status} without a solution`);
    return;
  }
  if (m.status === "time_limit") result.notes.push(`stopped by the time limit at a gap of ${((m.mipGap ?? 0) * 100).toFixed(2)}%: the builds are the best found, not proven optimal`);
  const x = main.colValue();
  result.objectiveValue = question === "min-capex" ? -m.objectiveValue : m.objectiveValue;
  result.builds = buildsOf(s, x);
  result.capexUsd = result.builds.reduce((sum, b) => sum + b.capexUsd, 0);
  result.capexLowUsd = result.builds.reduce((sum, b) => sum + b.capexLowUsd, 0);
  result.capexHighUsd = result.builds.reduce((sum, b) => sum + b.capexHighUsd, 0);
  let opex = 0;
  for (let j = 0; j < s.built.model.numCols; j++) opex += x[j] * s.opex[j];
  result.operatingCostUsd = opex;
  if (question === "max-target") {
    let reached = 0;
    for (let j = 0; j < x.length; j++) reached += x[j] * s.measure[j];
    result.reachedValueUsd = reached;
  }
}

function buildsOf(s: Setup, x: ArrayLike<number>): Build[] {
  const out: Build[] = [];
  for (const o of s.options) {
    const e = o.e;
    const res = s.net.resources[e.resource];
    const site = s.net.sites[res.site];
    for (let tau = o.from; tau <= o.to; tau++) {
      const v = x[o.build + tau - o.from];
      if (!(v > TOL * Math.max(1, o.maxUnits))) continue;
      // In a MIP whole modules and builds (solver noise rounded off); in the LP relaxation, fractions.
      const whole = isMip(s.model);
      const units = e.moduleSize !== null && whole ? Math.round(v) : v;
      const opened = o.open >= 0 ? (whole ? Math.round(x[o.open + tau - o.from]) : x[o.open + tau - o.from]) : 0;
      const size = units * o.unit;
      const cost = (perUnit: number, fixed: number) => perUnit * size + (o.open >= 0 ? fixed * opened : 0);
      out.push({
        option: e.id,
        name: e.name,
        resource: res.id,
        unit: res.unit,
        site: site.id,
        country: site.country,
        newSite: e.newSite !== null,
        decision: s.net.periods[tau],
        decideBy: null,
        firstOutput: labelOf(s.net, tau + e.leadTime),
        fullOutput: labelOf(s.net, tau + e.leadTime + Math.max(0, e.rampPeriods - 1)),
        size,
        modules: e.moduleSize !== null ? units : null,
        capexUsd: cost(e.capexPerUnitUsd, e.fixedCapexUsd),
        capexLowUsd: cost(e.capexPerUnitRange[0], e.fixedCapexRange[0]),
        capexHighUsd: cost(e.capexPerUnitRange[1], e.fixedCapexRange[1]),
      });
    }
  }
  return out.sort((a, b) => a.decision.localeCompare(b.decision) || b.capexUsd - a.capexUsd || a.option.localeCompare(b.option));
}

/**
 * Capital against the target, 60% to 150% of it, on the kept model: only the target row's bound
 * changes. Each MIP point is solved on its own (HiGHS presolves and starts every MIP afresh, and a start
 * from the point above did not make it faster), so that a part of the frontier traced in another thread
 * gives the same points; an LP's points restart from the kept basis, and are never split.
 * Marginals are left to mergeFrontiers.
 */
function frontier(
  s: Setup,
  main: LpSession,
  maxReachable: number,
  baseline: number,
  known: InvestResult | null,
  solve: (x: LpSession) => SessionSolve,
  part?: { index: number; of: number },
): FrontierPoint[] {
  const points: FrontierPoint[] = [];
  const old = main.setRowBounds([s.targetRow], [s.targetUsd], [Number.POSITIVE_INFINITY]);
  const mip = isMip(s.model);
  let solved = 0; // points that needed a solve so far, the 100% point apart: the parts take them in turn
  for (const share of [...frontierShares(s.targetUsd, baseline, maxReachable)].reverse()) {
    const value = share * s.targetUsd;
    const point: FrontierPoint = { share, targetValueUsd: value, status: "unreachable", capexUsd: null, objectiveValue: null, marginalCapexPerBillionUsd: null, mipGap: null, builds: 0 };
    const unreachable = value > maxReachable * (1 + 1e-9) + TOL;
    // Within what the network makes as it stands: nothing to build, nothing to solve.
    const free = value <= baseline * (1 - 1e-9) - TOL;
    const needsSolve = !unreachable && !free && share !== 1;
    const owner = part && needsSolve && mip ? solved % part.of : 0;
    if (needsSolve) solved++;
    if (part && owner !== part.index) continue;
    points.push(point);
    if (unreachable) continue;
    if (free) {
      Object.assign(point, { status: "optimal", capexUsd: 0 });
      continue;
    }
    if (share === 1 && known) {
      Object.assign(point, { status: known.status, capexUsd: known.capexUsd, objectiveValue: known.objectiveValue, mipGap: known.mipGap, builds: known.builds.length });
      continue;
    }
    main.setRowBounds([s.targetRow], [value], [Number.POSITIVE_INFINITY]);
    const m = solve(main);
    point.status = statusOf(m);
    if (!m.hasSolution) continue;
    const builds = buildsOf(s, main.colValue());
    point.capexUsd = builds.reduce((sum, b) => sum + b.capexUsd, 0);
    point.objectiveValue = -m.objectiveValue;
    point.mipGap = mip ? m.mipGap : null;
    point.builds = builds.length;
  }
  main.setRowBounds([s.targetRow], old.lower, old.upper);
  return points;
}

/** The parts of a frontier (InvestOptions.frontierPart) as one, by share, with each point's marginal capital over the one below. */
export function mergeFrontiers(parts: readonly FrontierPoint[][]): FrontierPoint[] {
  const points = parts.flat().map((p) => ({ ...p, marginalCapexPerBillionUsd: null as number | null }));
  points.sort((a, b) => a.share - b.share);
  let prev: FrontierPoint | null = null;
  for (const p of points) {
    if (p.capexUsd === null) continue;
    if (prev && prev.capexUsd !== null) p.marginalCapexPerBillionUsd = (p.capexUsd - prev.capexUsd) / ((p.targetValueUsd - prev.targetValueUsd) / 1e9);
    prev = p;
  }
  return points;
}

/**
 * The target cannot be reached by its date even with every option in full: when can it be (the
 * earliest date, by bisection: the most the network can make grows with the date), and what blocks
 * it (each option's lead time and size, by exact re-solves ranked by their reduced costs; else the
 * capacity that binds with no option to add to it).
 */
async function unreachable(s: Setup, reach: LpSession, most: number, result: InvestResult, solve: (x: LpSession) => SessionSolve, options: InvestOptions): Promise<void> {
  const net = s.net;
  const by = s.by;
  const mostBy = (d: number): number | null => {
    reach.setCosts(measureBy(s, d));
    const r = solve(reach);
    return r.status === "optimal" ? r.objectiveValue : null;
  };
  // Reduced costs and duals at the date, before the search moves the costs.
  reach.setCosts(measureBy(s, by));
  solve(reach);
  const sol = reach.solution();
  const basis = reach.basis();

  let from: number | null = null;
  const last = net.T - 1;
  const enough = (v: number | null) => v !== null && v >= s.targetUsd * (1 - 1e-9) - TOL;
  if (by < last && enough(mostBy(last))) {
    let lo = by; // not enough
    let hi = last; // enough
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (enough(mostBy(mid))) hi = mid;
      else lo = mid;
    }
    from = hi;
  }
  const reachableFrom = from === null ? null : net.periods[from];
  result.reachableFrom = reachableFrom;

  // Lifting one block at a time, at the date.
  reach.setCosts(measureBy(s, by));
  const relieve = (cols: number[], lower: number[], upper: number[]): number => {
    const old = reach.setColBounds(cols, lower, upper);
    reach.setBasis(basis);
    const r = solve(reach);
    reach.setColBounds(cols, old.lower, old.upper);
    return r.status === "optimal" ? Math.max(0, r.objectiveValue - most) : 0;
  };
  const unitWord = net.periods[0].includes("W") ? "week" : "month";
  const blockers: Blocker[] = [];
  const candidates = net.expansions.map((e, i) => ({ e, i, lead: Math.abs(sol.colDual[s.reachCol + 2 * i + 1]), size: Math.abs(sol.colDual[s.reachCol + 2 * i]) }));
  for (const c of [...candidates].filter((x) => x.lead > TOL && x.e.leadTime > 0).sort((a, b) => b.lead - a.lead).slice(0, MAX_RELIEF_SOLVES)) {
    const full = s.reachCol + 2 * c.i;
    const gain = relieve([full, full + 1], [0, 1], [0, 1]);
    if (gain <= TOL) continue;
    const e = c.e;
    const first = labelOf(net, e.earliest + e.leadTime);
    const latestUseful = by - e.leadTime;
    const tail = latestUseful < e.earliest ? `none of it can produce by ${net.periods[by]}` : `no capacity decided after ${labelOf(net, latestUseful)} produces by ${net.periods[by]}`;
    blockers.push({
      option: e.id,
      kind: "leadTime",
      reason: `${e.name}: a lead time of ${e.leadTime} ${unitWord}s; decided at the earliest in ${net.periods[e.earliest]}, its first output is ${first}, and ${tail}`,
      reachableFrom,
      gainUsd: gain,
    });
  }
  for (const c of [...candidates].filter((x) => x.size > TOL).sort((a, b) => b.size - a.size).slice(0, MAX_RELIEF_SOLVES)) {
    const full = s.reachCol + 2 * c.i;
    const gain = relieve([full], [2], [2]);
    if (gain <= TOL) continue;
    const e = c.e;
    const res = net.resources[e.resource];
    blockers.push({
      option: e.id,
      kind: "maxSize",
      reason: `${e.name}: built in full (${e.maxSize} ${res.unit}) at its earliest decision, it still binds by ${net.periods[by]}`,
      reachableFrom,
      gainUsd: gain,
    });
  }
  if (blockers.length === 0) {
    // Nothing an option could change: name the capacity that binds with no option to add to it.
    const L = s.built.layout;
    const T2 = L.T;
    const expandable = new Set(net.expansions.map((e) => e.resource));
    const binding: { r: number; from: number; to: number; estimate: number }[] = [];
    for (let r = 0; r < net.resources.length; r++) {
      if (expandable.has(r)) continue;
      let lo = -1;
      let hi = -1;
      let estimate = 0;
      for (let t = 0; t <= by; t++) {
        const dual = sol.rowDual[L.row.cap + r * T2 + t];
        const cap = s.ext.capacity[r * T2 + t];
        if (!(dual > TOL) || !(cap > 0)) continue;
        if (lo < 0) lo = t;
        hi = t;
        estimate += dual * 0.1 * cap;
      }
      if (lo >= 0) binding.push({ r, from: lo, to: hi, estimate });
    }
    for (const b of binding.sort((a, c) => c.estimate - a.estimate).slice(0, 3)) {
      const res = net.resources[b.r];
      blockers.push({
        option: null,
        kind: "noOption",
        reason: `${res.id} (${res.unit}) binds ${net.periods[b.from]}..${net.periods[b.to]} and no expansion option adds to it`,
        reachableFrom,
        gainUsd: b.estimate,
      });
    }
  }
  result.blockedBy = blockers.sort((a, b) => b.gainUsd - a.gainUsd);
  if (from !== null) {
    const later = await invest(net, { ...options, targetUsd: s.targetUsd, by: net.periods[from], budgetUsd: undefined, frontier: false });
    result.solver.solves += later.solver.solves;
    if (later.status === "optimal" || later.status === "time_limit") result.whenReachable = { by: net.periods[from], capexUsd: later.capexUsd, builds: later.builds };
  }
}
