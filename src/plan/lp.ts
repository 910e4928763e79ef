// The planning LP, built straight from the Network's arrays into CSC typed arrays.
//
// Columns, in blocks of T (index = block base + i * T + t):
//   start[o,t]  operation starts     ship[a,t]  shipments on arc a   inv[n,t]  stock at the end of t
//   del[d,t]    deliveries           unmet[d,t] unmet demand (meet-demand only)
// Rows:
//   bal[n,t]   stock(t-1) + output arriving + shipments arriving - inputs - shipments out - deliveries
//              - stock(t) = -initialStock (t = 0) or 0
//   cap[r,t]   sum of starts x use <= capacity          lane[l,t]  sum of its arcs' shipments <= capacity
//   dem[d,t]   del + unmet = quantity (meet-demand only)
// Objectives: max-value maximises delivered value minus production, lane, tariff and holding costs;
// meet-demand minimises those costs plus a penalty per unit of unmet demand.
import type { Network } from "../model/index.js";
import type { LpModel } from "./highs.js";

export type Objective = "max-value" | "meet-demand";

export interface LpBuildOptions {
  objective: Objective;
  /** meet-demand only: demand must be met in full (no unmet column), so the LP can be infeasible. */
  hardDemand?: boolean;
}

/** Where each block of the LP lives, to read a solution back and to name rows and columns. */
export interface LpLayout {
  objective: Objective;
  hardDemand: boolean;
  T: number;
  col: { start: number; ship: number; inv: number; del: number; unmet: number; end: number };
  row: { bal: number; cap: number; lane: number; dem: number; end: number };
  /** Lanes with a finite capacity, in row-block order; laneRow[l] is its position or -1. */
  cappedLanes: number[];
  laneRow: Int32Array;
  /** Penalty per unit of unmet demand d (meet-demand). */
  unmetPenalty: Float64Array;
  notes: string[];
}

export interface BuiltLp {
  model: LpModel;
  layout: LpLayout;
}

const INF = Number.POSITIVE_INFINITY;

/**
 * Penalty per unmet unit: well above anything that serving it can cost, so unmet demand is the last
 * resort, but finite so that HiGHS's numerics stay sane. 10x the larger of the demand's price and the
 * item's value, plus 10x the costliest single step on the way, at least 1.
 */
function penalties(net: Network): Float64Array {
  let step = 1;
  for (let o = 0; o < net.operations.length; o++) step = Math.max(step, net.opCost[o]);
  for (let a = 0; a < net.arcLane.length; a++) {
    let tariff = 0;
    for (let t = 0; t < net.T; t++) tariff = Math.max(tariff, net.arcTariff[a * net.T + t]);
    step = Math.max(step, net.arcCost[a] + tariff);
  }
  return Float64Array.from(net.demands, (_, d) => 10 * (Math.max(net.demandPrice[d], net.items[net.nodeItem[net.demandNode[d]]].valueUsd) + step));
}

