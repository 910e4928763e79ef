// MRP known answers, worked out by hand in the comments, plus an independent replay of the tutorial.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadScenarioText, type Network, normalize } from "../model/index.js";
import { type MrpResult, mrp } from "./mrp.js";

function network(yaml: string): Network {
  const r = loadScenarioText(yaml);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.line}:${p.col} ${p.path.join(".")}: ${p.message}`).join("\n"));
  return normalize(r.scenario);
}
const opIndex = (n: Network, id: string) => n.operations.findIndex((o) => o.id === id);
const resIndex = (n: Network, id: string) => n.resources.findIndex((r) => r.id === id);
const nodeIndex = (n: Network, item: string, site: string) =>
  Array.from(n.nodeItem).findIndex((it, i) => n.items[it].id === item && n.sites[n.nodeSite[i]].id === site);
const row = (a: Float64Array, i: number, T: number) => Array.from(a.subarray(i * T, (i + 1) * T));
const close = (got: number[], want: number[]) => {
  expect(got).toHaveLength(want.length);
  for (let i = 0; i < got.length; i++) expect(got[i]).toBeCloseTo(want[i], 9);
};

const site = (id: string, country = "US") => `{ id: ${id}, name: ${id}, operator: x, country: ${country}, lat: 0, lon: 0 }`;

describe("mrp: textbook two-level explosion", () => {
  // A <- 2 B (make-A, lead time 1); B <- 1 C (make-B, lead time 2, yield 0.8); C is bought (stock only).
  const n = network(`
name: textbook
title: two-level BOM
horizon: { start: 2026-01, periods: 6 }
sites: [${site("s1")}]
items:
  - { id: A, name: A, unit: u, valueUsd: 10 }
  - { id: B, name: B, unit: u, valueUsd: 5 }
  - { id: C, name: C, unit: u, valueUsd: 1 }
resources:
  - { id: line-A, site: s1, name: line A, unit: u, levels: [{ from: 2026-01, level: 100 }] }
  - { id: line-B, site: s1, name: line B, unit: u, levels: [{ from: 2026-01, level: 60 }] }
operations:
  - { id: make-A, site: s1, produces: { item: A }, consumes: [{ item: B, qty: 2 }], uses: [{ resource: line-A, qty: 1 }], leadTime: 1 }
  - { id: make-B, site: s1, produces: { item: B }, consumes: [{ item: C, qty: 1 }], uses: [{ resource: line-B, qty: 1 }], leadTime: 2, yield: 0.8 }
inventory:
  - { site: s1, item: A, qty: 10 }
  - { site: s1, item: B, qty: 30 }
  - { site: s1, item: C, qty: 200 }
demand:
  - { id: d, site: s1, item: A, priceUsd: 10, schedule: [{ from: 2026-03, quantity: 20 }, { from: 2026-05, quantity: 30 }] }
