// The planning LP, built straight from the Network's arrays into CSC typed arrays.
//
// Columns, in blocks of T (index = block base + i * T + t):
//   start[o,t]  operation starts     ship[a,t]  shipments on arc a   inv[n,t]  stock at the end of t
//   del[d,t]    deliveries           unmet[d,t] unmet demand (meet-demand only)
//   dev[k,t]    up and down change of a capacity-using operation's starts from t-1 to t (the tie-break)
// Rows:
//   bal[n,t]   stock(t-1) + output arriving + shipments arriving - inputs - shipments out - deliveries
//              - stock(t) = -initialStock (t = 0) or 0
//   cap[r,t]   sum of starts x use <= capacity          lane[l,t]  sum of its arcs' shipments <= capacity
//   dem[d,t]   del + unmet = quantity (meet-demand only)
//   target[g]  the target's measure (free: its activity is the measure; max-target bounds it below)
//   commit[c,t] output of the items in the committed countries - minShare x all their output >= 0
//   smooth[k,t] start[o,t] - start[o,t-1] - up + down = 0
//   unsold     finished goods (items some demand asks for) in stock at the end <= the stock of them at the start
// Objectives: max-value maximises delivered value minus production, lane, tariff and holding costs;
// meet-demand minimises those costs plus a penalty per unit of unmet demand.
import { measureWeights, type Network } from "../model/index.js";
import type { LpModel } from "./highs.js";

export type Objective = "max-value" | "meet-demand" | "max-target";

/**
 * The tie-break's weight: USD per unit of change in an operation's starts, per USD of its output's
 * value. Small enough that it costs at most a few parts in 100,000 of the objective (the total change
 * of a plan's starts is at most twice its starts), large enough to sit far above HiGHS's tolerances.
 */
export const SMOOTHING_WEIGHT = 1e-5;

export interface LpBuildOptions {
  objective: Objective;
  /** meet-demand only: demand must be met in full (no unmet column), so the LP can be infeasible. */
  hardDemand?: boolean;
  /** The tie-break toward steady production (default true; false is for tests that measure what it costs). */
  smoothing?: boolean;
}

/** Where each block of the LP lives, to read a solution back and to name rows and columns. */
export interface LpLayout {
  objective: Objective;
  hardDemand: boolean;
  T: number;
  col: { start: number; ship: number; inv: number; del: number; unmet: number; dev: number; end: number };
  row: { bal: number; cap: number; lane: number; dem: number; target: number; commit: number; smooth: number; unsold: number; end: number };
  /** Operations whose period-to-period change is penalised (those that use a resource), in dev-block order. */
  smoothOps: Int32Array;
  /** First commit row of commitment c; its rows cover periods commitFrom[c]..commitTo[c]. */
  commitRow: Int32Array;
  commitFrom: Int32Array;
  commitTo: Int32Array;
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
  /** Per target: the objective that maximises its measure (the coefficients of its target row). */
  targetCosts: Float64Array[];
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
  const G = net.targets.length;
  const meet = options.objective === "meet-demand";
  const hard = meet && options.hardDemand === true;
  const notes: string[] = [];

