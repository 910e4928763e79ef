// Planning with dated events. By default an event is a surprise: the plan is made without it, and at the
// event's start the rest of the horizon is re-planned with the stock and the pipeline as they stand then
// (a rolling re-plan, once per distinct start). With foresight the events are known from the start and
// one plan is made on the network with them in force. docs/planning.md, "Events".
import { applyEvents, type Network, resolveEvent, type ScenarioEvent } from "../model/index.js";
import { type Flows, type PlanOptions, type PlanResult, plan, planKpis, targetResults } from "./plan.js";

export interface EventPlanOptions extends PlanOptions {
  /** The events are known in advance (one plan with them in force) instead of coming as a surprise. */
  foresight?: boolean;
}

export interface Replan {
  /** The period from which the rest of the horizon was re-planned. */
  from: string;
  /** The events that had started by then. */
  events: string[];
}

export type EventPlanResult = PlanResult & { events: { foresight: boolean; replans: Replan[] } };

export async function planWithEvents(base: Network, events: readonly ScenarioEvent[], options: EventPlanOptions = {}): Promise<EventPlanResult> {
  const foresight = options.foresight === true;
  if (events.length === 0 || foresight) {
    const p = await plan(applyEvents(base, events), options);
    if (events.length > 0) p.notes.push(`events known in advance (foresight): ${events.map((e) => e.id).join(", ")}`);
    return { ...p, events: { foresight, replans: [] } };
  }
  const resolved = events.map((e) => resolveEvent(base, e)).filter((e) => e.start <= e.end);
  const starts = [...new Set(resolved.map((e) => e.start))].sort((a, b) => a - b);
  // The plan as made before anything happened; each re-plan replaces it from its period on.
  let current = await plan(base, { ...options, limitCandidates: 0 });
  if (current.status !== "optimal") return { ...current, events: { foresight, replans: [] } };
  const flows: Flows = { starts: current.starts.slice(), shipments: current.shipments.slice(), inventory: current.inventory.slice(), deliveries: current.deliveries.slice(), unmet: current.unmet.slice() };
  const replans: Replan[] = [];
  for (let k = 0; k < starts.length; k++) {
    const s = starts[k];
    const known = resolved.filter((e) => e.start <= s).map((e) => e.event);
    const shifted = shiftNetwork(applyEvents(base, known), s, stateAt(base, flows, s));
    const last = k === starts.length - 1;
    const p = await plan(shifted, last ? options : { ...options, limitCandidates: 0 });
    if (p.status !== "optimal") {
      p.notes.push(`the re-plan from ${base.periods[s]} after ${known.map((e) => e.id).join(", ")} ended ${p.status}`);
      return { ...p, periods: base.periods.slice(), events: { foresight, replans } };
    }
    splice(flows, p, base, s);
    replans.push({ from: base.periods[s], events: known.map((e) => e.id) });
    current = p;
  }
  // The plan as it was carried out: before each event as planned without it, from it as re-planned.
  const eventNet = applyEvents(base, events);
  const result: PlanResult = {
    ...current,
    periods: base.periods.slice(),
    ...flows,
    kpis: planKpis(eventNet, flows),
    targets: targetResults(eventNet, flows.starts, flows.deliveries),
    // The cost-driven comparison is that of the last re-plan's own window; it is not comparable whole.
    costRouted: null,
    notes: [...current.notes, `events as a surprise: planned without them, re-planned from ${replans.map((r) => `${r.from} (${r.events.join(", ")})`).join(", ")} with the stock as it stood`],
  };
  if (result.targets.length > 0) result.kpis.targetMet = result.targets[0].met;
  return { ...result, events: { foresight, replans } };
}

/** Stock at the start of period s, and what is already on its way (started or shipped before s). */
export function stateAt(net: Network, f: Pick<Flows, "starts" | "shipments" | "inventory">, s: number): { stock: Float64Array; receipts: Float64Array } {
  const { T } = net;
  const N = net.nodeItem.length;
  const rest = T - s;
  const stock = new Float64Array(N);
  for (let n = 0; n < N; n++) stock[n] = s === 0 ? net.initialStock[n] : Math.max(0, f.inventory[n * T + s - 1]);
  const receipts = new Float64Array(N * rest);
  for (let o = 0; o < net.operations.length; o++) {
    for (let t = Math.max(0, s - net.opLeadTime[o]); t < s; t++) {
      const arrive = t + net.opLeadTime[o];
      if (arrive < s || arrive >= T) continue;
      receipts[net.opOutNode[o] * rest + arrive - s] += f.starts[o * T + t] * net.opOutQty[o] * net.opYield[o * T + t];
    }
  }
  for (let a = 0; a < net.arcLane.length; a++) {
    for (let t = Math.max(0, s - net.arcTransit[a]); t < s; t++) {
      const arrive = t + net.arcTransit[a];
      if (arrive < s || arrive >= T) continue;
      receipts[net.arcTo[a] * rest + arrive - s] += f.shipments[a * T + t];
    }
  }
  return { stock, receipts };
}

/** The network from period s on, starting from the given stock and receipts. */
export function shiftNetwork(net: Network, s: number, state: { stock: Float64Array; receipts: Float64Array }): Network {
  if (s === 0 && !net.receipts) return { ...net, initialStock: state.stock, receipts: state.receipts };
  const T = net.T;
  const rest = T - s;
  const slice = <A extends Float64Array | Uint8Array>(src: A, rows: number): A => {
    const out = new (src.constructor as new (n: number) => A)(rows * rest);
    for (let i = 0; i < rows; i++) out.set(src.subarray(i * T + s, (i + 1) * T), i * rest);
    return out;
  };
  return {
    ...net,
    T: rest,
    periods: net.periods.slice(s),
    initialStock: state.stock,
    receipts: state.receipts,
    capacity: slice(net.capacity, net.resources.length),
    capacityEvents: net.capacityEvents.map((list) => list.map((e) => ({ ...e, start: e.start - s }))),
    outages: net.outages.map((list) => list.map((o) => ({ ...o, start: o.start - s }))),
    opYield: slice(net.opYield, net.operations.length),
    arcTariff: slice(net.arcTariff, net.arcLane.length),
    arcBanned: slice(net.arcBanned, net.arcLane.length),
    demandQty: slice(net.demandQty, net.demands.length),
    targets: net.targets.map((g) => ({ ...g, by: g.by - s })),
    milestones: net.milestones.map((m) => ({ ...m, due: m.due === null ? null : m.due - s })),
    commitments: net.commitments.filter((c) => c.to >= s).map((c) => ({ ...c, from: Math.max(0, c.from - s), to: c.to - s })),
  };
}

/** Replace the flows from period s on by a re-plan's (which starts at s). */
function splice(f: Flows, p: PlanResult, net: Network, s: number): void {
  const T = net.T;
  const rest = T - s;
  const put = (dst: Float64Array, src: Float64Array, rows: number) => {
    for (let i = 0; i < rows; i++) dst.set(src.subarray(i * rest, (i + 1) * rest), i * T + s);
  };
  put(f.starts, p.starts, net.operations.length);
  put(f.shipments, p.shipments, net.arcLane.length);
  put(f.inventory, p.inventory, net.nodeItem.length);
  put(f.deliveries, p.deliveries, net.demands.length);
  put(f.unmet, p.unmet, net.demands.length);
}