`);
  const r = mrp(n);
  const T = 6;
  const A = nodeIndex(n, "A", "s1");
  const B = nodeIndex(n, "B", "s1");
  const C = nodeIndex(n, "C", "s1");

  it("nets A against stock and offsets make-A by one period", () => {
    // Gross A (t0..t5) = 0 0 20 20 30 30; on hand 10 covers 10 of t2: net = 0 0 10 20 30 30.
    close(row(r.gross, A, T), [0, 0, 20, 20, 30, 30]);
    close(row(r.net, A, T), [0, 0, 10, 20, 30, 30]);
    close(row(r.onHand, A, T), [10, 10, 0, 0, 0, 0]);
    // Releases one period earlier, yield 1: t1 10, t2 20, t3 30, t4 30.
    close(row(r.releases, opIndex(n, "make-A"), T), [0, 10, 20, 30, 30, 0]);
  });

  it("explodes B from make-A's starts, nets its stock, and grosses up for the 0.8 yield", () => {
    // Gross B = 2 x starts of make-A in the same period: t1 20, t2 40, t3 60, t4 60.
    // Stock 30: t1 leaves 10; t2 net 40-10 = 30; t3 60; t4 60.
    close(row(r.gross, B, T), [0, 20, 40, 60, 60, 0]);
    close(row(r.net, B, T), [0, 0, 30, 60, 60, 0]);
    // make-B released two periods earlier, starts = net / 0.8: t0 30/0.8 = 37.5, t1 60/0.8 = 75, t2 75.
    close(row(r.releases, opIndex(n, "make-B"), T), [37.5, 75, 75, 0, 0, 0]);
  });

  it("explodes C on starts (not good units) and covers it from stock", () => {
    // Gross C = 1 x make-B starts: 37.5, 75, 75 (187.5 in all) against 200 on hand: 162.5, 87.5, 12.5 left.
    close(row(r.gross, C, T), [37.5, 75, 75, 0, 0, 0]);
    close(row(r.net, C, T), [0, 0, 0, 0, 0, 0]);
    close(row(r.onHand, C, T), [162.5, 87.5, 12.5, 12.5, 12.5, 12.5]);
    expect(r.unsupplied).toEqual([]);
    expect(r.pastDue).toEqual([]);
    expect([r.lowLevelCode[A], r.lowLevelCode[B], r.lowLevelCode[C]]).toEqual([0, 1, 2]);
  });

  it("loads resources and lists the overloads, worst first", () => {
    // line-B loads 37.5, 75, 75 against 60: t1 and t2 over, ratio 75/60 = 1.25. line-A (max 30 of 100) is fine.
    close(row(r.load, resIndex(n, "line-B"), T), [37.5, 75, 75, 0, 0, 0]);
    close(row(r.load, resIndex(n, "line-A"), T), [0, 10, 20, 30, 30, 0]);
    expect(r.overloads.map((o) => [o.id, o.period, o.load, o.capacity, o.ratio])).toEqual([
      ["line-B", 1, 75, 60, 1.25],
      ["line-B", 2, 75, 60, 1.25],
    ]);
  });
});

describe("mrp: lanes", () => {
  const yaml = (ban: boolean, seaCapacity = 100) => `
name: lanes
title: lanes with transit
horizon: { start: 2026-01, periods: 6 }
sites: [${site("fab", "TW")}, ${site("fab2")}, ${site("dc")}]
items: [{ id: W, name: W, unit: u, valueUsd: 1 }]
operations:
  - { id: make-w, site: fab, produces: { item: W }, leadTime: 1, costUsd: 10 }
  - { id: make-w2, site: fab2, produces: { item: W }, leadTime: 1, costUsd: 10 }
lanes:
  - { id: sea, from: fab, to: dc, items: [W], transit: 2, costUsd: 5, capacity: ${seaCapacity} }
  - { id: truck, from: fab2, to: dc, items: [W], transit: 0, costUsd: 8 }
demand:
  - { id: d, site: dc, item: W, priceUsd: 1, schedule: [{ from: 2026-05, quantity: 10 }] }
policies:
  exportControls: [${ban ? "{ id: ban, items: [W], destination: US, from: 2026-04 }" : ""}]
`;
  const arc = (n: Network, lane: string) => Array.from(n.arcLane).findIndex((l) => n.lanes[l].id === lane);

  it("pulls from the cheapest lane, offset by its transit", () => {
    const n = network(yaml(false));
    const r = mrp(n);
    // Demand 10 at t4 and t5; sea (cost 5 < 8) ships 2 periods earlier: t2, t3; make-w one more: t1, t2.
    close(row(r.shipments, arc(n, "sea"), 6), [0, 0, 10, 10, 0, 0]);
    close(row(r.shipments, arc(n, "truck"), 6), [0, 0, 0, 0, 0, 0]);
    close(row(r.releases, opIndex(n, "make-w"), 6), [0, 10, 10, 0, 0, 0]);
    close(row(r.releases, opIndex(n, "make-w2"), 6), [0, 0, 0, 0, 0, 0]);
  });

  it("lists lane-periods shipping above the lane's capacity", () => {
    const n = network(yaml(false, 4));
    // sea ships 10 in t2 and t3 against 4: ratio 2.5 each; no resource exists.
    expect(mrp(n).overloads.map((o) => [o.kind, o.id, o.period, o.load, o.capacity, o.ratio])).toEqual([
      ["lane", "sea", 2, 10, 4, 2.5],
      ["lane", "sea", 3, 10, 4, 2.5],
    ]);
  });

  it("skips a lane in the periods an export control bans it", () => {
    const n = network(yaml(true));
    const r = mrp(n);
    // Ban TW -> US from t3. For t4 sea ships in t2 (open); for t5 sea would ship in t3 (banned), so
    // truck ships in t5 (transit 0) and make-w2 starts in t4.
    close(row(r.shipments, arc(n, "sea"), 6), [0, 0, 10, 0, 0, 0]);
    close(row(r.shipments, arc(n, "truck"), 6), [0, 0, 0, 0, 0, 10]);
    close(row(r.releases, opIndex(n, "make-w"), 6), [0, 10, 0, 0, 0, 0]);
    close(row(r.releases, opIndex(n, "make-w2"), 6), [0, 0, 0, 0, 10, 0]);
  });

  it("drops the arc that closes a loop of lanes and still meets demand", () => {
    const n = network(`
