// The network frozen at one period: stock on hand, capacity per period, yields, lane capacity and
// export controls as they stand then. The TTS/TTR LPs are static (Simchi-Levi et al.): they read
// only this snapshot, never the time-phased arrays.
import type { Network } from "../model/index.js";

/** What the stress test needs from a constrained plan (src/plan PlanResult satisfies it). */
export interface PlanView {
  status: string;
  /** inventory[n * T + t]: stock at the end of period t. */
  inventory: Float64Array;
  /** deliveries[d * T + t]. */
  deliveries: Float64Array;
  starts: Float64Array;
  shipments: Float64Array;
}

export interface Snapshot {
  period: number;
  /** Stock on hand at the start of the period, per stock point (plus pipeline, when from a plan). */
  stock: Float64Array;
  /** Capacity per period, per resource. */
  capacity: Float64Array;
  /** Yield per operation in that period. */
  yield: Float64Array;
  /** Capacity per period, per lane; Infinity where none. */
  laneCapacity: Float64Array;
  /** 1 where an export control forbids the arc then. */
  banned: Uint8Array;
  /** Demand per period before the sustainable-rate cap: Infinity for unbounded demand without a plan. */
  demandAsked: Float64Array;
  /** Where demandAsked came from, per demand. */
  demandSource: ("demand" | "plan" | "unbounded")[];
  stockSource: "scenario" | "plan";
}

/**
 * Snapshot at period p. Without a plan, stock is the scenario's initial stock whatever p is (the
 * stress test then answers "if the network held today's stock at p"); with an optimal plan, stock
 * is the plan's inventory at the start of p plus what is in transit or in process then, and the rate
 * of unbounded demand is the plan's mean delivery over `window` periods from p (one month's
 * deliveries can be lumpy: a sea shipment lands every other month).
 */
export function snapshotAt(net: Network, p: number, plan?: PlanView, window = 1): Snapshot {
  const T = net.T;
  const usePlan = plan !== undefined && plan.status === "optimal";
  const stock = usePlan ? stockFromPlan(net, p, plan) : Float64Array.from(net.initialStock);
  const capacity = Float64Array.from(net.resources, (_, r) => net.capacity[r * T + p]);
  const yields = Float64Array.from(net.operations, (_, o) => net.opYield[o * T + p]);
  const laneCapacity = Float64Array.from(net.lanes, (l) => l.capacity);
  const banned = Uint8Array.from(net.arcLane, (_, a) => net.arcBanned[a * T + p]);
  const demandSource: Snapshot["demandSource"] = [];
  const demandAsked = Float64Array.from(net.demands, (d, k) => {
    if (!d.unbounded) {
      demandSource.push("demand");
      return net.demandQty[k * T + p];
    }
    if (usePlan) {
      demandSource.push("plan");
      const end = Math.min(T, p + Math.max(1, Math.round(window)));
      let sum = 0;
      for (let t = p; t < end; t++) sum += plan.deliveries[k * T + t];
      return sum / (end - p);
    }
    demandSource.push("unbounded");
    return Number.POSITIVE_INFINITY;
  });
  return { period: p, stock, capacity, yield: yields, laneCapacity, banned, demandAsked, demandSource, stockSource: usePlan ? "plan" : "scenario" };
}

function stockFromPlan(net: Network, p: number, plan: PlanView): Float64Array {
  const T = net.T;
  const stock = new Float64Array(net.nodeItem.length);
  for (let n = 0; n < stock.length; n++) stock[n] = p === 0 ? net.initialStock[n] : Math.max(0, plan.inventory[n * T + p - 1]);
  // Pipeline: shipped or started before p, arriving at p or later, is as good as stock at its destination.
  for (let a = 0; a < net.arcLane.length; a++) {
    for (let t = Math.max(0, p - net.arcTransit[a]); t < p; t++) stock[net.arcTo[a]] += plan.shipments[a * T + t];
  }
  for (let o = 0; o < net.operations.length; o++) {
    for (let t = Math.max(0, p - net.opLeadTime[o]); t < p; t++) stock[net.opOutNode[o]] += plan.starts[o * T + t] * net.opOutQty[o] * net.opYield[o * T + t];
  }
  return stock;
}
