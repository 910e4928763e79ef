import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadScenarioText, type Network, normalize } from "../model/index.js";
import { checkPlan } from "./check-plan.js";
import { solveMps } from "./highs.js";
import { plan, planMps } from "./plan.js";

function net(yaml: string): Network {
  const r = loadScenarioText(yaml);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.line}:${p.col} ${p.path.join(".")}: ${p.message}`).join("\n"));
  return normalize(r.scenario);
}

/** One US site "f" making item w (worth 10) on a line of `cap` a month; body adds the rest. */
const oneSite = (periods: number, body: string) => `
name: t
title: test
horizon: { start: 2026-01, periods: ${periods} }
sites:
  - { id: f, name: F, operator: X, country: US, lat: 0, lon: 0 }
items:
  - { id: w, name: W, unit: u, valueUsd: 10 }
${body}`;

const line = (cap: number) => `resources:
  - { id: line, site: f, name: L, unit: u, levels: [{ from: 2026-01, level: ${cap} }] }
  - { id: spare, site: f, name: S, unit: u, levels: [{ from: 2026-01, level: 100 }] }`;

const expectSound = (n: Network, p: Awaited<ReturnType<typeof plan>>) => expect(checkPlan(n, p)).toEqual([]);

describe("plan: known answers", () => {
  it("a binding capacity and its shadow price", async () => {
    // Make w for 2 on a line of 5/month, sell at 10, unbounded demand, 2 months.
    // Optimum 2 x 5 x (10 - 2) = 80; one more unit of line in a month earns 10 - 2 = 8.
    const n = net(oneSite(2, `${line(5)}
operations:
  - { id: make, site: f, produces: { item: w }, uses: [{ resource: line, qty: 1 }], costUsd: 2 }
demand:
  - { id: d, site: f, item: w, priceUsd: 10, unbounded: true }
milestones:
  - { id: m, description: five a month, item: w, countries: [US], quantityPerPeriod: 5 }
`));
    const p = await plan(n);
    expect(p.status).toBe("optimal");
    expect(p.objectiveValue).toBeCloseTo(80);
    expect(Array.from(p.starts)).toEqual([5, 5]);
    expect(p.bottlenecks.map((b) => [b.resource, b.period])).toEqual([["line", "2026-01"], ["line", "2026-02"]]);
    for (const b of p.bottlenecks) {
      expect(b.shadowPriceUsd).toBeCloseTo(8);
      expect(b.utilisation).toBeCloseTo(1);
    }
    expect(p.bindsWhen.map((b) => b.resource)).toEqual(["line", "line"]);
    expect(p.kpis.deliveredValueUsd).toBeCloseTo(100);
    expect(p.kpis.onshoreValueShare).toBe(1);
    expect(p.kpis.massProductionPeriod).toBe("2026-01");
    expectSound(n, p);
  });

  it("a lead-time offset, and the run-out beyond the horizon", async () => {
    // Lead time 1 over 3 months: starts in Jan and Feb arrive in Feb and Mar. Demand of 5 a month.
    const n = net(oneSite(3, `${line(5)}
operations:
  - { id: make, site: f, produces: { item: w }, uses: [{ resource: line, qty: 1 }], costUsd: 2, leadTime: 1 }
demand:
  - { id: d, site: f, item: w, priceUsd: 10, schedule: [{ from: 2026-01, quantity: 5 }] }
