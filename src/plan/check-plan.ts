// An independent check of a plan against the Network's own arrays (not the LP): material balance
// with lead times and yields, resource and lane capacity, export bans, demand bounds, non-negativity.
import type { Network } from "../model/index.js";
import type { PlanResult } from "./plan.js";

export interface Violation {
  kind: "negative" | "balance" | "capacity" | "lane" | "ban" | "demand";
  id: string;
  period: string;
  /** How far the plan is off, in the constraint's own unit. */
  amount: number;
  message: string;
}

/** Every violation larger than `tol` relative to the size of the terms involved; [] for a sound plan. */
export function checkPlan(net: Network, p: Pick<PlanResult, "starts" | "shipments" | "inventory" | "deliveries" | "unmet" | "objective" | "hardDemand">, tol = 1e-6): Violation[] {
  const { T } = net;
  const out: Violation[] = [];
  const add = (kind: Violation["kind"], id: string, t: number, amount: number, message: string) => out.push({ kind, id, period: net.periods[t], amount, message });
  const off = (amount: number, scale: number) => Math.abs(amount) > tol * Math.max(1, scale);
  const nodeName = (n: number) => `${net.items[net.nodeItem[n]].id}@${net.sites[net.nodeSite[n]].id}`;

  const arrays: [string, Float64Array][] = [["starts", p.starts], ["shipments", p.shipments], ["inventory", p.inventory], ["deliveries", p.deliveries], ["unmet", p.unmet]];
  for (const [name, a] of arrays) {
    for (let k = 0; k < a.length; k++) if (a[k] < -tol || !Number.isFinite(a[k])) add("negative", name, k % T, a[k], `${name}[${k}] is ${a[k]}`);
  }

  // Material balance: recompute every flow into and out of each stock point per period.
  const N = net.nodeItem.length;
  const flowIn = new Float64Array(N * T);
  const flowOut = new Float64Array(N * T);
  for (let o = 0; o < net.operations.length; o++) {
    for (let t = 0; t < T; t++) {
      const x = p.starts[o * T + t];
      if (x === 0) continue;
      const arrive = t + net.opLeadTime[o];
      if (arrive < T) flowIn[net.opOutNode[o] * T + arrive] += x * net.opOutQty[o] * net.opYield[o * T + t];
      for (let q = net.opInStart[o]; q < net.opInStart[o + 1]; q++) flowOut[net.opInNode[q] * T + t] += x * net.opInQty[q];
    }
  }
  for (let a = 0; a < net.arcLane.length; a++) {
    for (let t = 0; t < T; t++) {
      const s = p.shipments[a * T + t];
      if (s === 0) continue;
      flowOut[net.arcFrom[a] * T + t] += s;
      if (t + net.arcTransit[a] < T) flowIn[net.arcTo[a] * T + t + net.arcTransit[a]] += s;
    }
  }
  for (let d = 0; d < net.demands.length; d++) for (let t = 0; t < T; t++) flowOut[net.demandNode[d] * T + t] += p.deliveries[d * T + t];
  // Receipts already on their way when the plan starts (a re-plan from mid-horizon).
  if (net.receipts) for (let k = 0; k < N * T; k++) flowIn[k] += net.receipts[k];
  for (let n = 0; n < N; n++) {
    for (let t = 0; t < T; t++) {
      const before = t === 0 ? net.initialStock[n] : p.inventory[n * T + t - 1];
      const after = p.inventory[n * T + t];
      const gap = before + flowIn[n * T + t] - flowOut[n * T + t] - after;
      if (off(gap, before + flowIn[n * T + t] + flowOut[n * T + t] + after)) add("balance", nodeName(n), t, gap, `stock of ${nodeName(n)} in ${net.periods[t]} does not balance (off by ${gap})`);
    }
  }

  // Resource capacity.
  const R = net.resources.length;
  const used = new Float64Array(R * T);
  for (let o = 0; o < net.operations.length; o++) {
    for (let q = net.opResStart[o]; q < net.opResStart[o + 1]; q++) {
      const r = net.opRes[q];
      for (let t = 0; t < T; t++) used[r * T + t] += p.starts[o * T + t] * net.opResQty[q];
    }
  }
  for (let r = 0; r < R; r++) {
    for (let t = 0; t < T; t++) {
      const excess = used[r * T + t] - net.capacity[r * T + t];
      if (excess > 0 && off(excess, net.capacity[r * T + t])) add("capacity", net.resources[r].id, t, excess, `resource ${net.resources[r].id} over capacity in ${net.periods[t]} by ${excess}`);
    }
  }

  // Lanes: shared capacity and export bans.
  const laneUse = new Float64Array(net.lanes.length * T);
  for (let a = 0; a < net.arcLane.length; a++) {
    const lane = net.lanes[net.arcLane[a]];
    for (let t = 0; t < T; t++) {
      const s = p.shipments[a * T + t];
      laneUse[net.arcLane[a] * T + t] += s;
      if (net.arcBanned[a * T + t] === 1 && off(s, 1)) add("ban", lane.id, t, s, `lane ${lane.id} ships ${s} of ${net.items[net.nodeItem[net.arcFrom[a]]].id} in ${net.periods[t]} against an export control`);
    }
  }
  net.lanes.forEach((lane, l) => {
    for (let t = 0; t < T; t++) {
      const excess = laneUse[l * T + t] - lane.capacity;
      if (excess > 0 && off(excess, lane.capacity)) add("lane", lane.id, t, excess, `lane ${lane.id} over capacity in ${net.periods[t]} by ${excess}`);
    }
  });

  // Demand: never more than asked; under meet-demand, delivered + unmet = asked (unbounded counts as 0).
  for (let d = 0; d < net.demands.length; d++) {
    for (let t = 0; t < T; t++) {
      const qty = net.demandQty[d * T + t];
      const del = p.deliveries[d * T + t];
      const id = net.demands[d].id;
      if (p.objective === "meet-demand") {
        const required = Number.isFinite(qty) ? qty : 0;
        const gap = del + p.unmet[d * T + t] - required;
        if (off(gap, required)) add("demand", id, t, gap, `demand ${id} in ${net.periods[t]}: delivered + unmet differs from ${required} by ${gap}`);
        if (p.hardDemand && off(p.unmet[d * T + t], required)) add("demand", id, t, p.unmet[d * T + t], `demand ${id} in ${net.periods[t]} is hard but ${p.unmet[d * T + t]} is unmet`);
      } else if (del - qty > 0 && off(del - qty, qty)) {
        add("demand", id, t, del - qty, `demand ${id} in ${net.periods[t]}: delivered ${del} exceeds ${qty}`);
      }
    }
  }
  return out;
}
