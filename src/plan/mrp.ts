// MRP: an unconstrained gross-to-net explosion over the Network, then capacity load against
// available capacity. It shows what the demand would take; the LP planner shows what the network can do.
// Rules (lot-for-lot, supplier choice, past due, loops) are documented in docs/mrp.md.
import type { Network } from "../model/normalize.js";

/** A planned release or shipment that would have had to happen before period 0. */
export interface PastDue {
  kind: "operation" | "lane";
  /** Operation index, or arc index for a lane. */
  index: number;
  /** Operation id, or lane id. */
  id: string;
  /** Item id: the operation's output, or the item shipped. */
  item: string;
  /** Negative period index: -1 is the period before the horizon starts. */
  period: number;
  /** Starts for an operation, units shipped for a lane. */
  qty: number;
}

export interface Overload {
  kind: "resource" | "lane";
  index: number;
  id: string;
  period: number;
  load: number;
  capacity: number;
  /** load / capacity; Infinity where capacity is 0. */
  ratio: number;
}

/** A net requirement that no operation and no usable lane can cover. */
export interface Unsupplied {
  node: number;
  item: string;
  site: string;
  /** May be negative (past due). */
  period: number;
  qty: number;
  reason: "no-supplier" | "banned";
}

export interface MrpResult {
  T: number;
  periods: string[];
  /** releases[o * T + t]: planned starts of operation o in period t (t >= 0; earlier ones are in pastDue). */
  releases: Float64Array;
  /** shipments[a * T + t]: planned units shipped on arc a in period t. */
  shipments: Float64Array;
  /** Per node and period (n * T + t): gross requirement, net requirement, projected on-hand at the end of the period. */
  gross: Float64Array;
  net: Float64Array;
  onHand: Float64Array;
  /** Low-level code of each node: 0 for nodes nothing downstream pulls from, children below their parents. */
  lowLevelCode: Int32Array;
  /** load[r * T + t]: resource units the releases use; capacity is network.capacity. */
  load: Float64Array;
  capacity: Float64Array;
  /** laneLoad[l * T + t]: units shipped on lane l, all items; lane capacity is lanes[l].capacity. */
  laneLoad: Float64Array;
  /** Resource- and lane-periods with load above capacity, worst ratio first. */
  overloads: Overload[];
  pastDue: PastDue[];
  unsupplied: Unsupplied[];
  /** Ids of unbounded demands: they have no finite requirement and are left out. */
  unboundedDemands: string[];
  /** Arcs left out because they would close a loop of lanes (a requirement could chase itself). */
  ignoredArcs: number[];
}

const EPS = 1e-9;

