// Target measures, their reconciliation and the max-target objective, on a toy whose every figure
// is worked out by hand below (not read back from the planner).
import { describe, expect, it } from "vitest";
import { loadScenarioText, type Network, normalize } from "../model/index.js";
import { checkPlan } from "./check-plan.js";
import { plan } from "./plan.js";

function net(yaml: string): Network {
  const r = loadScenarioText(yaml);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.line}:${p.col} ${p.path.join(".")} ${p.message}`).join("\n"));
  return normalize(r.scenario);
}

// A fab in Taiwan makes 10 chips a month ($1,000 each, of which $600 is the US designer's margin).
// Boxes take 2 chips: the US plant makes at most 3 a month at $500 + $50 freight per chip; the Mexican
// plant 5 a month at $300 + $20 per chip. Boxes sell for $5,000 in the US ($10 freight). No lead times.
const TOY = `
name: two-countries
title: two countries and a margin
horizon: { start: 2026-01, periods: 2 }
sites:
  - { id: fab, name: fab, operator: F, country: TW, lat: 0, lon: 0 }
  - { id: asm-us, name: us, operator: A, country: US, lat: 0, lon: 0 }
  - { id: asm-mx, name: mx, operator: B, country: MX, lat: 0, lon: 0 }
  - { id: dc, name: dc, operator: C, country: US, lat: 0, lon: 0 }
items:
  - { id: chip, name: chip, unit: chip, valueUsd: 1000 }
  - { id: box, name: box, unit: box, valueUsd: 5000 }
resources:
  - { id: fab-line, site: fab, name: f, unit: chips/month, levels: [{ from: 2026-01, level: 10 }] }
  - { id: us-line, site: asm-us, name: u, unit: boxes/month, levels: [{ from: 2026-01, level: 3 }] }
  - { id: mx-line, site: asm-mx, name: m, unit: boxes/month, levels: [{ from: 2026-01, level: 5 }] }
operations:
  - { id: make-chip, site: fab, produces: { item: chip }, uses: [{ resource: fab-line, qty: 1 }], costUsd: 100 }
  - { id: box-us, site: asm-us, produces: { item: box }, consumes: [{ item: chip, qty: 2 }], uses: [{ resource: us-line, qty: 1 }], costUsd: 500 }
  - { id: box-mx, site: asm-mx, produces: { item: box }, consumes: [{ item: chip, qty: 2 }], uses: [{ resource: mx-line, qty: 1 }], costUsd: 300 }
lanes:
  - { id: chips-us, from: fab, to: asm-us, items: [chip], costUsd: 50 }
  - { id: chips-mx, from: fab, to: asm-mx, items: [chip], costUsd: 20 }
  - { id: boxes-us, from: asm-us, to: dc, items: [box], costUsd: 10 }
  - { id: boxes-mx, from: asm-mx, to: dc, items: [box], costUsd: 10 }
demand:
  - { id: us-boxes, site: dc, item: box, priceUsd: 5000, unbounded: true }
margins:
  - { item: chip, owner: Designer, country: US, share: 0.6 }