`));
    // Without a run-out a March start would land after the horizon: deliveries [0, 5, 5], 2 x 5 x 8 = 80.
    const cut = await plan(n, { runOutPeriods: 0 });
    expect(cut.objectiveValue).toBeCloseTo(80);
    expect(Array.from(cut.starts)).toEqual([5, 5, 0]);
    expect(Array.from(cut.deliveries)).toEqual([0, 5, 5]);
    // The default run-out is the longest lead time (1 month, demand and capacity held): March's line
    // keeps working for April's delivery, as February's did for March's. Objective 3 x 5 x 8 = 120;
    // the reported horizon shows the same deliveries, and no idle last month.
    const p = await plan(n);
    expect(p.runOutPeriods).toBe(1);
    expect(p.objectiveValue).toBeCloseTo(120);
    expect(Array.from(p.starts)).toEqual([5, 5, 5]);
    expect(Array.from(p.deliveries)).toEqual([0, 5, 5]);
    expectSound(n, p);
  });

  it("a yield below one", async () => {
    // Yield 0.8: 5 starts give 4 good units: 4 x 10 - 5 x 2 = 30. A unit of line gives 0.8 x 10 - 2 = 6.
    const n = net(oneSite(1, `${line(5)}
operations:
  - { id: make, site: f, produces: { item: w }, uses: [{ resource: line, qty: 1 }], costUsd: 2, yield: 0.8 }
demand:
  - { id: d, site: f, item: w, priceUsd: 10, unbounded: true }
`));
    const p = await plan(n);
    expect(p.objectiveValue).toBeCloseTo(30);
    expect(p.deliveries[0]).toBeCloseTo(4);
    expect(p.bottlenecks[0].shadowPriceUsd).toBeCloseTo(6);
    expectSound(n, p);
  });

  it("a two-level bill of materials", async () => {
    // 10 wafers (cost 1 each) make 5 chips (2 wafers each, cost 1 each) sold at 10: 50 - 10 - 5 = 35.
    // One more wafer of capacity: half a chip, 5 - 1 - 0.5 = 3.5.
    const n = net(oneSite(1, `${line(10)}
operations:
  - { id: wafer, site: f, produces: { item: w }, uses: [{ resource: line, qty: 1 }], costUsd: 1 }
  - { id: chip, site: f, produces: { item: c }, consumes: [{ item: w, qty: 2 }], costUsd: 1 }
demand:
  - { id: d, site: f, item: c, priceUsd: 10, unbounded: true }
`).replace("items:\n", "items:\n  - { id: c, name: C, unit: u, valueUsd: 10 }\n"));
    const p = await plan(n);
    expect(p.objectiveValue).toBeCloseTo(35);
    expect(Array.from(p.starts)).toEqual([10, 5]);
    expect(p.bottlenecks[0].shadowPriceUsd).toBeCloseTo(3.5);
    expectSound(n, p);
  });

  // Two countries: g is made cheaply in Taiwan (cost 0) or dearly in the US (cost 50), sold in the US
  // at 100, 10 a month for 2 months; the lane costs 1 a unit.
  const twoCountries = (policy: string) => `
name: t
title: test
horizon: { start: 2026-01, periods: 2 }
sites:
  - { id: tw, name: TW, operator: X, country: TW, lat: 0, lon: 0 }
  - { id: us, name: US, operator: X, country: US, lat: 0, lon: 0 }
items:
  # Holding costs a little, so making in January for February is never as good as making in February.
  - { id: g, name: G, unit: u, valueUsd: 100, holdingCostUsd: 1 }
operations:
  - { id: make-tw, site: tw, produces: { item: g }, costUsd: 0 }
  - { id: make-us, site: us, produces: { item: g }, costUsd: 50 }
lanes:
  - { id: tw-us, from: tw, to: us, items: [g], costUsd: 1, capacity: 10 }
demand:
  - { id: d, site: us, item: g, priceUsd: 100, schedule: [{ from: 2026-01, quantity: 10 }] }