name: loop
title: lanes in a loop
horizon: { start: 2026-01, periods: 4 }
sites: [${site("a")}, ${site("b")}, ${site("c")}]
items: [{ id: W, name: W, unit: u, valueUsd: 1 }]
operations: [{ id: make, site: c, produces: { item: W } }]
lanes:
  - { id: c-a, from: c, to: a, items: [W], transit: 1 }
  - { id: a-b, from: a, to: b, items: [W], transit: 1 }
  - { id: b-a, from: b, to: a, items: [W], transit: 0 }
demand: [{ id: d, site: b, item: W, priceUsd: 1, schedule: [{ from: 2026-04, quantity: 5 }] }]
`);
    const r = mrp(n);
    expect(r.ignoredArcs.map((a) => n.lanes[n.arcLane[a]].id)).toEqual(["b-a"]);
    // Demand 5 at t3 at b: a-b ships t2, c-a ships t1, make starts t1 (lead time 0).
    close(row(r.releases, opIndex(n, "make"), 4), [0, 5, 0, 0]);
    expect(replay(n, r)).toEqual([]);
  });
});

describe("mrp: past due, unsupplied, unbounded, zero capacity", () => {
  const n = network(`
name: late
title: demand from the first period
horizon: { start: 2026-01, periods: 3 }
sites: [${site("s1")}]
items: [{ id: A, name: A, unit: u, valueUsd: 1 }, { id: B, name: B, unit: u, valueUsd: 1 }]
resources: [{ id: r0, site: s1, name: no capacity, unit: u }]
operations:
  - { id: make-A, site: s1, produces: { item: A }, consumes: [{ item: B, qty: 1 }], uses: [{ resource: r0, qty: 2 }], leadTime: 2 }
inventory: [{ site: s1, item: A, qty: 3 }, { site: s1, item: B, qty: 10 }]
demand:
  - { id: d, site: s1, item: A, priceUsd: 1, schedule: [{ from: 2026-01, quantity: 5 }] }
  - { id: all-you-can, site: s1, item: A, priceUsd: 1, unbounded: true }
