// Known-answer networks for the TTS/TTR stress test: TTS and lost value worked out by hand, each
// reported TTS checked by a flow certificate and by a fluid simulation written here, apart from the LP.
import { describe, expect, it } from "vitest";
import { loadScenarioText, type Network, normalize } from "../model/index.js";
import { type Disruption, disruptions, explainScenario, type Snapshot, StressInputError, type StressOptions, type StressResult, stress, verifyTts } from "./index.js";

function net(yaml: string): Network {
  const r = loadScenarioText(yaml);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.line}:${p.col} ${p.path.join(".")} ${p.message}`).join("\n"));
  return normalize(r.scenario);
}
const node = (r: StressResult, id: string) => {
  const n = r.nodes.find((x) => x.id === id);
  if (!n) throw new Error(`no node ${id}`);
  return n;
};

// S (TW) makes A, 10/period -> lane S->P -> P (US) makes B from 1 A, 10/period -> lane P->C -> C (US) wants 10 B/period.
// Stock: 20 A at P, 10 B at C. TTR: S 4, P 2, lanes the default 3.
const CHAIN = `
name: chain
title: single chain
horizon: { start: 2026-01, periods: 12 }
sites:
  - { id: S, name: supplier, operator: x, country: TW, lat: 0, lon: 0, role: fab, recoveryPeriods: 4 }
  - { id: P, name: plant, operator: x, country: US, lat: 0, lon: 0, role: assembly, recoveryPeriods: 2 }
  - { id: C, name: customer, operator: x, country: US, lat: 0, lon: 0, role: customer }
items:
  - { id: A, name: A, unit: u, valueUsd: 10 }
  - { id: B, name: B, unit: u, valueUsd: 50 }
resources:
  - { id: s-line, site: S, name: s, unit: u, levels: [{ from: 2026-01, level: 10 }] }
  - { id: p-line, site: P, name: p, unit: u, levels: [{ from: 2026-01, level: 10 }] }
operations:
  - { id: make-a, site: S, produces: { item: A }, uses: [{ resource: s-line, qty: 1 }] }
  - { id: make-b, site: P, produces: { item: B }, consumes: [{ item: A, qty: 1 }], uses: [{ resource: p-line, qty: 1 }] }
lanes:
  - { id: s-p, from: S, to: P, items: [A] }
  - { id: p-c, from: P, to: C, items: [B] }
inventory:
  - { site: P, item: A, qty: 20 }
  - { site: C, item: B, qty: 10 }
demand:
  - { id: d, site: C, item: B, priceUsd: 100, schedule: [{ from: 2026-01, quantity: 10 }] }
`;

// Two suppliers of A, 6/period each; S2's lane carries at most 5/period. P makes B 1:1 (10/period)
// for a demand of 10/period at P itself. Stock: 4 A at P. TTR: S1 5, S2 2.
const PARALLEL = `
name: parallel
title: two parallel suppliers
horizon: { start: 2026-01, periods: 24 }
sites:
  - { id: S1, name: s1, operator: x, country: TW, lat: 0, lon: 0, role: fab, recoveryPeriods: 5 }
  - { id: S2, name: s2, operator: x, country: KR, lat: 0, lon: 0, role: fab, recoveryPeriods: 2 }
  - { id: P, name: plant, operator: x, country: US, lat: 0, lon: 0, role: assembly, recoveryPeriods: 1 }
items:
  - { id: A, name: A, unit: u, valueUsd: 10 }
  - { id: B, name: B, unit: u, valueUsd: 50 }
resources:
  - { id: r1, site: S1, name: r1, unit: u, levels: [{ from: 2026-01, level: 6 }] }
  - { id: r2, site: S2, name: r2, unit: u, levels: [{ from: 2026-01, level: 6 }] }
  - { id: rp, site: P, name: rp, unit: u, levels: [{ from: 2026-01, level: 10 }] }
operations:
  - { id: a1, site: S1, produces: { item: A }, uses: [{ resource: r1, qty: 1 }] }
  - { id: a2, site: S2, produces: { item: A }, uses: [{ resource: r2, qty: 1 }] }
  - { id: b, site: P, produces: { item: B }, consumes: [{ item: A, qty: 1 }], uses: [{ resource: rp, qty: 1 }] }