policies:
${policy}`;

  it("an export ban", async () => {
    // From February the US bans imports of g: January ships from Taiwan (10 x 99 = 990), February is
    // made in the US (10 x 50 = 500): 1490. Onshore value added: 0 in January, all in February.
    const n = net(twoCountries("  exportControls: [{ id: ban, items: [g], destination: US, from: 2026-02 }]"));
    const p = await plan(n);
    expect(p.objectiveValue).toBeCloseTo(1490);
    expect(Array.from(p.shipments)).toEqual([10, 0]);
    expect(Array.from(p.starts)).toEqual([10, 0, 0, 10]);
    expect(p.kpis.onshoreValueShareByPeriod).toEqual([0, 1]);
    expect(p.kpis.onshoreValueShare).toBeCloseTo(0.5);
    expectSound(n, p);
  });

  it("a tariff that flips the cheaper route", async () => {
    // A 60% tariff (60 a unit) from February: Taiwan costs 61 landed against 50 made in the US.
    // Same plan as under the ban: 990 + 500 = 1490, tariff paid 0.
    const n = net(twoCountries("  tariffs: [{ id: tar, origin: TW, destination: US, items: [g], rate: 0.6, from: 2026-02 }]"));
    const p = await plan(n);
    expect(p.objectiveValue).toBeCloseTo(1490);
    expect(Array.from(p.shipments)).toEqual([10, 0]);
    expect(p.kpis.tariffUsd).toBe(0);
    // At 40% (40 a unit) Taiwan stays cheaper: 10 x 99 + 10 x 59 = 1580, 400 of tariff.
    const q = await plan(net(twoCountries("  tariffs: [{ id: tar, origin: TW, destination: US, items: [g], rate: 0.4, from: 2026-02 }]")));
    expect(q.objectiveValue).toBeCloseTo(1580);
    expect(q.kpis.tariffUsd).toBeCloseTo(400);
  });

  it("a lane capacity shared by its items", async () => {
    // Demand of 15 a month but the lane carries 10: the other 5 are made in the US.
    // Per month 10 x 99 + 5 x 50 = 1240; two months 2480.
    const n = net(twoCountries("  tariffs: []").replace("quantity: 10", "quantity: 15"));
    const p = await plan(n);
    expect(p.objectiveValue).toBeCloseTo(2480);
    expect(Array.from(p.shipments)).toEqual([10, 10]);
    expectSound(n, p);
  });

  it("meet-demand: least cost, unmet demand penalised, capacity valued in the min sense", async () => {
    // Demand 8, line of 5: 5 made (cost 2 each) and 3 unmet at the penalty 10 x (max(10, 10) + 2) = 120.
    // Objective 10 + 360 = 370 (a minimum). One more unit of line saves 120 - 2 = 118.
    const n = net(oneSite(1, `${line(5)}
operations:
  - { id: make, site: f, produces: { item: w }, uses: [{ resource: line, qty: 1 }], costUsd: 2 }
demand:
  - { id: d, site: f, item: w, priceUsd: 10, schedule: [{ from: 2026-01, quantity: 8 }] }
`));
    const p = await plan(n, { objective: "meet-demand" });
    expect(p.objectiveValue).toBeCloseTo(370);
    expect(p.unmet[0]).toBeCloseTo(3);
    expect(p.bottlenecks[0].shadowPriceUsd).toBeCloseTo(118);
    expectSound(n, p);
  });

  it("infeasible: hard demand beyond capacity names the conflicting constraints", async () => {
    // Demand 8 must be met in full but the line makes 5: the line's capacity, the stock balance of
    // w@f, the demand row and its hard bound conflict. The spare resource takes no part.
    const n = net(oneSite(1, `${line(5)}
operations:
  - { id: make, site: f, produces: { item: w }, uses: [{ resource: line, qty: 1 }, { resource: spare, qty: 1 }], costUsd: 2 }
demand:
  - { id: d, site: f, item: w, priceUsd: 10, schedule: [{ from: 2026-01, quantity: 8 }] }
`));
    const p = await plan(n, { objective: "meet-demand", hardDemand: true });
    expect(p.status).toBe("infeasible");
    expect(p.objectiveValue).toBeNull();
    expect(p.conflicts.map((c) => c.label).sort()).toEqual([
      "balance of w@f in 2026-01",
      "capacity of resource line in 2026-01",
      "demand d in 2026-01",
      "demand d in 2026-01 must be met in full (hard demand)",
    ]);
    expect(p.conflicts.find((c) => c.kind === "capacity")?.path).toEqual(["resources", 0]);
    expect(p.bottlenecks).toEqual([]);
  });

  it("unbounded: free production for unbounded demand names the culprit", async () => {
    // An operation with no resource and no input, sold without limit at a profit.
    const n = net(oneSite(1, `operations:
  - { id: free, site: f, produces: { item: w }, costUsd: 1 }