export function buildLp(net: Network, options: LpBuildOptions): BuiltLp {
  const { T } = net;
  const O = net.operations.length;
  const A = net.arcLane.length;
  const N = net.nodeItem.length;
  const D = net.demands.length;
  const R = net.resources.length;
  const meet = options.objective === "meet-demand";
  const hard = meet && options.hardDemand === true;
  const notes: string[] = [];

  const col = { start: 0, ship: O * T, inv: (O + A) * T, del: (O + A + N) * T, unmet: (O + A + N + D) * T, end: (O + A + N + D + (meet ? D : 0)) * T };
  const cappedLanes: number[] = [];
  const laneRow = new Int32Array(net.lanes.length).fill(-1);
  net.lanes.forEach((l, i) => {
    if (Number.isFinite(l.capacity)) {
      laneRow[i] = cappedLanes.length;
      cappedLanes.push(i);
    }
  });
  const row = { bal: 0, cap: N * T, lane: (N + R) * T, dem: (N + R + cappedLanes.length) * T, end: (N + R + cappedLanes.length + (meet ? D : 0)) * T };
  const unmetPenalty = meet ? penalties(net) : new Float64Array(D);
  const layout: LpLayout = { objective: options.objective, hardDemand: hard, T, col, row, cappedLanes, laneRow, unmetPenalty, notes };

  const n = col.end;
  const m = row.end;
  const colCost = new Float64Array(n);
  const colLower = new Float64Array(n);
  const colUpper = new Float64Array(n).fill(INF);
  const rowLower = new Float64Array(m);
  const rowUpper = new Float64Array(m);
  const sign = meet ? 1 : -1; // costs are positive in a min objective, negative in a max one

  // Nonzeros per column, counted exactly so the arrays are allocated once.
  const starts = new Int32Array(n + 1);
  for (let o = 0; o < O; o++) {
    const per = 1 + (net.opInStart[o + 1] - net.opInStart[o]) + (net.opResStart[o + 1] - net.opResStart[o]);
    for (let t = 0; t < T; t++) starts[col.start + o * T + t + 1] = per;
  }
  for (let a = 0; a < A; a++) {
    const per = 2 + (laneRow[net.arcLane[a]] >= 0 ? 1 : 0);
    for (let t = 0; t < T; t++) starts[col.ship + a * T + t + 1] = per;
  }
  for (let j = col.inv; j < col.del; j++) starts[j + 1] = 2;
  for (let j = col.del; j < col.unmet; j++) starts[j + 1] = meet ? 2 : 1;
  for (let j = col.unmet; j < col.end; j++) starts[j + 1] = 1;
  for (let j = 0; j < n; j++) starts[j + 1] += starts[j];
  const cap = starts[n];
  const indices = new Int32Array(cap);
  const values = new Float64Array(cap);

  // Write one column's entries, merging repeated rows (an operation may consume what it makes).
  let k = 0;
  const put = (j: number, r: number, v: number) => {
    for (let q = starts[j]; q < k; q++) {
      if (indices[q] === r) {
        values[q] += v;
        return;
      }
    }
    indices[k] = r;
    values[k] = v;
    k++;
  };
  // Columns may end with fewer entries than counted (arrivals past the horizon, merges): compact after.
  const ends = new Int32Array(n);

  const bal = (node: number, t: number) => row.bal + node * T + t;

  // Operation starts.
  for (let o = 0; o < O; o++) {
    const lead = net.opLeadTime[o];
    for (let t = 0; t < T; t++) {
      const j = col.start + o * T + t;
      k = starts[j];
      colCost[j] = sign * net.opCost[o];
      if (t + lead < T) put(j, bal(net.opOutNode[o], t + lead), net.opOutQty[o] * net.opYield[o * T + t]);
      else colUpper[j] = 0; // output would land past the horizon
      for (let q = net.opInStart[o]; q < net.opInStart[o + 1]; q++) put(j, bal(net.opInNode[q], t), -net.opInQty[q]);
      for (let q = net.opResStart[o]; q < net.opResStart[o + 1]; q++) put(j, row.cap + net.opRes[q] * T + t, net.opResQty[q]);
      ends[j] = k;
    }
  }
  // Shipments.
  for (let a = 0; a < A; a++) {
    const transit = net.arcTransit[a];
    const lr = laneRow[net.arcLane[a]];
    for (let t = 0; t < T; t++) {
      const j = col.ship + a * T + t;
      k = starts[j];
      colCost[j] = sign * (net.arcCost[a] + net.arcTariff[a * T + t]);
      put(j, bal(net.arcFrom[a], t), -1);
      if (t + transit < T) put(j, bal(net.arcTo[a], t + transit), 1);
      if (lr >= 0) put(j, row.lane + lr * T + t, 1);
      if (net.arcBanned[a * T + t] === 1 || t + transit >= T) colUpper[j] = 0;
      ends[j] = k;
    }
  }
  // Stock carried from t to t + 1.
  for (let nd = 0; nd < N; nd++) {
    const holding = net.items[net.nodeItem[nd]].holdingCostUsd;
    for (let t = 0; t < T; t++) {
      const j = col.inv + nd * T + t;
      k = starts[j];
      colCost[j] = sign * holding;
      put(j, bal(nd, t), -1);
      if (t + 1 < T) put(j, bal(nd, t + 1), 1);
      ends[j] = k;
    }
  }
  // Deliveries and unmet demand.
  let unboundedDemand = 0;
  for (let d = 0; d < D; d++) {
    for (let t = 0; t < T; t++) {
      const j = col.del + d * T + t;
      const qty = net.demandQty[d * T + t];
      k = starts[j];
      put(j, bal(net.demandNode[d], t), -1);
      if (meet) {
        const required = Number.isFinite(qty) ? qty : 0;
        if (!Number.isFinite(qty)) unboundedDemand++;
        put(j, row.dem + d * T + t, 1);
        rowLower[row.dem + d * T + t] = required;
        rowUpper[row.dem + d * T + t] = required;
        const u = col.unmet + d * T + t;
        colCost[u] = unmetPenalty[d];
        colUpper[u] = hard ? 0 : INF;
        indices[starts[u]] = row.dem + d * T + t;
        values[starts[u]] = 1;
        ends[u] = starts[u] + 1;
      } else {
        colCost[j] = net.demandPrice[d];
        colUpper[j] = qty;
      }
      ends[j] = k;
    }
  }
  if (meet && unboundedDemand > 0) notes.push("meet-demand: unbounded demand counts as 0 units required (it only has meaning for max-value)");

  // Row bounds.
  for (let nd = 0; nd < N; nd++) {
    rowLower[bal(nd, 0)] = -net.initialStock[nd];
    rowUpper[bal(nd, 0)] = -net.initialStock[nd];
  }
  for (let r = 0; r < R; r++) {
    for (let t = 0; t < T; t++) {
      rowLower[row.cap + r * T + t] = -INF;
      rowUpper[row.cap + r * T + t] = net.capacity[r * T + t];
    }
  }
  cappedLanes.forEach((l, i) => {
    for (let t = 0; t < T; t++) {
      rowLower[row.lane + i * T + t] = -INF;
      rowUpper[row.lane + i * T + t] = net.lanes[l].capacity;
    }
  });

  // Compact: drop the slots counted but not used.
  let w = 0;
  for (let j = 0; j < n; j++) {
    const from = starts[j];
    const to = ends[j];
    starts[j] = w;
    for (let q = from; q < to; q++) {
      if (values[q] === 0) continue;
      indices[w] = indices[q];
      values[w] = values[q];
      w++;
    }
  }
  starts[n] = w;

  return {
    model: {
      sense: meet ? "min" : "max",
      numCols: n,
      numRows: m,
      colCost,
      colLower,
      colUpper,
      rowLower,
      rowUpper,
      starts,
      indices: indices.slice(0, w),
      values: values.slice(0, w),
    },
    layout,
  };
}