`);
  const r = mrp(n);

  it("reports releases before period 0 as past due instead of dropping them", () => {
    // A gross 5, 5, 5 (the unbounded demand counts 0); stock 3: net 2, 5, 5. Lead time 2:
    // releases at t-2 = -2 (2 starts), -1 (5), 0 (5). Only the last lands in the horizon.
    close(row(r.net, nodeIndex(n, "A", "s1"), 3), [2, 5, 5]);
    close(row(r.releases, opIndex(n, "make-A"), 3), [5, 0, 0]);
    expect(r.pastDue.map((p) => [p.kind, p.id, p.item, p.period, p.qty])).toEqual([
      ["operation", "make-A", "A", -2, 2],
      ["operation", "make-A", "A", -1, 5],
    ]);
    expect(r.unboundedDemands).toEqual(["all-you-can"]);
  });

  it("nets past-due component needs against stock first, then reports what nothing supplies", () => {
    // B gross: 2 at t-2, 5 at t-1, 5 at t0 = 12 against 10 on hand: 2 short at t0, B has no producer.
    expect(r.unsupplied.map((u) => [u.item, u.site, u.period, u.qty, u.reason])).toEqual([["B", "s1", 0, 2, "no-supplier"]]);
    close(row(r.onHand, nodeIndex(n, "B", "s1"), 3), [0, 0, 0]);
  });

  it("ranks a load on zero capacity first, with an infinite ratio", () => {
    // make-A's 5 starts at t0 use 2 x 5 = 10 units of r0, which has no capacity at all.
    expect(r.overloads).toEqual([{ kind: "resource", index: 0, id: "r0", period: 0, load: 10, capacity: 0, ratio: Infinity }]);
  });
});

/**
 * Independent replay: push every release and shipment (past due included) forward through lead
 * times, yields and transits, withdraw every finite demand in its period, and list every stock
 * point and period that goes negative. Arrivals count in the period they arrive.
 */
function replay(n: Network, r: MrpResult): string[] {
  const { T } = n;
  const first = Math.min(0, ...r.pastDue.map((p) => p.period));
  const W = T - first;
  const flow = new Float64Array(n.nodeItem.length * W);
  const at = (node: number, t: number) => node * W + t - first;
  const yieldAt = (o: number, s: number) => n.opYield[o * T + Math.min(T - 1, Math.max(0, s))];
  const start = (o: number, s: number, q: number) => {
    if (s + n.opLeadTime[o] < T) flow[at(n.opOutNode[o], s + n.opLeadTime[o])] += q * n.opOutQty[o] * yieldAt(o, s);
    for (let i = n.opInStart[o]; i < n.opInStart[o + 1]; i++) flow[at(n.opInNode[i], s)] -= q * n.opInQty[i];
  };
  const ship = (a: number, s: number, q: number) => {
    flow[at(n.arcFrom[a], s)] -= q;
    if (s + n.arcTransit[a] < T) flow[at(n.arcTo[a], s + n.arcTransit[a])] += q;
  };
  for (let o = 0; o < n.operations.length; o++) for (let t = 0; t < T; t++) start(o, t, r.releases[o * T + t]);
  for (let a = 0; a < n.arcLane.length; a++) for (let t = 0; t < T; t++) ship(a, t, r.shipments[a * T + t]);
  for (const p of r.pastDue) (p.kind === "operation" ? start : ship)(p.index, p.period, p.qty);
  for (let d = 0; d < n.demands.length; d++) {
    for (let t = 0; t < T; t++) if (!n.demands[d].unbounded) flow[at(n.demandNode[d], t)] -= n.demandQty[d * T + t];
  }
  const short: string[] = [];
  for (let node = 0; node < n.nodeItem.length; node++) {
    let stock = n.initialStock[node];
    for (let t = first; t < T; t++) {
      stock += flow[at(node, t)];
      if (stock < -1e-6) short.push(`${n.items[n.nodeItem[node]].id}@${n.sites[n.nodeSite[node]].id} t${t}: ${stock}`);
    }
  }
  return short;
}

describe("mrp: tutorial scenario", () => {
  const text = readFileSync(new URL("../../scenarios/tutorial.yaml", import.meta.url), "utf8");
  const n = network(text);
  const r = mrp(n);

  it("runs and its releases, replayed forward, meet every demand on time", () => {
    expect(r.unsupplied).toEqual([]);
    expect(replay(n, r)).toEqual([]);
    // The replay must actually catch a shortfall: drop one release and it fails.
    const broken = { ...r, releases: r.releases.slice() };
    broken.releases[opIndex(n, "assemble-server") * n.T + 2] = 0;
    expect(replay(n, broken).length).toBeGreaterThan(0);
  });

  it("gives the hand-derived figures", () => {
    const T = n.T;
    // Servers: demand 20 from 2026-04 (t3), 30 from 2026-10 (t9); servers-to-dc has transit 0 and
    // assembly lead time 1, yield 1: assemble-server starts 20 in t2..t7, 30 in t8..t10.
    close(row(r.releases, opIndex(n, "assemble-server"), T), [0, 0, 20, 20, 20, 20, 20, 20, 30, 30, 30, 0]);
    // 8 GPUs per start at asm-us in t2 = 160, shipped on gpus-to-us (transit 1) in t1; package-gpu
    // (lead time 1, yield 0.95) starts 160 / 0.95 in t0.
    expect(r.releases[opIndex(n, "package-gpu") * T + 0]).toBeCloseTo(160 / 0.95, 9);
    // Wafers: 0.05 per start = 8/0.95 at pkg-tw in t0, cheapest lane wafers-tw (transit 0), then
    // make-wafer-tw (lead time 2) two periods before the horizon: past due.
    const late = r.pastDue.filter((p) => p.id === "make-wafer-tw");
    expect(late.map((p) => p.period)).toEqual([-2, -1]);
    expect(late[0].qty).toBeCloseTo(8 / 0.95, 9);
    // 30 servers a month use 30 assembly lines of 30 and 240/0.95 = 252.6 packaging of 300: no overload.
    expect(r.overloads).toEqual([]);
    expect(r.releases.subarray(opIndex(n, "make-wafer-us") * T, (opIndex(n, "make-wafer-us") + 1) * T).every((x) => x === 0)).toBe(true);
  });
});

describe("mrp: property", () => {
  it("on random lead times, transits, yields, stock and demand, the replay meets every demand", () => {
    // Two fabs feed a packager over two lanes; the packager ships to an assembler; both lanes may be banned
    // in turn, never both (then nothing could supply and the replay would rightly fail).
    const arb = fc.record({
      lt: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 4, maxLength: 4 }),
      tr: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 3, maxLength: 3 }),
      y: fc.array(fc.double({ min: 0.3, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 }),
      stock: fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 3, maxLength: 3 }),
      demand: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 3, maxLength: 3 }),
      cost: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 2, maxLength: 2 }),
      ban: fc.integer({ min: 1, max: 8 }),
    });
    fc.assert(
      fc.property(arb, (p) => {
        const n = network(`