demand:
  - { id: d, site: f, item: w, priceUsd: 10, unbounded: true }
`));
    const p = await plan(n);
    expect(p.status).toBe("unbounded");
    const ids = p.unboundedBy.map((c) => `${c.kind}:${c.id}`);
    expect(ids).toContain("start:free");
    expect(ids).toContain("delivery:d");
  });

  it("meet-demand treats unbounded demand as zero required, and says so", async () => {
    const n = net(oneSite(1, `${line(5)}
operations:
  - { id: make, site: f, produces: { item: w }, uses: [{ resource: line, qty: 1 }], costUsd: 2 }
demand:
  - { id: d, site: f, item: w, priceUsd: 10, unbounded: true }
`));
    const p = await plan(n, { objective: "meet-demand" });
    expect(p.objectiveValue).toBeCloseTo(0);
    expect(p.notes.join(" ")).toMatch(/unbounded demand counts as 0/);
  });
});

describe("checkPlan", () => {
  it("finds a broken balance, an overloaded resource and a shipment against a ban", async () => {
    const n = net(oneSite(1, `${line(5)}
operations:
  - { id: make, site: f, produces: { item: w }, uses: [{ resource: line, qty: 1 }], costUsd: 2 }
demand:
  - { id: d, site: f, item: w, priceUsd: 10, unbounded: true }
`));
    const p = await plan(n);
    p.starts[0] = 7; // 2 over the line, and 2 units that go nowhere
    const kinds = checkPlan(n, p).map((v) => `${v.kind}:${v.id}`);
    expect(kinds).toEqual(["balance:w@f", "capacity:line"]);
  });
});

describe("plan: shipped scenarios", () => {
  const load = (path: string) => {
    const r = loadScenarioText(readFileSync(path, "utf8"));
    return r.ok ? normalize(r.scenario) : undefined;
  };

  it("tutorial: the checker passes, the target is met, the MPS gives the same optimum", async () => {
    const n = load("scenarios/tutorial.yaml") as Network;
    for (const objective of ["max-value", "meet-demand"] as const) {
      const p = await plan(n, { objective });
      expect(p.status).toBe("optimal");
      expectSound(n, p);
      const back = await solveMps(planMps(n, { objective }));
      expect(back.status).toBe("optimal");
      expect(back.objectiveValue).toBeCloseTo(p.objectiveValue as number, 3);
    }
  });

  it("tutorial with demand it cannot meet in full is infeasible, with named conflicts", async () => {
    const text = readFileSync("scenarios/tutorial.yaml", "utf8").replace("{ from: 2026-04, quantity: 20 }", "{ from: 2026-02, quantity: 20 }");
    const r = loadScenarioText(text);
    if (!r.ok) throw new Error("tutorial copy invalid");
    const p = await plan(normalize(r.scenario), { objective: "meet-demand", hardDemand: true });
    expect(p.status).toBe("infeasible");
    // Servers take at least 2 (wafer) + 1 (package) + 1 (transit) + 1 (assembly) months: February's 20 cannot be had.
    expect(p.conflicts.map((c) => c.label)).toContain("demand us-servers in 2026-02");
  });

  const big = "scenarios/us-ai-onshoring-2025.yaml";
  const bigNet = existsSync(big) ? load(big) : undefined;
  it.skipIf(!bigNet)("us-ai-onshoring-2025: the checker passes on its plan", async () => {
    const n = bigNet as Network;
    const p = await plan(n);
    expect(p.status).toBe("optimal");
    expectSound(n, p);
  });
});