// ---------------------------------------------------------------------------------------------
// Names: short ones for MPS columns and rows, and readable ones for conflicts.

export interface LpEntity {
  /** What the row or column is about. */
  kind: "balance" | "capacity" | "lane" | "demand" | "start" | "ship" | "inventory" | "delivery" | "unmet";
  /** The scenario entity's id (an item@site pair for stock points). */
  id: string;
  period: string;
  /** Path of the entity in the scenario file, for file:line. */
  path: (string | number)[];
}

const nodeName = (net: Network, nd: number) => `${net.items[net.nodeItem[nd]].id}@${net.sites[net.nodeSite[nd]].id}`;

export function describeRow(net: Network, L: LpLayout, i: number): LpEntity {
  const T = L.T;
  const { row } = L;
  const period = (k: number) => net.periods[k % T];
  if (i < row.cap) {
    const nd = Math.floor((i - row.bal) / T);
    return { kind: "balance", id: nodeName(net, nd), period: period(i - row.bal), path: ["items", net.nodeItem[nd]] };
  }
  if (i < row.lane) {
    const r = Math.floor((i - row.cap) / T);
    return { kind: "capacity", id: net.resources[r].id, period: period(i - row.cap), path: ["resources", r] };
  }
  if (i < row.dem) {
    const l = L.cappedLanes[Math.floor((i - row.lane) / T)];
    return { kind: "lane", id: net.lanes[l].id, period: period(i - row.lane), path: ["lanes", l] };
  }
  const d = Math.floor((i - row.dem) / T);
  return { kind: "demand", id: net.demands[d].id, period: period(i - row.dem), path: ["demand", d] };
}

export function describeCol(net: Network, L: LpLayout, j: number): LpEntity {
  const T = L.T;
  const { col } = L;
  const period = net.periods[j % T];
  if (j < col.ship) {
    const o = Math.floor(j / T);
    return { kind: "start", id: net.operations[o].id, period, path: ["operations", o] };
  }
  if (j < col.inv) {
    const a = Math.floor((j - col.ship) / T);
    const lane = net.arcLane[a];
    return { kind: "ship", id: `${net.lanes[lane].id}:${net.items[net.nodeItem[net.arcFrom[a]]].id}`, period, path: ["lanes", lane] };
  }
  if (j < col.del) {
    const nd = Math.floor((j - col.inv) / T);
    return { kind: "inventory", id: nodeName(net, nd), period, path: ["items", net.nodeItem[nd]] };
  }
  const d = Math.floor((j - (j < col.unmet ? col.del : col.unmet)) / T);
  return { kind: j < col.unmet ? "delivery" : "unmet", id: net.demands[d].id, period, path: ["demand", d] };
}

const ABBR: Record<LpEntity["kind"], string> = {
  balance: "bal",
  capacity: "cap",
  lane: "lane",
  demand: "dem",
  start: "start",
  ship: "ship",
  inventory: "inv",
  delivery: "del",
  unmet: "unmet",
};

/** Unique MPS-safe names for every column and row, e.g. start[make-wafer-us,2026-03]. */
export function lpNames(net: Network, L: LpLayout): { colNames: string[]; rowNames: string[] } {
  const name = (e: LpEntity) => `${ABBR[e.kind]}[${e.id},${e.period}]`;
  const colNames = Array.from({ length: L.col.end }, (_, j) => name(describeCol(net, L, j)));
  const rowNames = Array.from({ length: L.row.end }, (_, i) => name(describeRow(net, L, i)));
  return { colNames, rowNames };
}
