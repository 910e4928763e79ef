// An independent check of a reported TTS: given flows over a window of `tts` periods, recompute every
// constraint from the Network's own arrays (not from the LP matrix) and list what fails.
import type { Network } from "../model/index.js";
import type { Disruption } from "./scenarios.js";
import type { Snapshot } from "./snapshot.js";

export interface TtsCertificate {
  /** Total starts per operation, units per arc, units delivered per demand, over the window. */
  starts: Float64Array;
  shipments: Float64Array;
  delivered: Float64Array;
}

/** Violations (empty when the flows meet demand for `tts` periods with the disruption in force). */
export function verifyTts(net: Network, snap: Snapshot, rate: Float64Array, d: Disruption, tts: number, flows: TtsCertificate, tol = 1e-6, trapStock = true): string[] {
  const out: string[] = [];
  const near = (x: number) => tol * Math.max(1, Math.abs(x));
  const down = new Set(d.sites);
  const cut = new Set(d.lanes);
  net.operations.forEach((op, o) => {
    if (flows.starts[o] < -near(0)) out.push(`operation ${op.id}: negative starts`);
    if (down.has(op.site) && flows.starts[o] > near(0)) out.push(`operation ${op.id} runs at a site that is down`);
  });
  net.arcLane.forEach((l, a) => {
    if ((cut.has(l) || snap.banned[a]) && flows.shipments[a] > near(0)) out.push(`lane ${net.lanes[l].id} ships while cut or banned`);
    if (trapStock && down.has(net.nodeSite[net.arcFrom[a]]) && flows.shipments[a] > near(0)) out.push(`lane ${net.lanes[l].id} ships stock out of a site that is down`);
  });
  const use = new Float64Array(net.resources.length);
  for (let o = 0; o < net.operations.length; o++) for (let i = net.opResStart[o]; i < net.opResStart[o + 1]; i++) use[net.opRes[i]] += net.opResQty[i] * flows.starts[o];
  use.forEach((u, r) => u > snap.capacity[r] * tts + near(u) && out.push(`resource ${net.resources[r].id}: ${u} used > ${snap.capacity[r]} x ${tts}`));
  const laneUse = new Float64Array(net.lanes.length);
  net.arcLane.forEach((l, a) => (laneUse[l] += flows.shipments[a]));
  laneUse.forEach((u, l) => u > net.lanes[l].capacity * tts + near(u) && out.push(`lane ${net.lanes[l].id}: ${u} shipped > capacity x ${tts}`));
  const balance = Float64Array.from(snap.stock);
  for (let o = 0; o < net.operations.length; o++) {
    balance[net.opOutNode[o]] += flows.starts[o] * net.opOutQty[o] * snap.yield[o];
    for (let i = net.opInStart[o]; i < net.opInStart[o + 1]; i++) balance[net.opInNode[i]] -= flows.starts[o] * net.opInQty[i];
  }
  net.arcLane.forEach((_, a) => {
    balance[net.arcFrom[a]] -= flows.shipments[a];
    balance[net.arcTo[a]] += flows.shipments[a];
  });
  net.demandNode.forEach((n, k) => (balance[n] -= flows.delivered[k]));
  balance.forEach((b, n) => b < -near(snap.stock[n]) && out.push(`${net.items[net.nodeItem[n]].id}@${net.sites[net.nodeSite[n]].id}: uses ${-b} more than it has`));
  net.demands.forEach((dm, k) => flows.delivered[k] < rate[k] * tts - near(rate[k] * tts) && out.push(`demand ${dm.id}: ${flows.delivered[k]} delivered < ${rate[k]} x ${tts}`));
  return out;
}