name: prop
title: random
horizon: { start: 2026-01, periods: 8 }
sites: [${site("f1", "TW")}, ${site("f2", "KR")}, ${site("pk", "JP")}, ${site("as")}]
items: [{ id: w, name: w, unit: u, valueUsd: 1 }, { id: g, name: g, unit: u, valueUsd: 1 }, { id: s, name: s, unit: u, valueUsd: 1 }]
operations:
  - { id: w1, site: f1, produces: { item: w }, leadTime: ${p.lt[0]}, yield: ${p.y[0]} }
  - { id: w2, site: f2, produces: { item: w, qty: 2 }, leadTime: ${p.lt[1]}, yield: ${p.y[1]} }
  - { id: pg, site: pk, produces: { item: g }, consumes: [{ item: w, qty: 0.3 }], leadTime: ${p.lt[2]}, yield: ${p.y[2]} }
  - { id: as, site: as, produces: { item: s }, consumes: [{ item: g, qty: 4 }], leadTime: ${p.lt[3]}, yield: ${p.y[3]} }
lanes:
  - { id: l1, from: f1, to: pk, items: [w], transit: ${p.tr[0]}, costUsd: ${p.cost[0]} }
  - { id: l2, from: f2, to: pk, items: [w], transit: ${p.tr[1]}, costUsd: ${p.cost[1]} }
  - { id: l3, from: pk, to: as, items: [g], transit: ${p.tr[2]} }
inventory: [{ site: pk, item: w, qty: ${p.stock[0]} }, { site: as, item: g, qty: ${p.stock[1]} }, { site: as, item: s, qty: ${p.stock[2]} }]
demand: [{ id: d, site: as, item: s, priceUsd: 1, schedule: [{ from: 2026-02, quantity: ${p.demand[0]} }, { from: 2026-05, quantity: ${p.demand[1]} }, { from: 2026-07, quantity: ${p.demand[2]} }] }]
policies:
  exportControls: [{ id: ban, items: [w], destination: JP, from: 2026-0${p.ban} }]
`);
        // The ban hits both lanes into JP from period ban-1 on; lift it from l2 so one lane always stays open.
        const l2 = n.lanes.findIndex((l) => l.id === "l2");
        for (let a = 0; a < n.arcLane.length; a++) if (n.arcLane[a] === l2) n.arcBanned.fill(0, a * n.T, (a + 1) * n.T);
        const r = mrp(n);
        expect(r.unsupplied).toEqual([]);
        expect(replay(n, r)).toEqual([]);
        // Nothing is shipped on a banned arc.
        for (let i = 0; i < r.shipments.length; i++) if (n.arcBanned[i]) expect(r.shipments[i]).toBe(0);
      }),
      { numRuns: 200, seed: 42 },
    );
  });
});