export function mrp(net: Network): MrpResult {
  const { T } = net;
  const N = net.nodeItem.length;
  const O = net.operations.length;
  const A = net.arcLane.length;
  const R = net.resources.length;
  const L = net.lanes.length;
  const clampT = (s: number) => (s < 0 ? 0 : s >= T ? T - 1 : s);

  // Candidate suppliers per node: local producers if any, otherwise inbound arcs.
  const producers: number[][] = Array.from({ length: N }, () => []);
  for (let o = 0; o < O; o++) producers[net.opOutNode[o]].push(o);
  const inbound: number[][] = Array.from({ length: N }, () => []);
  for (let a = 0; a < A; a++) if (producers[net.arcTo[a]].length === 0) inbound[net.arcTo[a]].push(a);

  // Edges from a node to what its requirement pulls on, with the lag in periods.
  type Edge = { to: number; arc: number; lag: number };
  const children = (n: number): Edge[] => {
    if (producers[n].length > 0) {
      const out: Edge[] = [];
      for (const o of producers[n]) for (let i = net.opInStart[o]; i < net.opInStart[o + 1]; i++) out.push({ to: net.opInNode[i], arc: -1, lag: net.opLeadTime[o] });
      return out;
    }
    return inbound[n].map((a) => ({ to: net.arcFrom[a], arc: a, lag: net.arcTransit[a] }));
  };

  // Drop arcs that close a loop (only lanes can: the model rejects BOM cycles), by a DFS in index order.
  const ignored = new Uint8Array(A);
  const state = new Uint8Array(N); // 0 new, 1 on stack, 2 done
  // Demand nodes first, so the arc dropped is the one pointing back towards the demand.
  const roots = [...Array.from(net.demandNode), ...Array.from({ length: N }, (_, n) => n)];
  for (const root of roots) {
    if (state[root] !== 0) continue;
    const stack: { n: number; kids: Edge[]; i: number }[] = [{ n: root, kids: children(root), i: 0 }];
    state[root] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.i >= top.kids.length) {
        state[top.n] = 2;
        stack.pop();
        continue;
      }
      const { to, arc } = top.kids[top.i++];
      if (state[to] === 1) {
        if (arc >= 0) ignored[arc] = 1;
      } else if (state[to] === 0) {
        state[to] = 1;
        stack.push({ n: to, kids: children(to), i: 0 });
      }
    }
  }

  // Topological order (Kahn), low-level codes, and the longest lag back from any requirement
  // to a node (P: how many past-due periods the explosion can reach).
  const kids = Array.from({ length: N }, (_, n) => children(n).filter((e) => e.arc < 0 || ignored[e.arc] === 0));
  const indegree = new Int32Array(N);
  for (let n = 0; n < N; n++) for (const e of kids[n]) indegree[e.to]++;
  const order: number[] = [];
  for (let n = 0; n < N; n++) if (indegree[n] === 0) order.push(n);
  const lowLevelCode = new Int32Array(N);
  const reach = new Int32Array(N);
  for (let i = 0; i < order.length; i++) {
    const n = order[i];
    for (const e of kids[n]) {
      lowLevelCode[e.to] = Math.max(lowLevelCode[e.to], lowLevelCode[n] + 1);
      reach[e.to] = Math.max(reach[e.to], reach[n] + e.lag);
      if (--indegree[e.to] === 0) order.push(e.to);
    }
  }
  // Only a BOM cycle can leave nodes out, and the model's checks reject those.
  if (order.length < N) throw new Error("mrp: the bill of materials has a cycle");
  let P = 0;
  for (let n = 0; n < N; n++) P = Math.max(P, reach[n]);
  // Explode level by level: every parent before its children.
  order.sort((a, b) => lowLevelCode[a] - lowLevelCode[b] || a - b);

  // Requirements live on an extended axis k = t + P, so past-due periods down to -P have a slot.
  const W = T + P;
  const grossX = new Float64Array(N * W);
  const unboundedDemands: string[] = [];
  for (let d = 0; d < net.demands.length; d++) {
    if (net.demands[d].unbounded) {
      unboundedDemands.push(net.demands[d].id);
      continue;
    }
    const n = net.demandNode[d];
    for (let t = 0; t < T; t++) {
      const q = net.demandQty[d * T + t];
      if (Number.isFinite(q)) grossX[n * W + t + P] += q;
    }
  }

  const releases = new Float64Array(O * T);
  const shipments = new Float64Array(A * T);
  const load = new Float64Array(R * T);
  const laneLoad = new Float64Array(L * T);
  const gross = new Float64Array(N * T);
  const netReq = new Float64Array(N * T);
  const onHand = new Float64Array(N * T);
  const pastDueMap = new Map<string, PastDue>();
  const unsupplied: Unsupplied[] = [];
  const itemOf = (n: number) => net.items[net.nodeItem[n]].id;
  const addPastDue = (kind: PastDue["kind"], index: number, id: string, item: string, period: number, qty: number) => {
    const key = `${kind}:${index}:${period}`;
    const entry = pastDueMap.get(key);
    if (entry) entry.qty += qty;
    else pastDueMap.set(key, { kind, index, id, item, period, qty });
  };

  for (const n of order) {
    let stock = net.initialStock[n];
    for (let k = 0; k < W; k++) {
      const t = k - P;
      const g = grossX[n * W + k];
      let need = g - stock;
      if (need > EPS) stock = 0;
      else {
        stock = -need;
        need = 0;
      }
      if (t >= 0) {
        gross[n * T + t] = g;
        netReq[n * T + t] = need;
        onHand[n * T + t] = stock;
      }
      if (need > 0) supply(n, t, need);
    }
  }

  function supply(n: number, t: number, need: number): void {
    // Local production first: the operation with the least cost per good unit, ties by id then index.
    let bestOp = -1;
    let bestCost = Infinity;
    for (const o of producers[n]) {
      const s = t - net.opLeadTime[o];
      const cost = net.opCost[o] / (net.opOutQty[o] * net.opYield[o * T + clampT(s)]);
      if (cost < bestCost - EPS || (bestOp >= 0 && Math.abs(cost - bestCost) <= EPS && net.operations[o].id < net.operations[bestOp].id)) {
        bestOp = o;
        bestCost = cost;
      }
    }
    if (bestOp >= 0) {
      const o = bestOp;
      const s = t - net.opLeadTime[o];
      const starts = need / (net.opOutQty[o] * net.opYield[o * T + clampT(s)]);
      if (s >= 0) {
        releases[o * T + s] += starts;
        for (let i = net.opResStart[o]; i < net.opResStart[o + 1]; i++) load[net.opRes[i] * T + s] += starts * net.opResQty[i];
      } else addPastDue("operation", o, net.operations[o].id, itemOf(n), s, starts);
      for (let i = net.opInStart[o]; i < net.opInStart[o + 1]; i++) grossX[net.opInNode[i] * W + s + P] += starts * net.opInQty[i];
      return;
    }
    // Otherwise the cheapest open inbound lane (cost + tariff at shipping), ties by lane id then index.
    let bestArc = -1;
    bestCost = Infinity;
    let anyArc = false;
    for (const a of inbound[n]) {
      if (ignored[a]) continue;
      anyArc = true;
      const s = clampT(t - net.arcTransit[a]);
      if (net.arcBanned[a * T + s]) continue;
      const cost = net.arcCost[a] + net.arcTariff[a * T + s];
      const id = net.lanes[net.arcLane[a]].id;
      if (cost < bestCost - EPS || (bestArc >= 0 && Math.abs(cost - bestCost) <= EPS && id < net.lanes[net.arcLane[bestArc]].id)) {
        bestArc = a;
        bestCost = cost;
      }
    }
    if (bestArc < 0) {
      unsupplied.push({ node: n, item: itemOf(n), site: net.sites[net.nodeSite[n]].id, period: t, qty: need, reason: anyArc ? "banned" : "no-supplier" });
      return;
    }
    const a = bestArc;
    const s = t - net.arcTransit[a];
    if (s >= 0) {
      shipments[a * T + s] += need;
      laneLoad[net.arcLane[a] * T + s] += need;
    } else addPastDue("lane", a, net.lanes[net.arcLane[a]].id, itemOf(n), s, need);
    grossX[net.arcFrom[a] * W + s + P] += need;
  }

  const overloads: Overload[] = [];
  for (let r = 0; r < R; r++) {
    for (let t = 0; t < T; t++) {
      const l = load[r * T + t];
      const c = net.capacity[r * T + t];
      if (l > c * (1 + 1e-9) + EPS) overloads.push({ kind: "resource", index: r, id: net.resources[r].id, period: t, load: l, capacity: c, ratio: c > 0 ? l / c : Infinity });
    }
  }
  for (let lane = 0; lane < L; lane++) {
    const c = net.lanes[lane].capacity;
    for (let t = 0; t < T; t++) {
      const l = laneLoad[lane * T + t];
      if (l > c * (1 + 1e-9) + EPS) overloads.push({ kind: "lane", index: lane, id: net.lanes[lane].id, period: t, load: l, capacity: c, ratio: c > 0 ? l / c : Infinity });
    }
  }
  overloads.sort((a, b) => b.ratio - a.ratio || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) || a.period - b.period);

  const pastDue = [...pastDueMap.values()].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) || a.index - b.index || a.period - b.period);
  unsupplied.sort((a, b) => a.node - b.node || a.period - b.period);

  return {
    T,
    periods: net.periods,
    releases,
    shipments,
    gross,
    net: netReq,
    onHand,
    lowLevelCode,
    load,
    capacity: net.capacity,
    laneLoad,
    overloads,
    pastDue,
    unsupplied,
    unboundedDemands,
    ignoredArcs: [...ignored.keys()].filter((a) => ignored[a] === 1),
  };
}
