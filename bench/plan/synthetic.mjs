// Synthetic wafer -> package -> server -> data-centre networks of a chosen size, as Scenario objects.
// Deterministic (seeded), so every run and every solver sees the same LP.
export function synthetic({ perTier = 10, periods = 48, seed = 1 } = {}) {
  let s = seed >>> 0;
  const rand = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const pick = (n) => Math.floor(rand() * n);
  const month = (k) => `${2026 + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, "0")}`;
  const tiers = [
    { key: "fab", item: "wafer", consumes: null, qty: 0, cap: 100, cost: 18000, va: 20000 },
    { key: "pkg", item: "gpu", consumes: "wafer", qty: 0.05, cap: 2000, cost: 1000, va: 29000 },
    { key: "asm", item: "server", consumes: "gpu", qty: 8, cap: 200, cost: 5000, va: 60000 },
  ];
  const sites = [];
  const resources = [];
  const operations = [];
  const lanes = [];
  const demand = [];
  const countries = ["US", "TW", "KR", "MX"];
  for (const tier of tiers) {
    for (let i = 0; i < perTier; i++) {
      const id = `${tier.key}-${i}`;
      sites.push({ id, name: id, operator: "X", country: countries[pick(4)], lat: 0, lon: 0 });
      const cap = Math.round(tier.cap * (0.5 + rand()));
      resources.push({ id: `${id}-cap`, site: id, name: id, unit: "u", levels: [{ from: month(0), level: cap }], ramps: pick(3) === 0 ? [{ start: month(pick(periods)), periods: 6, from: cap, to: cap * 2 }] : [] });
      operations.push({
        id: `${id}-make`,
        site: id,
        produces: { item: tier.item },
        consumes: tier.consumes ? [{ item: tier.consumes, qty: tier.qty }] : [],
        uses: [{ resource: `${id}-cap`, qty: 1 }],
        leadTime: 1 + pick(2),
        yield: 0.85 + 0.15 * rand(),
        costUsd: Math.round(tier.cost * (0.8 + 0.4 * rand())),
      });
    }
  }
  for (let i = 0; i < perTier; i++) {
    const id = `dc-${i}`;
    sites.push({ id, name: id, operator: "X", country: "US", lat: 0, lon: 0 });
    demand.push({ id: `${id}-d`, site: id, item: "server", priceUsd: 400000, schedule: [{ from: month(0), quantity: 20 + pick(40) }, { from: month(Math.floor(periods / 2)), quantity: 60 + pick(60) }] });
  }
  const link = (fromKey, toKey, item) => {
    for (let i = 0; i < perTier; i++) {
      for (const j of new Set([i, pick(perTier), pick(perTier)])) {
        lanes.push({ id: `${fromKey}-${i}-${toKey}-${j}`, from: `${fromKey}-${i}`, to: `${toKey}-${j}`, items: [item], transit: pick(2), costUsd: 10 + pick(300), capacity: pick(2) ? undefined : 1000 });
      }
    }
  };
  link("fab", "pkg", "wafer");
  link("pkg", "asm", "gpu");
  link("asm", "dc", "server");
  return {
    name: `synthetic-${perTier}x${periods}`,
    title: "synthetic",
    seed: 1,
    horizon: { start: month(0), periods, bucket: "month" },
    sources: [],
    sites,
    items: [
      { id: "wafer", name: "w", unit: "u", valueUsd: 20000, holdingCostUsd: 100 },
      { id: "gpu", name: "g", unit: "u", valueUsd: 30000, holdingCostUsd: 150 },
      { id: "server", name: "s", unit: "u", valueUsd: 300000, holdingCostUsd: 1000 },
    ],
    resources: resources.map((r) => ({ ...r, outages: [] })),
    operations,
    lanes: lanes.map(({ capacity, ...l }) => (capacity === undefined ? l : { ...l, capacity })),
    inventory: [],
    demand: demand.map((d) => ({ ...d, unbounded: false, priority: 0 })),
    targets: [],
    milestones: [],
    policies: { onshore: ["US"], tariffs: [{ id: "t", origin: "TW", destination: "US", items: ["gpu"], rate: 0.15, from: month(6) }], exportControls: [] },
    uncertainty: { parameters: [], disruptions: [] },
  };
}
