// A synthetic multi-tier network for the stress sweep, as a scenario object (JSON-compatible):
// 5 tiers of items (p, 2p, 3p, 5p, 6p from products down to raw), each item made at 2 alternate
// sites, each item above raw made from 2 items of the tier below, lanes from every alternate
// supplier to every consumer, stock of 0..2 periods of need, capacity 60..90% of need per site (so
// both alternates are needed, with slack; `tight`: 55..65%, a third of the stock). Sites = 34 p (+1 customer). Deterministic in (p, seed).
export function stressScenario(p = 50, seed = 1, { tight = false } = {}) {
  let s = seed >>> 0;
  const rnd = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const countries = ["US", "TW", "KR", "JP", "CN", "DE", "MY", "MX", "VN", "IN"];
  const tiers = [p, 2 * p, 3 * p, 5 * p, 6 * p]; // tier 0 = products ... tier 4 = raw
  const items = tiers.map((m, k) => Array.from({ length: m }, (_, i) => `t${k}-${i}`));
  const bom = new Map(); // item -> [{ item, qty }]
  const need = new Map(); // item -> units per period
  items[0].forEach((id) => need.set(id, 10 + Math.floor(rnd() * 40)));
  for (let k = 0; k < 4; k++) {
    const below = items[k + 1];
    let next = 0;
    for (const id of items[k]) {
      const a = below[next++ % below.length];
      let b = below[Math.floor(rnd() * below.length)];
      if (b === a) b = below[(below.indexOf(a) + 1) % below.length];
      const inputs = [{ item: a, qty: 1 }, { item: b, qty: 1 + Math.floor(rnd() * 2) }];
      bom.set(id, inputs);
      for (const x of inputs) need.set(x.item, (need.get(x.item) ?? 0) + need.get(id) * x.qty);
    }
    for (const id of below) if (!need.has(id)) need.set(id, 1);
  }
  const sites = [{ id: "dc", name: "customer", operator: "buyers", country: "US", lat: 0, lon: 0, role: "customer" }];
  const resources = [];
  const operations = [];
  const inventory = [];
  const makers = new Map();
  let n = 0;
  items.forEach((tier, k) => {
    for (const id of tier) {
      for (let alt = 0; alt < 2; alt++) {
        const site = `s${n}`;
        const c = countries[n % countries.length];
        sites.push({ id: site, name: site, operator: `op${n % 37}`, country: c, lat: 0, lon: 0, role: ["assembly", "module", "packaging", "fab", "materials"][k], recoveryPeriods: 1 + Math.floor(rnd() * 6) });
        const cap = Math.ceil(need.get(id) * (tight ? 0.55 + 0.1 * rnd() : 0.6 + 0.3 * rnd()));
        resources.push({ id: `r${n}`, site, name: `r${n}`, unit: "u", levels: [{ from: "2026-01", level: cap }] });
        operations.push({ id: `o${n}`, site, produces: { item: id }, consumes: bom.get(id) ?? [], uses: [{ resource: `r${n}`, qty: 1 }] });
        const stock = Math.floor(need.get(id) * rnd() * (tight ? 0.3 : 1));
        if (stock > 0) inventory.push({ site, item: id, qty: stock });
        makers.set(id, [...(makers.get(id) ?? []), site]);
        n++;
      }
    }
  });
  const lanes = [];
  for (const op of operations) {
    for (const input of op.consumes) {
      for (const from of makers.get(input.item)) lanes.push({ id: `l${lanes.length}`, from, to: op.site, items: [input.item] });
      // Stock of an input held where it is used.
      if (rnd() < (tight ? 0.2 : 0.5)) inventory.push({ site: op.site, item: input.item, qty: Math.floor(need.get(input.item) * rnd()) + 1 });
    }
  }
  for (const id of items[0]) for (const from of makers.get(id)) lanes.push({ id: `l${lanes.length}`, from, to: "dc", items: [id] });
  return {
    name: `stress-synthetic-${p}`,
    title: `Synthetic ${sites.length - 1}-site network`,
    horizon: { start: "2026-01", periods: 24, bucket: "month" },
    sites,
    items: items.flat().map((id, i) => ({ id, name: id, unit: "u", valueUsd: 100 + i })),
    resources,
    operations,
    lanes,
    inventory,
    demand: items[0].map((id) => ({ id: `d-${id}`, site: "dc", item: id, priceUsd: 1000 + Math.floor(rnd() * 9000), schedule: [{ from: "2026-01", quantity: need.get(id) }] })),
  };
}