lanes:
  - { id: l1, from: S1, to: P, items: [A] }
  - { id: l2, from: S2, to: P, items: [A], capacity: 5 }
inventory:
  - { site: P, item: A, qty: 4 }
demand:
  - { id: d, site: P, item: B, priceUsd: 50, schedule: [{ from: 2026-01, quantity: 10 }] }
`;

// One component C made at M (10/period) feeds X (1 C each, at P1) and Y (2 C each, at P2).
// Demand X 4/period at $100, Y 3/period at $300: exactly 4 + 2*3 = 10 C/period. Stock: 20 C at M.
const SHARED = `
name: shared
title: a shared component
horizon: { start: 2026-01, periods: 12 }
sites:
  - { id: M, name: m, operator: x, country: TW, lat: 0, lon: 0, role: fab, recoveryPeriods: 3 }
  - { id: P1, name: p1, operator: x, country: US, lat: 0, lon: 0, role: assembly, recoveryPeriods: 2 }
  - { id: P2, name: p2, operator: x, country: US, lat: 0, lon: 0, role: assembly, recoveryPeriods: 1 }
items:
  - { id: C, name: C, unit: u, valueUsd: 10 }
  - { id: X, name: X, unit: u, valueUsd: 50 }
  - { id: Y, name: Y, unit: u, valueUsd: 50 }
resources:
  - { id: rm, site: M, name: rm, unit: u, levels: [{ from: 2026-01, level: 10 }] }
  - { id: r1, site: P1, name: r1, unit: u, levels: [{ from: 2026-01, level: 100 }] }
  - { id: r2, site: P2, name: r2, unit: u, levels: [{ from: 2026-01, level: 100 }] }
operations:
  - { id: mc, site: M, produces: { item: C }, uses: [{ resource: rm, qty: 1 }] }
  - { id: mx, site: P1, produces: { item: X }, consumes: [{ item: C, qty: 1 }], uses: [{ resource: r1, qty: 1 }] }
  - { id: my, site: P2, produces: { item: Y }, consumes: [{ item: C, qty: 2 }], uses: [{ resource: r2, qty: 1 }] }
lanes:
  - { id: m-p1, from: M, to: P1, items: [C] }
  - { id: m-p2, from: M, to: P2, items: [C] }
inventory:
  - { site: M, item: C, qty: 20 }
demand:
  - { id: dx, site: P1, item: X, priceUsd: 100, schedule: [{ from: 2026-01, quantity: 4 }] }
  - { id: dy, site: P2, item: Y, priceUsd: 300, schedule: [{ from: 2026-01, quantity: 3 }] }
