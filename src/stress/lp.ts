// The multi-tier TTS/TTR LP of Simchi-Levi et al. over Waferline's network, built once per snapshot.
// Aggregate over a window of t periods (lead times ignored, as in the paper):
//   columns  x[o] starts of operation o     y[a] units shipped on arc a     z[k] delivered to demand k
//            l[k] lost demand k             t    window length (periods)
//   node n   sum consumed + shipped out + delivered - made (qty * yield) - shipped in  <= stock[n]
//   res r    sum use[o,r] x[o] - cap[r] t <= 0          lane l   sum y[a in l] - cap[l] t <= 0
//   dem k    z[k] + l[k] - rate[k] t = 0
// TTS: max t with l = 0 (t <= cap).  TTR: t fixed at the TTR, min sum price[k] l[k].
// A disruption only sets column bounds to 0, so one model serves every scenario.
import type { Network } from "../model/index.js";
import type { LpModel } from "../plan/index.js";
import type { Snapshot } from "./snapshot.js";

export interface StressLayout {
  /** Column offsets. */
  col: { op: number; arc: number; del: number; lost: number; t: number };
  /** Row offsets; laneRow[l] is -1 for a lane without capacity. */
  row: { node: number; res: number; dem: number };
  laneRow: Int32Array;
  numCols: number;
  numRows: number;
}

/** Extra arcs for the second-source what-if: they get columns after the network's own arcs. */
export interface ExtraArc {
  from: number;
  to: number;
  capacity: number;
}

export interface StressLp {
  layout: StressLayout;
  /** TTS form: max t, lost fixed at 0. */
  tts: LpModel;
  /** TTR form: min lost value, t fixed (set per scenario). */
  ttr: LpModel;
}

/**
 * Build both forms from one matrix. `rate[k]` is the demand per period; Infinity leaves row k
 * free (the sustainable-rate LP lets unbounded demand take what it can).
 */
export function buildStressLp(net: Network, snap: Snapshot, rate: Float64Array, tsCap: number, extraArcs: readonly ExtraArc[] = []): StressLp {
  const N = net.nodeItem.length;
  const O = net.operations.length;
  const A0 = net.arcLane.length;
  const A = A0 + extraArcs.length;
  const R = net.resources.length;
  const K = net.demands.length;
  const L = net.lanes.length;

  const laneRow = new Int32Array(L).fill(-1);
  let rows = N + R;
  for (let l = 0; l < L; l++) if (Number.isFinite(snap.laneCapacity[l])) laneRow[l] = rows++;
  const extraRow = extraArcs.map((e) => (Number.isFinite(e.capacity) ? rows++ : -1));
  const dem = rows;
  rows += K;
  const col = { op: 0, arc: O, del: O + A, lost: O + A + K, t: O + A + 2 * K };
  const numCols = col.t + 1;

  const starts = new Int32Array(numCols + 1);
  const indices: number[] = [];
  const values: number[] = [];
  // Entries of one column, merged by row (an operation may consume the node it makes).
  const entries = new Map<number, number>();
  const flush = (j: number) => {
    for (const [r, v] of [...entries].sort((a, b) => a[0] - b[0])) {
      if (v === 0) continue;
      indices.push(r);
      values.push(v);
    }
    entries.clear();
    starts[j + 1] = indices.length;
  };
  const add = (r: number, v: number) => entries.set(r, (entries.get(r) ?? 0) + v);

  for (let o = 0; o < O; o++) {
    for (let i = net.opInStart[o]; i < net.opInStart[o + 1]; i++) add(net.opInNode[i], net.opInQty[i]);
    add(net.opOutNode[o], -net.opOutQty[o] * snap.yield[o]);
    for (let i = net.opResStart[o]; i < net.opResStart[o + 1]; i++) add(N + net.opRes[i], net.opResQty[i]);
    flush(col.op + o);
  }
  for (let a = 0; a < A; a++) {
    const extra = a >= A0 ? extraArcs[a - A0] : undefined;
    add(extra ? extra.from : net.arcFrom[a], 1);
    add(extra ? extra.to : net.arcTo[a], -1);
    const lr = extra ? extraRow[a - A0] : laneRow[net.arcLane[a]];
    if (lr >= 0) add(lr, 1);
    flush(col.arc + a);
  }
  for (let k = 0; k < K; k++) {
    add(net.demandNode[k], 1);
    add(dem + k, 1);
    flush(col.del + k);
  }
  for (let k = 0; k < K; k++) {
    add(dem + k, 1);
    flush(col.lost + k);
  }
  for (let r = 0; r < R; r++) add(N + r, -snap.capacity[r]);
  for (let l = 0; l < L; l++) if (laneRow[l] >= 0) add(laneRow[l], -snap.laneCapacity[l]);
  extraArcs.forEach((e, i) => extraRow[i] >= 0 && add(extraRow[i], -e.capacity));
  for (let k = 0; k < K; k++) if (Number.isFinite(rate[k])) add(dem + k, -rate[k]);
  flush(col.t);

  const rowLower = new Float64Array(rows).fill(Number.NEGATIVE_INFINITY);
  const rowUpper = new Float64Array(rows);
  rowUpper.set(snap.stock, 0);
  for (let k = 0; k < K; k++) {
    if (Number.isFinite(rate[k])) rowLower[dem + k] = 0;
    else rowUpper[dem + k] = Number.POSITIVE_INFINITY;
  }

  const colLower = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols).fill(Number.POSITIVE_INFINITY);
  for (let a = 0; a < A0; a++) if (snap.banned[a]) colUpper[col.arc + a] = 0;
  const matrix = { numCols, numRows: rows, rowLower, rowUpper, starts, indices: Int32Array.from(indices), values: Float64Array.from(values) };

  const ttsCost = new Float64Array(numCols);
  ttsCost[col.t] = 1;
  const ttsUpper = colUpper.slice();
  ttsUpper.fill(0, col.lost, col.lost + K);
  ttsUpper[col.t] = tsCap;
  const tts: LpModel = { sense: "max", colCost: ttsCost, colLower, colUpper: ttsUpper, ...matrix };

  const ttrCost = new Float64Array(numCols);
  for (let k = 0; k < K; k++) ttrCost[col.lost + k] = net.demandPrice[k];
  const ttrLower = colLower.slice();
  const ttrUpper = colUpper.slice();
  ttrLower[col.t] = ttrUpper[col.t] = 1;
  const ttr: LpModel = { sense: "min", colCost: ttrCost, colLower: ttrLower, colUpper: ttrUpper, ...matrix, rowLower: rowLower.slice(), rowUpper: rowUpper.slice() };

  return { layout: { col, row: { node: 0, res: N, dem }, laneRow, numCols, numRows: rows }, tts, ttr };
}

/**
 * The sustainable rate LP: one period, no stock, max value delivered with demand capped at what is
 * asked (Infinity = uncapped). Its z[k] are the highest rates the network can keep up forever.
 */
export function buildRateLp(net: Network, snap: Snapshot): { model: LpModel; layout: StressLayout } {
  const { layout, ttr } = buildStressLp(net, { ...snap, stock: new Float64Array(snap.stock.length) }, snap.demandAsked, 1);
  const K = net.demands.length;
  const colCost = new Float64Array(layout.numCols);
  for (let k = 0; k < K; k++) colCost[layout.col.del + k] = net.demandPrice[k];
  return { model: { ...ttr, sense: "max", colCost }, layout };
}
