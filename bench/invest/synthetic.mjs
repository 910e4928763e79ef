// The stress benchmark's synthetic 5-tier network (bench/stress/synthetic.mjs: 34 sites per unit of p,
// p = 50 is 1,700 sites) with a target and expansion options, as a scenario object. Deterministic in
// (p, seed). `options` resources get an option each (see below), the first `integer` of them in whole
// modules (4 to the maximum) and every other integer one with a fixed cost as well. Capital per unit is 30x the item's value (a line pays for itself in 30 periods of
// output), lead times 1-2 periods, ramps 0-2; each option may add half of the resource's capacity.
// Demand is raised by `demandScale` (the stress network's two alternate sites per item hold 1.2-1.8x
// of it), and the resources without an option get three times their capacity, so that what limits
// delivery is the capacity of the resources that have options: the MIP has real choices to make.
import { stressScenario } from "../stress/synthetic.mjs";

export function investScenario(p = 50, { periods = 12, options = 200, integer = 50, seed = 1, targetUsd = 1, demandScale = 2.5 } = {}) {
  const s = stressScenario(p, seed);
  let state = (seed * 2654435761) >>> 0;
  const rnd = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const value = new Map(s.items.map((x) => [x.id, x.valueUsd]));
  const madeBy = new Map(s.operations.map((o) => [o.uses[0].resource, o.produces.item]));
  // Every final-assembly line (the first 2p resources: two alternate sites per product) gets an option,
  // then resources further up the chain, drawn at random, up to `options`.
  const order = s.resources
    .map((r, i) => ({ r, k: i < 2 * p ? -1 : rnd(), i }))
    .sort((a, b) => a.k - b.k || a.i - b.i)
    .slice(0, options);
  const optioned = new Set(order.map(({ r }) => r.id));
  const expansions = order.map(({ r }, n) => {
    const cap = r.levels[0].level;
    const maxSize = Math.max(2, Math.ceil(cap / 2));
    const modular = n < integer;
    return {
      id: `x-${r.id}`,
      resource: r.id,
      capexPerUnitUsd: 30 * (value.get(madeBy.get(r.id)) ?? 100),
      ...(modular && n % 2 === 1 ? { fixedCapexUsd: 100 * (value.get(madeBy.get(r.id)) ?? 100) * Math.max(1, Math.round(cap / 4)) } : {}),
      leadTime: 1 + Math.floor(rnd() * 2),
      ramp: { periods: Math.floor(rnd() * 3), shape: rnd() < 0.5 ? "linear" : "s-curve" },
      maxSize,
      ...(modular ? { moduleSize: maxSize / 4 } : {}),
      assumption: "synthetic",
    };
  });
  const last = `${2026 + Math.floor((periods - 1) / 12)}-${String(((periods - 1) % 12) + 1).padStart(2, "0")}`;
  return {
    ...s,
    name: `invest-synthetic-${p}`,
    title: `${s.title} with ${options} expansion options`,
    horizon: { start: "2026-01", periods, bucket: "month" },
    resources: s.resources.map((r) => (optioned.has(r.id) ? r : { ...r, levels: r.levels.map((l) => ({ ...l, level: 3 * l.level })) })),
    demand: s.demand.map((d) => ({ ...d, schedule: d.schedule.map((x) => ({ ...x, quantity: Math.round(x.quantity * demandScale) })) })),
    targets: [{ id: "delivered", description: "value delivered to the customer", measure: "deliveredValue", countries: ["US"], valueUsd: targetUsd, by: last }],
    expansions,
  };
}