`;

/**
 * A fluid simulation in steps of dt, independent of the LP: every step each demand pulls its share
 * through the network, production first (capacity perishes, stock keeps), stock last. Returns the
 * time of the first shortfall (or `horizon`). Greedy pulling is optimal on these small trees.
 */
function survivalBySimulation(n: Network, snap: Snapshot, rate: Float64Array, d: Disruption, horizon: number, trapStock: boolean, dt = 1e-3): number {
  const stock = Float64Array.from(snap.stock);
  const down = new Set(d.sites);
  const cut = new Set(d.lanes);
  const EPS = 1e-9;
  for (let step = 0; step * dt < horizon; step++) {
    const capLeft = Float64Array.from(snap.capacity, (c) => c * dt);
    const laneLeft = Float64Array.from(n.lanes, (l) => l.capacity * dt);
    const pull = (node: number, qty: number, depth: number): number => {
      let got = 0;
      if (depth > 10) return 0;
      for (let o = 0; o < n.operations.length && got < qty - EPS; o++) {
        if (n.opOutNode[o] !== node || down.has(n.operations[o].site)) continue;
        const perStart = n.opOutQty[o] * snap.yield[o];
        let starts = (qty - got) / perStart;
        for (let i = n.opResStart[o]; i < n.opResStart[o + 1]; i++) starts = Math.min(starts, capLeft[n.opRes[i]] / n.opResQty[i]);
        for (let i = n.opInStart[o]; i < n.opInStart[o + 1]; i++) starts = Math.min(starts, pull(n.opInNode[i], starts * n.opInQty[i], depth + 1) / n.opInQty[i]);
        for (let i = n.opResStart[o]; i < n.opResStart[o + 1]; i++) capLeft[n.opRes[i]] -= starts * n.opResQty[i];
        got += starts * perStart;
      }
      for (let a = 0; a < n.arcTo.length && got < qty - EPS; a++) {
        if (n.arcTo[a] !== node || cut.has(n.arcLane[a]) || snap.banned[a]) continue;
        if (trapStock && down.has(n.nodeSite[n.arcFrom[a]])) continue;
        const want = Math.min(qty - got, laneLeft[n.arcLane[a]]);
        const moved = pull(n.arcFrom[a], want, depth + 1);
        laneLeft[n.arcLane[a]] -= moved;
        got += moved;
      }
      const fromStock = Math.min(stock[node], qty - got);
      stock[node] -= fromStock;
      return got + fromStock;
    };
    for (let k = 0; k < n.demands.length; k++) {
      const need = rate[k] * dt;
      if (need > 0 && pull(n.demandNode[k], need, 0) < need - 1e-9) return step * dt;
    }
  }
  return horizon;
}

/** TTS is feasible (certificate and simulation) and TTS + step is not (loss > 0, simulation). */
async function checkTts(n: Network, options: StressOptions, id: string, expected: number) {
  const step = 0.01;
  const detail = await explainScenario(n, options, id);
  expect(detail.ttsPeriods).toBeCloseTo(expected, 6);
  const trap = options.trapStock !== false;
  expect(verifyTts(n, detail.snapshot, detail.rate, detail.disruption, detail.ttsPeriods, detail.flows, 1e-6, trap)).toEqual([]);
  const beyond = await explainScenario(n, options, id, expected + step);
  expect(beyond.lostValueUsd).toBeGreaterThan(1e-6);
  const simulated = survivalBySimulation(n, detail.snapshot, detail.rate, detail.disruption, n.T, trap);
  expect(simulated).toBeGreaterThanOrEqual(expected - 2e-3);
  expect(simulated).toBeLessThan(expected + step);
}

describe("a single chain", () => {
  const n = net(CHAIN);

  it("gives the hand-derived TTS, TTR loss, index and flags", async () => {
    const r = await stress(n);
    expect(r.status).toBe("ok");
    expect(r.period).toBe("2026-01");
    // Sustainable: S 10 A -> P 10 B = the demand of 10, so the rate is the demand itself.
    expect(r.demand).toEqual([{ id: "d", ratePerPeriod: 10, basis: "demand" }]);
    // S down: 10 B at C + 20 A at P made into B (P's 10/period is enough) = 30 B = 10 t -> TTS 3.
    // Over S's TTR of 4: 40 wanted, 30 deliverable -> 10 lost x $100 = $1,000. 4 > 3: flagged.
    expect(node(r, "S")).toMatchObject({ kind: "site", country: "TW", ttrPeriods: 4, ttrSource: "scenario", flagged: true });
    expect(node(r, "S").ttsPeriods).toBeCloseTo(3, 6);
    expect(node(r, "S").lostValueUsd).toBeCloseTo(1000, 4);
    // P down: only the 10 B at C -> TTS 1; TTR 2: 20 wanted, 10 lost -> $1,000.
    expect(node(r, "P").ttsPeriods).toBeCloseTo(1, 6);
    expect(node(r, "P").lostValueUsd).toBeCloseTo(1000, 4);
    // Lane s-p down (default TTR 3): as S down for TTS (3); 30 wanted, 30 deliverable -> $0, not flagged.
    expect(node(r, "s-p")).toMatchObject({ ttrPeriods: 3, ttrSource: "default", flagged: false });
    expect(node(r, "s-p").ttsPeriods).toBeCloseTo(3, 6);
    expect(node(r, "s-p").lostValueUsd).toBeCloseTo(0, 4);
    // Lane p-c down: only C's stock -> TTS 1; 30 wanted, 10 delivered -> $2,000, the largest loss.
    expect(node(r, "p-c").lostValueUsd).toBeCloseTo(2000, 4);
    expect(node(r, "p-c").riskExposureIndex).toBeCloseTo(1, 9);
    // Countries: TW = {S} (TTR 4), US = {P} (C makes nothing), TTR = max(2) = 2.
    expect(node(r, "TW")).toMatchObject({ kind: "country", ttrPeriods: 4, ttrSource: "sites" });
    expect(node(r, "TW").riskExposureIndex).toBeCloseTo(0.5, 9);
    expect(node(r, "US").ttsPeriods).toBeCloseTo(1, 6);
    expect(node(r, "US").riskExposureIndex).toBeCloseTo(0.5, 9);
    // The customer site makes nothing, so it is no scenario of its own.
    expect(r.nodes.map((x) => x.id)).not.toContain("C");
    expect(r.nodes[0].id).toBe("p-c");
    // Flagged: S (4 > 3), P (2 > 1), p-c (3 > 1), TW (4 > 3), US (2 > 1); not s-p (3 = 3).
    expect(r.reading).toMatch(/^p-c \(lane\) carries the most risk at 2026-01: \$2\.0k of deliveries lost over a 3-period TTR against a TTS of 1 period; 5 of 6 nodes flagged/);
    expect(r.periodRule).toMatch(/first period \(no plan/);
    expect(r.stockTrapped).toBe(true);
  });

  it("keeps a disrupted site's stock inside it unless told otherwise (hand-derived on a 3-node chain)", async () => {
    // 30 A more in stock at the supplier S. S down, stock free to ship: 30 A at S + 20 A at P -> 50 B,
    // plus 10 B at C = 60 B at 10/period -> TTS 6. Trapped: the 30 A at S cannot leave -> 30 B -> TTS 3.
    const stocked = net(CHAIN.replace("  - { site: P, item: A, qty: 20 }", "  - { site: P, item: A, qty: 20 }\n  - { site: S, item: A, qty: 30 }"));
    const trapped = await stress(stocked, { scope: "site" });
    const free = await stress(stocked, { scope: "site", trapStock: false });
    expect(node(trapped, "S").ttsPeriods).toBeCloseTo(3, 6);
    expect(node(free, "S").ttsPeriods).toBeCloseTo(6, 6);
    // Over S's TTR of 4: trapped, 40 wanted and 30 made -> $1,000 lost; free, 60 > 40 -> nothing lost.
    expect(node(trapped, "S").lostValueUsd).toBeCloseTo(1000, 4);
    expect(node(free, "S").lostValueUsd).toBeCloseTo(0, 4);
    expect(free.stockTrapped).toBe(false);
    await checkTts(stocked, { scope: "site" }, "S", 3);
    await checkTts(stocked, { scope: "site", trapStock: false }, "S", 6);
  });

  it("reports each TTS as feasible and TTS + 0.01 as not", async () => {
    await checkTts(n, {}, "S", 3);
    await checkTts(n, {}, "P", 1);
    await checkTts(n, {}, "p-c", 1);
  });

  it("takes TTR overrides, and caps TTS at the horizon", async () => {
    // S's TTR overridden to 3: 30 wanted, 30 deliverable -> $0, and 3 > 3 is no flag.
    const r = await stress(n, { ttr: { S: 3 }, scope: "site" });
    expect(node(r, "S")).toMatchObject({ ttrPeriods: 3, ttrSource: "override", flagged: false, lostValueUsd: 0 });
    // 1,000 A in stock at P: S down lasts 10 + 1000 / 10 = 101 periods, beyond the 12-period cap.
    const rich = net(CHAIN.replace("{ site: P, item: A, qty: 20 }", "{ site: P, item: A, qty: 1000 }"));
    const s = await stress(rich, { scope: "site" });
    expect(node(s, "S").ttsPeriods).toBe(Number.POSITIVE_INFINITY);
    expect(node(s, "S").flagged).toBe(false);
    expect(s.ttsCapPeriods).toBe(12);
  });

  it("gives the same figures with and without warm starts", async () => {
    const warm = await stress(n);
    const cold = await stress(n, { warmStart: false });
    expect(cold.nodes.map((x) => [x.id, x.ttsPeriods.toFixed(6), x.lostValueUsd.toFixed(4)])).toEqual(warm.nodes.map((x) => [x.id, x.ttsPeriods.toFixed(6), x.lostValueUsd.toFixed(4)]));
  });
});

describe("two parallel suppliers", () => {
  const n = net(PARALLEL);

  it("reroutes to the surviving supplier within its lane capacity", async () => {
    const r = await stress(n, { scope: "site" });
    // Sustainable: 6 (S1) + min(6, lane 5) (S2) = 11 >= 10: rate 10.
    expect(r.demand[0].ratePerPeriod).toBe(10);
    // S1 down: A comes from S2 at 5/period (lane) plus 4 in stock: 5t + 4 >= 10t -> t = 0.8.
    // TTR 5: 5 x 5 + 4 = 29 of 50 -> 21 lost x $50 = $1,050.
    expect(node(r, "S1").ttsPeriods).toBeCloseTo(0.8, 6);
    expect(node(r, "S1").lostValueUsd).toBeCloseTo(1050, 4);
    // S2 down: 6t + 4 >= 10t -> t = 1; TTR 2: 12 + 4 = 16 of 20 -> 4 x $50 = $200.
    expect(node(r, "S2").ttsPeriods).toBeCloseTo(1, 6);
    expect(node(r, "S2").lostValueUsd).toBeCloseTo(200, 4);
    expect(node(r, "S2").riskExposureIndex).toBeCloseTo(200 / 1050, 9);
    // P down: nothing made, no B in stock -> TTS 0; TTR 1 -> 10 x $50 = $500.
    expect(node(r, "P").ttsPeriods).toBeCloseTo(0, 9);
    expect(node(r, "P").lostValueUsd).toBeCloseTo(500, 4);
  });

  it("reports each TTS as feasible and TTS + 0.01 as not", async () => {
    await checkTts(n, { scope: "site" }, "S1", 0.8);
    await checkTts(n, { scope: "site" }, "S2", 1);
  });

  it("shows the index before and after each mitigation", async () => {
    const r = await stress(n, {
      scope: "site",
      mitigations: [
        { kind: "stock", item: "A", site: "P", qty: 6 },
        { kind: "lane", item: "A", from: "S2", to: "P", capacity: 5 },
        { kind: "capacity", resource: "r2", qty: 4 },
      ],
    });
    const s1 = (j: number) => r.mitigations[j].nodes.find((x) => x.id === "S1");
    // +6 A at P: 5t + 10 >= 10t -> TTS 2; TTR 5: 25 + 10 = 35 of 50 -> 15 x $50 = $750 -> index 750/1050.
    expect(s1(0)?.ttsAfter).toBeCloseTo(2, 6);
    expect(s1(0)?.lostAfter).toBeCloseTo(750, 4);
    expect(s1(0)?.indexBefore).toBeCloseTo(1, 9);
    expect(s1(0)?.indexAfter).toBeCloseTo(750 / 1050, 9);
    // A second S2 -> P lane: S2's own 6/period now binds: 6t + 4 >= 10t -> 1; 30 + 4 = 34 -> 16 x $50 = $800.
    expect(s1(1)?.ttsAfter).toBeCloseTo(1, 6);
    expect(s1(1)?.lostAfter).toBeCloseTo(800, 4);
    // More capacity at S2 is stuck behind its 5/period lane: nothing changes for S1.
    expect(s1(2)?.lostAfter).toBeCloseTo(1050, 4);
    expect(r.mitigations[0].label).toBe("+6 A in stock at P");
  });
});

describe("a shared component", () => {
  const n = net(SHARED);

  it("spends scarce stock on the product worth most per component", async () => {
    // Stock free to ship: the derivation below draws on M's stock while M is down.
    const r = await stress(n, { scope: ["site", "country"], trapStock: false });
    expect(r.demand.map((d) => d.ratePerPeriod)).toEqual([4, 3]);
    // M down: 20 C in stock against 4 + 2 x 3 = 10 C/period -> TTS 2.
    // TTR 3: 12 X and 9 Y wanted. Y earns $300 / 2 C = $150 per C, X $100: 9 Y take 18 C, 2 C make 2 X.
    // Lost: 10 X x $100 = $1,000.
    expect(node(r, "M").ttsPeriods).toBeCloseTo(2, 6);
    expect(node(r, "M").lostValueUsd).toBeCloseTo(1000, 4);
    // P2 down (TTR 1): no Y -> 3 x $300 = $900. P1 down (TTR 2): 8 X x $100 = $800.
    expect(node(r, "P2").lostValueUsd).toBeCloseTo(900, 4);
    expect(node(r, "P1").lostValueUsd).toBeCloseTo(800, 4);
    // US = {P1, P2}, TTR max(2, 1) = 2: 8 X + 6 Y lost = $800 + $1,800 = $2,600, the largest.
    expect(node(r, "US").lostValueUsd).toBeCloseTo(2600, 4);
    expect(node(r, "US").riskExposureIndex).toBe(1);
    expect(node(r, "M").riskExposureIndex).toBeCloseTo(1000 / 2600, 9);
    expect(r.reading).toMatch(/^US \(every site in US\) carries the most risk/);
  });

  it("reports each TTS as feasible and TTS + 0.01 as not", async () => {
    await checkTts(n, { trapStock: false }, "M", 2);
    // Trapped, M's 20 C stay inside M: nothing can be made from the first moment.
    await checkTts(n, {}, "M", 0);
  });

  it("builds combinations by country and role, and by name", async () => {
    // US has two assembly sites and nothing else, so an automatic US-assembly would equal US: none.
    expect(disruptions(n).filter((d) => d.kind === "combination")).toEqual([]);
    const r = await stress(n, { scope: "combination", combinations: ["US:assembly", "both=M,P2"], trapStock: false });
    expect(r.nodes.map((x) => x.id).sort()).toEqual(["US-assembly", "both"]);
    // M and P2 down for max(3, 1) = 3: no Y at all (9 x $300) and X from 20 C: 12 X -> $2,700.
    expect(node(r, "both").lostValueUsd).toBeCloseTo(2700, 4);
    expect(node(r, "both").ttrPeriods).toBe(3);
    // Trapped: M's 20 C cannot leave, so no X either: 3 x (4 x $100 + 3 x $300) = $3,900.
    const trapped = await stress(n, { scope: "combination", combinations: ["both=M,P2"] });
    expect(node(trapped, "both").lostValueUsd).toBeCloseTo(3900, 4);
  });
});

describe("the target's measure", () => {
  // CHAIN with a target: B assembled in the US (at P) by the horizon's end, at the demand's price of $100.
  const withTarget = net(`${CHAIN}targets:\n  - { id: us-b, description: B made in the US, item: B, countries: [US], valueUsd: 1000, by: 2026-12 }\n`);

  it("counts what a US plant outage costs the target even when deliveries are covered", async () => {
    const r = await stress(withTarget, { scope: ["site", "lane"] });
    expect(r.targetId).toBe("us-b");
    // P down over its TTR of 2: the only US maker of B loses 10/period x 2 x $100 = $2,000 of US-assembled value.
    expect(node(r, "P").lostTargetValueUsd).toBeCloseTo(2000, 4);
    // S down over 4 periods: P still turns its 20 A in stock into B, 20 of the 40 it could make -> $2,000.
    expect(node(r, "S").lostTargetValueUsd).toBeCloseTo(2000, 4);
    // The lane to the customer carries B after it is made: the measure loses nothing.
    expect(node(r, "p-c").lostTargetValueUsd).toBeCloseTo(0, 4);
    // Without a target there is nothing to count.
    expect(node(await stress(n0, { scope: "site" }), "P").lostTargetValueUsd).toBeNull();
  });

  it("stresses at the period of highest planned output on the target's measure", async () => {
    const T = withTarget.T;
    const starts = new Float64Array(withTarget.operations.length * T);
    const makeB = withTarget.operations.findIndex((o) => o.id === "make-b");
    starts.set([1, 3, 9, 9, 2], makeB * T); // peak 9 first reached in period 2 (ties: the earliest)
    const plan = { status: "optimal", inventory: new Float64Array(withTarget.nodeItem.length * T), deliveries: new Float64Array(T), starts, shipments: new Float64Array(2 * T) };
    const r = await stress(withTarget, { plan, scope: "site" });
    expect(r.period).toBe("2026-03");
    expect(r.periodRule).toMatch(/highest planned output on target us-b/);
  });
});

const n0 = net(CHAIN);

describe("stress options and failures", () => {
  const n = net(CHAIN);

  it("takes the period from --at and reads demand then", async () => {
    const later = net(CHAIN.replace("schedule: [{ from: 2026-01, quantity: 10 }]", "schedule: [{ from: 2026-01, quantity: 0 }, { from: 2026-06, quantity: 5 }]"));
    const early = await stress(later, { scope: "site" });
    expect(early.demand[0].ratePerPeriod).toBe(0);
    expect(early.nodes.every((x) => x.lostValueUsd === 0 && x.ttsPeriods === Number.POSITIVE_INFINITY)).toBe(true);
    expect(early.reading).toMatch(/No demand is being met at 2026-01/);
    const r = await stress(later, { at: "2026-06", scope: "site" });
    expect(r.periodIndex).toBe(5);
    // Demand 5: S down -> (10 + 20) / 5 = 6 periods.
    expect(node(r, "S").ttsPeriods).toBeCloseTo(6, 6);
  });

  it("caps demand above what the network can sustain, and says so", async () => {
    const big = net(CHAIN.replace("quantity: 10 }]", "quantity: 25 }]"));
    const r = await stress(big, { scope: "site" });
    expect(r.demand).toEqual([{ id: "d", ratePerPeriod: 10, basis: "capacity" }]);
  });

  it("refuses a period outside the horizon, an unknown TTR id and a bad combination", async () => {
    await expect(stress(n, { at: "2030-01" })).rejects.toThrow(/outside the horizon/);
    await expect(stress(n, { at: "June" })).rejects.toThrow(/not a month label/);
    await expect(stress(n, { ttr: { nowhere: 2 } })).rejects.toBeInstanceOf(StressInputError);
    await expect(stress(n, { ttr: { S: -1 } })).rejects.toThrow(/>= 0/);
    await expect(stress(n, { combinations: ["JP:fab"] })).rejects.toThrow(/no site in JP/);
    await expect(stress(n, { mitigations: [{ kind: "stock", item: "B", site: "S", qty: 1 }] })).rejects.toThrow(/nothing in the scenario/);
  });

  it("takes stock and unbounded demand rates from a plan when given one", async () => {
    const unbounded = net(CHAIN.replace("schedule: [{ from: 2026-01, quantity: 10 }]", "unbounded: true"));
    // No plan: the rate is the most the network sustains, 10.
    const free = await stress(unbounded, { scope: "site" });
    expect(free.demand).toEqual([{ id: "d", ratePerPeriod: 10, basis: "capacity" }]);
    // A plan that delivers 4 in period 2 and holds 8 B at C at the end of period 1.
    const T = unbounded.T;
    const N = unbounded.nodeItem.length;
    const inventory = new Float64Array(N * T);
    const bAtC = Array.from(unbounded.nodeItem).findIndex((it, k) => unbounded.items[it].id === "B" && unbounded.sites[unbounded.nodeSite[k]].id === "C");
    inventory[bAtC * T + 1] = 8;
    // Deliveries 2, 8, 0, 6 in periods 2..5: over the default window (the longest TTR in scope, S's 4)
    // the rate is their mean, 4; over a window of 1 it is period 2's own 2.
    const deliveries = new Float64Array(T);
    deliveries.set([2, 8, 0, 6], 2);
    const plan = { status: "optimal", inventory, deliveries, starts: new Float64Array(2 * T), shipments: new Float64Array(2 * T) };
    const r = await stress(unbounded, { at: 2, plan, scope: "site" });
    expect(r.stockSource).toBe("plan");
    expect(r.rateWindowPeriods).toBe(4);
    expect(r.periodRule).toBe("given");
    expect(r.demand).toEqual([{ id: "d", ratePerPeriod: 4, basis: "plan" }]);
    const one = await stress(unbounded, { at: 2, plan, scope: "site", rateWindowPeriods: 1 });
    expect(one.demand).toEqual([{ id: "d", ratePerPeriod: 2, basis: "plan" }]);
    // P down: only the plan's 8 B at C, at 4/period -> TTS 2.
    expect(node(r, "P").ttsPeriods).toBeCloseTo(2, 6);
  });
});
