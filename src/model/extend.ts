// A run-out beyond the horizon: the same network with every per-period figure held at its last
// value for `extra` more periods. The planner plans over it and reports the first T periods, so that
// the horizon's last months look like the months before (work started then still has somewhere to go).
import type { Network } from "./normalize.js";
import { horizonLabels } from "./period.js";

/**
 * The longest chain of lead times and transits from a first-tier start to a delivery, in periods:
 * the run-out that lets a start in the horizon's last period reach a customer.
 */
export function longestLeadTime(net: Network): number {
  const O = net.operations.length;
  const A = net.arcLane.length;
  const N = net.nodeItem.length;
  // Longest time for a unit at node n to reach a delivery: relax over activities until stable
  // (the bill of materials has no cycles, so at most O + A rounds; usually a handful).
  const toEnd = new Float64Array(N).fill(Number.NEGATIVE_INFINITY);
  for (let d = 0; d < net.demands.length; d++) toEnd[net.demandNode[d]] = 0;
  for (let round = 0; round <= O + A; round++) {
    let changed = false;
    for (let o = 0; o < O; o++) {
      const after = toEnd[net.opOutNode[o]];
      if (after === Number.NEGATIVE_INFINITY) continue;
      const v = after + net.opLeadTime[o];
      for (let j = net.opInStart[o]; j < net.opInStart[o + 1]; j++) {
        if (v > toEnd[net.opInNode[j]]) {
          toEnd[net.opInNode[j]] = v;
          changed = true;
        }
      }
    }
    for (let a = 0; a < A; a++) {
      const after = toEnd[net.arcTo[a]];
      if (after === Number.NEGATIVE_INFINITY) continue;
      const v = after + net.arcTransit[a];
      if (v > toEnd[net.arcFrom[a]]) {
        toEnd[net.arcFrom[a]] = v;
        changed = true;
      }
    }
    if (!changed) break;
  }
  let longest = 0;
  for (let o = 0; o < O; o++) {
    const after = toEnd[net.opOutNode[o]];
    if (after !== Number.NEGATIVE_INFINITY) longest = Math.max(longest, after + net.opLeadTime[o]);
  }
  return Math.min(longest, net.T);
}

function padded(src: Float64Array, rows: number, T: number, T2: number): Float64Array {
  const out = new Float64Array(rows * T2);
  for (let i = 0; i < rows; i++) out.set(src.subarray(i * T, (i + 1) * T), i * T2);
  return out;
}

/** The network over T + extra periods, each per-period array holding its last value in the run-out. */
export function extendNetwork(net: Network, extra: number): Network {
  if (extra <= 0) return net;
  const T = net.T;
  const T2 = T + extra;
  const stretch = <A extends Float64Array | Uint8Array>(src: A, rows: number, make: (n: number) => A): A => {
    const out = make(rows * T2);
    for (let i = 0; i < rows; i++) {
      out.set(src.subarray(i * T, (i + 1) * T), i * T2);
      if (T > 0) out.fill(src[i * T + T - 1] as never, i * T2 + T, (i + 1) * T2);
    }
    return out;
  };
  const f64 = (n: number) => new Float64Array(n);
  const u8 = (n: number) => new Uint8Array(n);
  const bucket = net.periods[0]?.includes("W") ? "week" : "month";
  return {
    ...net,
    T: T2,
    periods: horizonLabels(net.periods[0], T2, bucket),
    capacity: stretch(net.capacity, net.resources.length, f64),
    opYield: stretch(net.opYield, net.operations.length, f64),
    arcTariff: stretch(net.arcTariff, net.arcLane.length, f64),
    arcBanned: stretch(net.arcBanned, net.arcLane.length, u8),
    demandQty: stretch(net.demandQty, net.demands.length, f64),
    // Receipts are one-off arrivals: none in the run-out.
    receipts: net.receipts ? padded(net.receipts, net.nodeItem.length, T, T2) : undefined,
    // Commitments that run to the horizon's end keep holding in the run-out.
    commitments: net.commitments.map((c) => ({ ...c, to: c.to >= T - 1 ? T2 - 1 : c.to })),
  };
}