  const smoothList: number[] = [];
  if (options.smoothing !== false) for (let o = 0; o < O; o++) if (net.opResStart[o + 1] > net.opResStart[o]) smoothList.push(o);
  const smoothOps = Int32Array.from(smoothList);
  const S = smoothOps.length;
  const steps = Math.max(0, T - 1);
  const unmetEnd = (O + A + N + D + (meet ? D : 0)) * T;
  const col = { start: 0, ship: O * T, inv: (O + A) * T, del: (O + A + N) * T, unmet: (O + A + N + D) * T, dev: unmetEnd, end: unmetEnd + 2 * S * steps };
  const cappedLanes: number[] = [];
  const laneRow = new Int32Array(net.lanes.length).fill(-1);
  net.lanes.forEach((l, i) => {
    if (Number.isFinite(l.capacity)) {
      laneRow[i] = cappedLanes.length;
      cappedLanes.push(i);
    }
  });
  const C = net.commitments.length;
  const commitFrom = Int32Array.from(net.commitments, (c) => Math.max(0, c.from));
  const commitTo = Int32Array.from(net.commitments, (c) => Math.min(T - 1, c.to));
  const commitRow = new Int32Array(C);
  let commitRows = 0;
  for (let c = 0; c < C; c++) {
    commitRow[c] = commitRows;
    commitRows += Math.max(0, commitTo[c] - commitFrom[c] + 1);
  }
  const demEnd = (N + R + cappedLanes.length + (meet ? D : 0)) * T;
  const row = { bal: 0, cap: N * T, lane: (N + R) * T, dem: (N + R + cappedLanes.length) * T, target: demEnd, commit: demEnd + G, smooth: demEnd + G + commitRows, unsold: demEnd + G + commitRows + S * steps, end: demEnd + G + commitRows + S * steps + 1 };
  for (let c = 0; c < C; c++) commitRow[c] += row.commit;
  const unmetPenalty = meet ? penalties(net) : new Float64Array(D);
  const layout: LpLayout = { objective: options.objective, hardDemand: hard, T, col, row, smoothOps, commitRow, commitFrom, commitTo, cappedLanes, laneRow, unmetPenalty, notes };
  const weights = net.targets.map((g) => measureWeights(net, g.measure, g));
  const targetCosts = net.targets.map(() => new Float64Array(col.end));

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
    // Upper bounds: targets, commitments and two smoothing rows may not all apply; compaction drops the rest.
    const per = 1 + (net.opInStart[o + 1] - net.opInStart[o]) + (net.opResStart[o + 1] - net.opResStart[o]) + G + C + 2;
    for (let t = 0; t < T; t++) starts[col.start + o * T + t + 1] = per;
  }
  for (let a = 0; a < A; a++) {
    const per = 2 + (laneRow[net.arcLane[a]] >= 0 ? 1 : 0);
    for (let t = 0; t < T; t++) starts[col.ship + a * T + t + 1] = per;
  }
  for (let j = col.inv; j < col.del; j++) starts[j + 1] = 3;
  for (let j = col.del; j < col.unmet; j++) starts[j + 1] = (meet ? 2 : 1) + G;
  for (let j = col.unmet; j < col.dev; j++) starts[j + 1] = 1;
  for (let j = col.dev; j < col.end; j++) starts[j + 1] = 1;
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
      const arrive = t + lead;
      const good = net.opOutQty[o] * net.opYield[o * T + t];
      if (arrive < T) {
        for (let g = 0; g < G; g++) {
          if (arrive > net.targets[g].by) continue;
          const v = good * weights[g].good[o] + weights[g].start[o];
          if (v === 0) continue;
          put(j, row.target + g, v);
          targetCosts[g][j] = v;
        }
        const item = net.nodeItem[net.opOutNode[o]];
        for (let c = 0; c < C; c++) {
          const m = net.commitments[c];
          if (m.itemMask[item] !== 1 || arrive < commitFrom[c] || arrive > commitTo[c]) continue;
          put(j, commitRow[c] + arrive - commitFrom[c], good * ((m.siteMask[net.operations[o].site] === 1 ? 1 : 0) - m.minShare));
        }
      }
      ends[j] = k;
    }
  }
  // Smoothing: start[o,t] - start[o,t-1] - up[t] + down[t] = 0, written into the start columns here.
  for (let kk = 0; kk < S; kk++) {
    const o = smoothOps[kk];
    for (let t = 1; t < T; t++) {
      const r = row.smooth + kk * steps + (t - 1);
      for (const [j, v] of [
        [col.start + o * T + t, 1],
        [col.start + o * T + t - 1, -1],
      ] as const) {
        k = ends[j];
        put(j, r, v);
        ends[j] = k;
      }
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
  // Stock carried from t to t + 1. Finished goods may not be left unsold at the end beyond what was
  // there at the start: otherwise max-target could meet a target with goods nobody takes.
  const finished = new Uint8Array(net.items.length);
  for (let d = 0; d < D; d++) finished[net.nodeItem[net.demandNode[d]]] = 1;
  let finishedAtStart = 0;
  for (let nd = 0; nd < N; nd++) {
    const holding = net.items[net.nodeItem[nd]].holdingCostUsd;
    const isFinished = finished[net.nodeItem[nd]] === 1;
    if (isFinished) finishedAtStart += net.initialStock[nd];
    for (let t = 0; t < T; t++) {
      const j = col.inv + nd * T + t;
      k = starts[j];
      colCost[j] = sign * holding;
      put(j, bal(nd, t), -1);
      if (t + 1 < T) put(j, bal(nd, t + 1), 1);
      else if (isFinished) put(j, row.unsold, 1);
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
      for (let g = 0; g < G; g++) {
        const v = weights[g].delivered[d];
        if (v === 0 || t > net.targets[g].by) continue;
        put(j, row.target + g, v);
        targetCosts[g][j] = v;
      }
      ends[j] = k;
    }
  }
  if (meet && unboundedDemand > 0) notes.push("meet-demand: unbounded demand counts as 0 units required (it only has meaning for max-value)");

  // Change columns: up and down, each in its smoothing row, costing the tie-break weight.
  for (let kk = 0; kk < S; kk++) {
    const o = smoothOps[kk];
    const w = SMOOTHING_WEIGHT * Math.max(1, net.items[net.nodeItem[net.opOutNode[o]]].valueUsd * net.opOutQty[o]);
    for (let t = 1; t < T; t++) {
      const r = row.smooth + kk * steps + (t - 1);
      const up = col.dev + 2 * (kk * steps + (t - 1));
      for (const [j, v] of [
        [up, -1],
        [up + 1, 1],
      ] as const) {
        colCost[j] = meet ? w : -w;
        indices[starts[j]] = r;
        values[starts[j]] = v;
        ends[j] = starts[j] + 1;
      }
    }
  }

  // Row bounds. Stock at the start and receipts already on their way (a re-plan's pipeline) enter the balance.
  for (let nd = 0; nd < N; nd++) {
    rowLower[bal(nd, 0)] = -net.initialStock[nd];
    rowUpper[bal(nd, 0)] = -net.initialStock[nd];
  }
  const receipts = net.receipts;
  if (receipts) {
    for (let nd = 0; nd < N; nd++) {
      for (let t = 0; t < T; t++) {
        rowLower[bal(nd, t)] -= receipts[nd * T + t];
        rowUpper[bal(nd, t)] -= receipts[nd * T + t];
      }
    }
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
  for (let g = 0; g < G; g++) {
    rowLower[row.target + g] = -INF;
    rowUpper[row.target + g] = INF;
  }
  for (let r = row.commit; r < row.smooth; r++) rowUpper[r] = INF;
  rowLower[row.unsold] = -INF;
  rowUpper[row.unsold] = finishedAtStart;

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
    targetCosts,
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
  kind: "balance" | "capacity" | "lane" | "demand" | "target" | "commitment" | "smoothing" | "unsold" | "start" | "ship" | "inventory" | "delivery" | "unmet" | "change";
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
  if (i < row.target) {
    const d = Math.floor((i - row.dem) / T);
    return { kind: "demand", id: net.demands[d].id, period: period(i - row.dem), path: ["demand", d] };
  }
  if (i < row.commit) {
    const g = i - row.target;
    return { kind: "target", id: net.targets[g].id, period: net.periods[Math.min(net.targets[g].by, T - 1)], path: ["targets", g] };
  }
  if (i >= row.unsold) return { kind: "unsold", id: "finished goods", period: net.periods[T - 1], path: ["demand"] };
  if (i < row.smooth) {
    let c = 0;
    while (c + 1 < L.commitRow.length && L.commitRow[c + 1] <= i) c++;
    return { kind: "commitment", id: net.commitments[c].id, period: net.periods[L.commitFrom[c] + i - L.commitRow[c]], path: ["commitments", c] };
  }
  const steps = T - 1;
  const kk = Math.floor((i - row.smooth) / steps);
  const o = L.smoothOps[kk];
  return { kind: "smoothing", id: net.operations[o].id, period: net.periods[1 + ((i - row.smooth) % steps)], path: ["operations", o] };
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
  if (j >= col.dev) {
    const steps = T - 1;
    const q = Math.floor((j - col.dev) / 2);
    const o = L.smoothOps[Math.floor(q / steps)];
    return { kind: "change", id: `${net.operations[o].id}:${(j - col.dev) % 2 === 0 ? "up" : "down"}`, period: net.periods[1 + (q % steps)], path: ["operations", o] };
  }
  const d = Math.floor((j - (j < col.unmet ? col.del : col.unmet)) / T);
  return { kind: j < col.unmet ? "delivery" : "unmet", id: net.demands[d].id, period, path: ["demand", d] };
}

const ABBR: Record<LpEntity["kind"], string> = {
  balance: "bal",
  capacity: "cap",
  lane: "lane",
  demand: "dem",
  target: "target",
  commitment: "commit",
  smoothing: "smooth",
  unsold: "unsold",
  start: "start",
  ship: "ship",
  inventory: "inv",
  delivery: "del",
  unmet: "unmet",
  change: "chg",
};

/** Unique MPS-safe names for every column and row, e.g. start[make-wafer-us,2026-03]. */
export function lpNames(net: Network, L: LpLayout): { colNames: string[]; rowNames: string[] } {
  const name = (e: LpEntity) => `${ABBR[e.kind]}[${e.id},${e.period}]`;
  const colNames = Array.from({ length: L.col.end }, (_, j) => name(describeCol(net, L, j)));
  const rowNames = Array.from({ length: L.row.end }, (_, i) => name(describeRow(net, L, i)));
  return { colNames, rowNames };
}