policies: { onshore: [US] }
`;
const target = (measure: string) => `targets:\n  - { id: t, description: t, measure: ${measure}, ${measure === "contentValue" ? "" : "item: box, "}countries: [US], valueUsd: 25000, by: 2026-02 }\n`;

describe("measures and their reconciliation", () => {
  it("adds up by hand on two countries with a margin", async () => {
    const n = net(TOY + target("assembledValue"));
    const p = await plan(n);
    expect(p.objective).toBe("max-target");
    expect(checkPlan(n, p)).toEqual([]);
    const t = p.targets[0];
    // max-target: the US line runs full, 3 boxes a month x 2 months x $5,000 = $30,000 assembled in the US.
    expect(t.madeValueUsd).toBeCloseTo(30000, 3);
    expect(t.met).toBe(true);
    // Delivered in the US: every box, 10 chips a month / 2 = 5 boxes x 2 months x $5,000.
    expect(t.reconciliation.deliveredValueUsd).toBeCloseTo(50000, 3);
    expect(t.reconciliation.assembledValueUsd).toBeCloseTo(30000, 3);
    // US manufacturing content: 6 US boxes x ($5,000 - 2 chips x $1,000) = $18,000.
    expect(t.reconciliation.manufacturingContentUsd).toBeCloseTo(18000, 3);
    // Margins booked in the US: 20 chips x $600, wherever the chips are made.
    expect(t.reconciliation.ownedMarginUsd).toBeCloseTo(12000, 3);
    // Onshore share: US content 18,000 + 12,000 over all value added: chips 20 x ($1,000 - $600) = 8,000,
    // US boxes 18,000, Mexican boxes 4 x 3,000 = 12,000, margins 12,000 -> 30,000 / 50,000.
    expect(p.kpis.onshoreValueShare).toBeCloseTo(0.6, 9);
    expect(p.kpis.valueAddedUsd).toBeCloseTo(50000, 3);
  });

  it("counts contentValue and deliveredValue targets by the same rules", async () => {
    const content = await plan(net(TOY + target("contentValue")));
    // Most US content: as many US boxes as possible (3 a month) plus every chip's margin: 18,000 + 12,000.
    expect(content.targets[0].madeValueUsd).toBeCloseTo(30000, 3);
    expect(content.targets[0].measure).toBe("contentValue");
    const delivered = await plan(net(TOY + target("deliveredValue")));
    expect(delivered.targets[0].madeValueUsd).toBeCloseTo(50000, 3);
  });
});

describe("max-target", () => {
  it("holds the most the target can get, where cost-driven routing sends the output abroad", async () => {
    const n = net(TOY + target("assembledValue"));
    const routed = await plan(n, { objective: "max-value" });
    // Cost-driven: a Mexican box costs 300 + 2 x 20 + 10 = $350 against $610 in the US, and Mexico can
    // take all 5 a month: nothing is assembled in the US.
    expect(routed.targets[0].madeValueUsd).toBeCloseTo(0, 3);
    // Value less costs: $50,000 - 20 chips x $100 - 10 boxes x $350 = $44,500 (the smoothing tie-break costs cents).
    expect(routed.objectiveValue).toBeCloseTo(44500, -1);

    const p = await plan(n, { objective: "max-target" });
    // First stage: the US line full, $30,000. Its objectiveValue is that stage's optimum (the MPS's).
    expect(p.objectiveValue).toBeCloseTo(30000, 3);
    expect(p.targets[0].madeValueUsd).toBeCloseTo(30000, 3);
    // Second stage keeps it and still delivers every box: 6 from the US, 4 from Mexico.
    expect(p.kpis.deliveredValueUsd).toBeCloseTo(50000, 3);
    const boxUs = n.operations.findIndex((o) => o.id === "box-us");
    const boxMx = n.operations.findIndex((o) => o.id === "box-mx");
    expect(p.starts[boxUs * 2]).toBeCloseTo(3, 6);
    expect(p.starts[boxUs * 2 + 1]).toBeCloseTo(3, 6);
    expect(p.starts[boxMx * 2] + p.starts[boxMx * 2 + 1]).toBeCloseTo(4, 6);
    // Its value is lower by the US premium on 6 boxes: 6 x ($610 - $350) = $1,560 -> $42,940.
    const value = p.kpis.deliveredValueUsd - p.kpis.productionCostUsd - p.kpis.transportCostUsd - p.kpis.tariffUsd - p.kpis.holdingCostUsd;
    expect(value).toBeCloseTo(42940, 3);
    // And the cost-driven figure travels with it.
    expect(p.costRouted?.targets[0].madeValueUsd).toBeCloseTo(0, 3);
    expect(p.costRouted?.deliveredValueUsd).toBeCloseTo(50000, 3);
  });

  it("honours a routing commitment (a least share made in the US)", async () => {
    const committed = net(`${TOY}commitments:\n  - { id: half-us, items: [box], countries: [US], minShare: 0.5, from: 2026-01 }\n`);
    const p = await plan(committed, { objective: "max-value" });
    // At least half of each month's boxes in the US, whose line makes 3: 3 US + 3 Mexico = 6 boxes would
    // need 12 chips; with 10 chips, 2.5 US + 2.5 Mexico is the cheapest split that keeps 5 boxes a month.
    const boxUs = committed.operations.findIndex((o) => o.id === "box-us");
    const boxMx = committed.operations.findIndex((o) => o.id === "box-mx");
    for (let t = 0; t < 2; t++) {
      expect(p.starts[boxUs * 2 + t]).toBeCloseTo(2.5, 6);
      expect(p.starts[boxMx * 2 + t]).toBeCloseTo(2.5, 6);
    }
    expect(checkPlan(committed, p)).toEqual([]);
  });

  it("does not count goods nobody takes: finished goods may not be left unsold", async () => {
    // Demand of 2 boxes a month, below the US line's 3: max-target may not build 6 US boxes and leave 2
    // in stock; it builds the 4 that sell, $20,000.
    const bounded = net(TOY.replace("priceUsd: 5000, unbounded: true", "priceUsd: 5000, schedule: [{ from: 2026-01, quantity: 2 }]") + target("assembledValue"));
    const p = await plan(bounded);
    expect(p.targets[0].madeValueUsd).toBeCloseTo(20000, 3);
    expect(p.kpis.deliveredValueUsd).toBeCloseTo(20000, 3);
    const held = p.inventory.reduce((s, v) => s + v, 0);
    expect(held).toBeCloseTo(0, 6);
  });
});
