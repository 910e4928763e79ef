// What-if edits of the figures people change most, applied to a normalized Network (a copy): a resource's
// capacity, a demand's quantity over a range of periods, a demand's price. Each is a bound or a cost of
// the planning LP, except where a price is also what a finished good counts for in a target's measure
// (Network.saleValue), which is a coefficient. Pure; problems as data, each at its path in the request.
import type { Network } from "./normalize.js";

export interface CapacityEdit {
  resource: string;
  from: string;
  to?: string;
  level?: number;
  factor?: number;
}

export interface DemandEdit {
  demand: string;
  from: string;
  to?: string;
  /** The quantity per period (which also caps an unbounded demand). */
  quantity?: number;
  factor?: number;
}

export interface PriceEdit {
  demand: string;
  priceUsd?: number;
  factor?: number;
}

export interface Edits {
  capacity?: readonly CapacityEdit[];
  demand?: readonly DemandEdit[];
  price?: readonly PriceEdit[];
}

/** A range edit as applied: the periods it covered. */
export interface AppliedRange {
  from: string;
  to: string;
  periods: number;
}

export interface AppliedEdits {
  capacity: ({ resource: string } & AppliedRange)[];
  demand: ({ demand: string } & AppliedRange)[];
  price: { demand: string; priceUsd: number }[];
}

export interface EditProblem {
  path: PropertyKey[];
  message: string;
}

/** The network with the edits applied, in order within each kind (`net` is not changed). Every problem at once. */
export function withEdits(net: Network, edits: Edits): { ok: true; net: Network; applied: AppliedEdits } | { ok: false; problems: EditProblem[] } {
  const applied: AppliedEdits = { capacity: [], demand: [], price: [] };
  const problems: EditProblem[] = [];
  const T = net.T;
  const span = `${net.periods[0]} .. ${net.periods[T - 1]}`;
  /** The periods from..to (default: the horizon's end), or null with the problems added. */
  const range = (e: { from: string; to?: string }, path: PropertyKey[]): [number, number] | null => {
    const from = net.periods.indexOf(e.from);
    if (from < 0) problems.push({ path: [...path, "from"], message: `'${e.from}' is not a period of the scenario (${span})` });
    const to = e.to === undefined ? T - 1 : net.periods.indexOf(e.to);
    if (to < 0) problems.push({ path: [...path, "to"], message: `'${e.to}' is not a period of the scenario (${span})` });
    else if (from >= 0 && to < from) problems.push({ path: [...path, "to"], message: `'${e.to}' comes before '${e.from}'` });
    return from < 0 || to < from ? null : [from, to];
  };
  const demandIndex = (id: string, path: PropertyKey[]): number => {
    const d = net.demands.findIndex((x) => x.id === id);
    if (d < 0) problems.push({ path: [...path, "demand"], message: `no demand '${id}' in the scenario` });
    return d;
  };

  let capacity = net.capacity;
  (edits.capacity ?? []).forEach((e, i) => {
    const r = net.resources.findIndex((x) => x.id === e.resource);
    if (r < 0) problems.push({ path: ["capacity", i, "resource"], message: `no resource '${e.resource}' in the scenario` });
    const w = range(e, ["capacity", i]);
    if (r < 0 || !w) return;
    if (capacity === net.capacity) capacity = net.capacity.slice();
    for (let t = w[0]; t <= w[1]; t++) capacity[r * T + t] = e.level !== undefined ? e.level : capacity[r * T + t] * (e.factor ?? 1);
    applied.capacity.push({ resource: e.resource, from: net.periods[w[0]], to: net.periods[w[1]], periods: w[1] - w[0] + 1 });
  });

  let demandQty = net.demandQty;
  (edits.demand ?? []).forEach((e, i) => {
    const d = demandIndex(e.demand, ["demand", i]);
    const w = range(e, ["demand", i]);
    if (d >= 0 && e.factor !== undefined && net.demands[d].unbounded) problems.push({ path: ["demand", i, "factor"], message: `'${e.demand}' is unbounded: it has no quantity to scale (give \`quantity\` to cap it)` });
    if (d < 0 || !w || (e.factor !== undefined && net.demands[d].unbounded)) return;
    if (demandQty === net.demandQty) demandQty = net.demandQty.slice();
    for (let t = w[0]; t <= w[1]; t++) demandQty[d * T + t] = e.quantity !== undefined ? e.quantity : demandQty[d * T + t] * (e.factor ?? 1);
    applied.demand.push({ demand: e.demand, from: net.periods[w[0]], to: net.periods[w[1]], periods: w[1] - w[0] + 1 });
  });

  let demandPrice = net.demandPrice;
  let saleValue = net.saleValue;
  let demands = net.demands;
  (edits.price ?? []).forEach((e, i) => {
    const d = demandIndex(e.demand, ["price", i]);
    if (d < 0) return;
    if (demandPrice === net.demandPrice) {
      demandPrice = net.demandPrice.slice();
      saleValue = net.saleValue.slice();
      demands = net.demands.map((x) => ({ ...x }));
    }
    const price = e.priceUsd !== undefined ? e.priceUsd : demandPrice[d] * (e.factor ?? 1);
    demandPrice[d] = price;
    demands[d].priceUsd = price;
    // What a finished good counts for is its first demand's price (normalize): that demand's, here.
    for (let item = 0; item < saleValue.length; item++) if (net.saleDemand[item] === d) saleValue[item] = price;
    applied.price.push({ demand: e.demand, priceUsd: price });
  });

  if (problems.length) return { ok: false, problems };
  return { ok: true, net: { ...net, capacity, demandQty, demandPrice, saleValue, demands }, applied };
}
