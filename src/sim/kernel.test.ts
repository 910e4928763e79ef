// Known-answer trials: tiny networks executed by hand, with every uncertainty switched off.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { loadScenarioText, type Network, normalize } from "../model/index.js";
import { runTrial, simulate } from "./index.js";

function load(text: string): Network {
  const r = loadScenarioText(text);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.path.join(".")}: ${p.message}`).join("\n"));
  return normalize(r.scenario);
}

// fab (US) makes chips (10/period, lead time 1, yield 0.5); a lane (capacity 4, transit 0) takes them
// to asm (TW), which makes boxes from 2 chips (3/period, lead time 0); boxes go to dc (US) in 1 period,
// where 2 boxes a period are wanted at $200.
const HAND = `
name: hand
title: hand-made chain
seed: 3
horizon: { start: 2026-01, periods: 4 }
sites:
  - { id: fab, name: Fab, operator: A, country: US, lat: 0, lon: 0 }
  - { id: asm, name: Assembly, operator: B, country: TW, lat: 0, lon: 0 }
  - { id: dc, name: DC, operator: C, country: US, lat: 0, lon: 0 }
items:
  - { id: chip, name: Chip, unit: chip, valueUsd: 10 }
  - { id: box, name: Box, unit: box, valueUsd: 100 }
resources:
  - { id: fab-cap, site: fab, name: Fab starts, unit: chips, levels: [{ from: 2026-01, level: 10 }] }
  - { id: asm-cap, site: asm, name: Assembly, unit: boxes, levels: [{ from: 2026-01, level: 3 }] }
operations:
  - { id: make-chip, site: fab, produces: { item: chip }, uses: [{ resource: fab-cap, qty: 1 }], leadTime: 1, yield: 0.5 }
  - { id: make-box, site: asm, produces: { item: box }, consumes: [{ item: chip, qty: 2 }], uses: [{ resource: asm-cap, qty: 1 }], leadTime: 0 }
lanes:
  - { id: chips, from: fab, to: asm, items: [chip], transit: 0, capacity: 4 }
  - { id: boxes, from: asm, to: dc, items: [box], transit: 1 }
demand:
  - { id: dc-boxes, site: dc, item: box, priceUsd: 200, schedule: [{ from: 2026-01, quantity: 2 }] }
targets:
  - { id: boxes-tw, description: $500 of boxes made in TW, item: box, countries: [TW], valueUsd: 500, by: 2026-04 }
milestones:
  - { id: two-a-month, description: 2 boxes in a month, item: box, countries: [TW], quantityPerPeriod: 2 }
`;

describe("greedy policy, no uncertainty", () => {
  it("matches the hand-made chain worked out period by period", () => {
    const net = load(HAND);
    const r = runTrial(net, { policy: "greedy" });
    // t0: 10 chip starts -> 5 good chips arrive t1; nothing at asm yet.
    // t1: 5 chips at fab; lane ships 4 (capacity), 1 stays; 2 boxes (4 chips / 2) ship, arrive t2.
    // t2: fab holds 1 + 5 = 6, ships 4, keeps 2; 2 boxes; the 2 boxes of t1 arrive and are delivered ($400).
    // t3: 2 + 5 = 7 at fab, ships 4; 2 boxes (arrive t4, past the horizon); 2 delivered ($400).
    expect(r.periodDeliveredUsd).toEqual([0, 0, 400, 400]);
    expect(r.deliveredValueUsd).toBe(800);
    // Boxes made in TW: 2 in each of t1..t3; assembled value at the demand's price, 6 x $200 = $1,200 by 2026-04.
    expect(r.periodOutput).toEqual([0, 2, 2, 2]);
    expect(r.targetValueUsd).toEqual([1200]);
    expect(r.massProductionPeriod).toBe(1);
    // Value added by output made within the horizon: chips of t0..t2 (3 x 5 x $10 = $150, US, onshore);
    // boxes 3 x 2 x ($100 less 2 chips at $10) = $480 (TW).
    expect(r.onshoreValueAdded).toBe(150);
    expect(r.totalValueAdded).toBe(630);
    // fab-cap caps make-chip every period (no inputs); asm-cap never does (chips are short).
    expect(r.boundPeriods).toEqual([4, 0]);
  });

  it("gives the same numbers for every trial and seed when nothing is uncertain", () => {
    const net = load(HAND);
    const res = simulate(net, { trials: 300, seed: 99 });
    expect(res.kpis.deliveredValueUsd.mean).toBe(800);
    expect(res.kpis.deliveredValueUsd.sd).toBe(0);
    expect(res.kpis.deliveredValueUsd.p10).toBe(800);
    expect(res.kpis.deliveredValueUsd.p90).toBe(800);
    expect(res.probabilityTargetMet).toBe(1);
    expect(res.kpis.massProductionPeriod?.p50).toBe("2026-02");
    expect(res.resources.map((x) => x.criticality)).toEqual([1, 0]);
  });
});

describe("plan policy, hand-built starts", () => {
  const net = load(HAND);
  const T = 4;
  const starts = (chip: number[], box: number[]) => Float64Array.from([...chip, ...box]);

  it("follows the plan where capacity and material allow", () => {
    // Chips: 4 starts in t0..t2 -> 2 good chips arrive t1..t3, all shipped. Boxes: 1 in each of t1..t3
    // (2 chips each); boxes of t1 and t2 arrive t2 and t3 and are delivered: 2 x $200.
    const r = runTrial(net, { policy: "plan", starts: starts([4, 4, 4, 0], [0, 1, 1, 1]) });
    expect(r.periodDeliveredUsd).toEqual([0, 0, 200, 200]);
    expect(r.periodOutput).toEqual([0, 1, 1, 1]);
    expect(r.boundPeriods).toEqual([0, 0]); // the plan, not capacity, set every start
  });

  it("caps planned starts by realised capacity and available material", () => {
    // 20 chip starts planned in t0: capacity allows 10 (fab-cap binds) -> 5 chips at t1, lane ships 4;
    // 3 boxes planned in t1 but 4 chips make only 2; they arrive t2 and are delivered ($400).
    const r = runTrial(net, { policy: "plan", starts: starts([20, 0, 0, 0], [0, 3, 0, 0]) });
    expect(r.periodOutput).toEqual([0, 2, 0, 0]);
    expect(r.deliveredValueUsd).toBe(400);
    expect(r.boundPeriods).toEqual([1, 0]);
  });

  it("follows planned shipments when given", () => {
    // The first plan again, but the chip lane may carry only 1, 3, 2 chips in t1..t3 (starts may be fractional):
    // t1: fab 2, ships 1 -> asm 1 chip: 0.5 box (arrives t2). t2: fab 1 + 2 = 3, ships 3 -> asm 3: 1 box, 1 chip left;
    // 0.5 box delivered ($100). t3: fab 2, ships 2 -> asm 3: 1 box (arrives after the horizon); 1 box delivered ($200).
    const shipments = Float64Array.from([0, 1, 3, 2, /* boxes lane */ 0, 9, 9, 9]);
    const r = runTrial(net, { policy: "plan", starts: starts([4, 4, 4, 0], [0, 1, 1, 1]), shipments });
    expect(r.periodOutput).toEqual([0, 0.5, 1, 1]);
    expect(r.periodDeliveredUsd).toEqual([0, 0, 100, 200]);
  });

  it("rejects starts of the wrong length", () => {
    expect(() => runTrial(net, { policy: "plan", starts: new Float64Array(T) })).toThrow(/length/);
    expect(() => runTrial(net, { policy: "plan" })).toThrow(/starts/);
  });
});

describe("the tutorial without uncertainty", () => {
  const doc = parse(readFileSync(new URL("../../scenarios/tutorial.yaml", import.meta.url), "utf8"));
  delete doc.uncertainty;
  const net = load(stringify(doc));

  it("executes the optimal plan exactly (plan policy, planned starts and shipments)", async () => {
    const { plan } = await import("../plan/index.js");
    const p = await plan(net, { objective: "max-value" });
    expect(p.status).toBe("optimal");
    const r = runTrial(net, { policy: "plan", starts: p.starts, shipments: p.shipments });
    expect(r.deliveredValueUsd).toBeCloseTo(p.kpis.deliveredValueUsd, 0);
    expect(r.targetValueUsd[0]).toBeCloseTo(p.targets[0].madeValueUsd, 0);
    expect(r.onshoreValueAdded / r.totalValueAdded).toBeCloseTo(p.kpis.onshoreValueShare, 9);
    expect(r.massProductionPeriod >= 0 ? net.periods[r.massProductionPeriod] : null).toBe(p.kpis.massProductionPeriod);
  });

  it("is deterministic: every trial is the same", () => {
    const res = simulate(net, { trials: 500 });
    expect(res.kpis.deliveredValueUsd.sd).toBe(0);
    expect(res.disruptions).toEqual([]);
  });
});

describe("disruptions", () => {
  it("a Bernoulli disruption starts with its probability (binomial bound)", () => {
    const p = 0.2;
    const text = HAND.replace("milestones:", `uncertainty:\n  disruptions:\n    - { id: fab-down, site: fab, probabilityPerPeriod: ${p}, durationPeriods: { type: uniform, min: 1, max: 1 } }\nmilestones:`);
    const net = load(text);
    const res = simulate(net, { trials: 5000, seed: 11 });
    const d = res.disruptions[0];
    // Duration 1: every period is at risk and a start is an independent Bernoulli(p) draw.
    expect(d.periodsAtRisk).toBe(5000 * 4);
    const n = d.periodsAtRisk;
    const z = 3.89; // two-sided 99.99%
    expect(Math.abs(d.startsPerPeriod - p)).toBeLessThan(z * Math.sqrt((p * (1 - p)) / n));
    // At least one start in 4 periods: 1 - 0.8^4 = 0.5904.
    const q = 1 - (1 - p) ** 4;
    expect(Math.abs(d.probabilityOccurs - q)).toBeLessThan(z * Math.sqrt((q * (1 - q)) / 5000));
    // A fab outage costs chips, so trials with it deliver less on average.
    expect(d.meanLostValueUsd).toBeGreaterThan(0);
  });

  it("zeroes the capacity of the masked site while it lasts", () => {
    const text = HAND.replace("milestones:", `uncertainty:\n  disruptions:\n    - { id: fab-down, site: fab, probabilityPerPeriod: 1, durationPeriods: { type: uniform, min: 4, max: 4 } }\nmilestones:`);
    const r = runTrial(load(text), {});
    expect(r.totalValueAdded).toBe(0);
    expect(r.deliveredValueUsd).toBe(0);
    expect(r.disruptionStarts).toEqual([1]);
  });
});

describe("adaptive policy", () => {
  const doc = parse(readFileSync(new URL("../../scenarios/tutorial.yaml", import.meta.url), "utf8"));
  delete doc.uncertainty;
  const certain = load(stringify(doc));

  it("executes the plan exactly when nothing is uncertain", async () => {
    const { plan } = await import("../plan/index.js");
    const p = await plan(certain);
    const r = runTrial(certain, { policy: "adaptive", starts: p.starts, shipments: p.shipments });
    expect(r.deliveredValueUsd).toBeCloseTo(p.kpis.deliveredValueUsd, 0);
    expect(r.targetValueUsd[0]).toBeCloseTo(p.targets[0].madeValueUsd, 0);
  });

  it("uses capacity above plan: with only upside uncertain, P50 beats the plan", async () => {
    const { plan } = await import("../plan/index.js");
    // The US assembly line is what limits the target (30 servers a month); let it come in 0-40% higher.
    const upside = load(
      stringify({ ...doc, uncertainty: { parameters: [{ id: "asm-up", on: { resource: "asm-us-lines" }, parameter: "capacity", distribution: { type: "triangular", min: 1, mode: 1.2, max: 1.4 } }] } }),
    );
    const p = await plan(upside);
    const made = p.targets[0].madeValueUsd;
    const adaptive = simulate(upside, { trials: 500, seed: 5, policy: "adaptive", starts: p.starts, shipments: p.shipments });
    const capped = simulate(upside, { trials: 500, seed: 5, policy: "plan", starts: p.starts, shipments: p.shipments });
    expect(adaptive.kpis.targetValueUsd?.p50).toBeGreaterThan(made * 1.02);
    // The plan policy caps every trial at the plan: it can never beat it.
    expect(capped.kpis.targetValueUsd?.max).toBeLessThanOrEqual(made * (1 + 1e-9));
    // Never below the plan when capacity only comes in higher.
    expect(adaptive.kpis.targetValueUsd?.min).toBeGreaterThanOrEqual(made * (1 - 1e-9));
  });

  it("serves the target first when stock is short: more chips go to the line that counts", async () => {
    // Chips from one fab feed a US and a Mexican line; the target counts US boxes. When the US line comes
    // in 50% higher than planned, the fab's chips go to it first (Mexico gets the rest).
    const text = `
name: divert
title: divert to the target
horizon: { start: 2026-01, periods: 3 }
sites:
  - { id: fab, name: fab, operator: F, country: TW, lat: 0, lon: 0 }
  - { id: us, name: us, operator: A, country: US, lat: 0, lon: 0 }
  - { id: mx, name: mx, operator: B, country: MX, lat: 0, lon: 0 }
items:
  - { id: chip, name: chip, unit: chip, valueUsd: 1000 }
  - { id: box, name: box, unit: box, valueUsd: 5000 }
resources:
  - { id: fab-line, site: fab, name: f, unit: u, levels: [{ from: 2026-01, level: 10 }] }
  - { id: us-line, site: us, name: u, unit: u, levels: [{ from: 2026-01, level: 2 }] }
  - { id: mx-line, site: mx, name: m, unit: u, levels: [{ from: 2026-01, level: 5 }] }
operations:
  - { id: chip, site: fab, produces: { item: chip }, uses: [{ resource: fab-line, qty: 1 }] }
  - { id: box-us, site: us, produces: { item: box }, consumes: [{ item: chip, qty: 2 }], uses: [{ resource: us-line, qty: 1 }] }
  - { id: box-mx, site: mx, produces: { item: box }, consumes: [{ item: chip, qty: 2 }], uses: [{ resource: mx-line, qty: 1 }] }
lanes:
  - { id: to-mx, from: fab, to: mx, items: [chip] }
  - { id: to-us, from: fab, to: us, items: [chip] }
demand:
  - { id: us-mx, site: mx, item: box, priceUsd: 5000, unbounded: true }
  - { id: us-us, site: us, item: box, priceUsd: 5000, unbounded: true }
targets:
  - { id: t, description: t, item: box, countries: [US], valueUsd: 1, by: 2026-03 }
uncertainty:
  parameters:
    - { id: us-up, on: { resource: us-line }, parameter: capacity, distribution: { type: uniform, min: 1.5, max: 1.5 } }
`;
    const n = load(text);
    const { plan } = await import("../plan/index.js");
    const p = await plan(n);
    // The plan: 10 chips a month, 2 US boxes (4 chips) and 3 Mexican (6 chips).
    const r = runTrial(n, { policy: "adaptive", starts: p.starts, shipments: p.shipments });
    // Realised: the US line makes 3 a month (6 chips first), Mexico 2 (the other 4): 9 US boxes x $5,000.
    expect(r.targetValueUsd[0]).toBeCloseTo(9 * 5000, 3);
    expect(r.deliveredValueUsd).toBeCloseTo(15 * 5000, 3);
  });
});

describe("usage and price parameters", () => {
  const withParams = (params: string) => load(HAND.replace("milestones:", `uncertainty:\n  parameters:\n${params}\nmilestones:`));

  it("a usage multiplier takes more of the resource per start", () => {
    // Each box takes 2 units of the 3-a-period assembly line: 1.5 boxes a period where chips allow 2
    // (4 a period): boxes of t1 and t2 arrive t2 and t3 -> 2 x 1.5 x $200 = $600 delivered.
    const r = runTrial(withParams("    - { id: u, on: { operation: make-box }, parameter: usage, distribution: { type: uniform, min: 2, max: 2 } }"), { policy: "greedy" });
    expect(r.periodOutput).toEqual([0, 1.5, 1.5, 1.5]);
    expect(r.deliveredValueUsd).toBe(600);
  });

  it("a price multiplier moves delivered value and the assembled measure at the demand's price", () => {
    // The hand-made chain at half the price: $400 delivered; 6 TW boxes x $100.
    const r = runTrial(withParams("    - { id: p, on: { demand: dc-boxes }, parameter: price, distribution: { type: range, low: 0.5, central: 0.5, high: 0.5 }, low: { reason: t }, high: { reason: t } }"), { policy: "greedy" });
    expect(r.deliveredValueUsd).toBe(400);
    expect(r.targetValueUsd).toEqual([600]);
  });
});

describe("events whose length each trial draws", () => {
  it("takes the masked capacity away for the drawn number of periods", async () => {
    const { applyEvents } = await import("../model/index.js");
    const net = load(HAND);
    const outage = (durationPeriods: object) => ({ id: "fab-fire", kind: "outage" as const, site: "fab", start: "2026-01", periods: 1, durationPeriods, assumption: "t" });
    // Lasting the whole horizon: no chip is ever made, nothing delivered (as the disruption test above).
    const all = applyEvents(net, [outage({ type: "uniform", min: 4, max: 4 }) as never], { drawDurations: true });
    expect(all.scheduled).toHaveLength(1);
    expect(Array.from(all.capacity)).toEqual(Array.from(net.capacity)); // not overlaid: drawn per trial
    const r = runTrial(all, { policy: "greedy" });
    expect(r.totalValueAdded).toBe(0);
    expect(r.deliveredValueUsd).toBe(0);
    // One period: the chain starts a period late. By hand: chips made t1..t3, arriving t2..t4; boxes t2, t3;
    // only t2's boxes arrive in time (t3) and are delivered: $400, against $800 without the event.
    const one = applyEvents(net, [outage({ type: "uniform", min: 1, max: 1 }) as never], { drawDurations: true });
    expect(runTrial(one, { policy: "greedy" }).deliveredValueUsd).toBe(400);
    // Drawn 1 or 4 with equal weights: every trial is one of the two, and both occur.
    const either = applyEvents(net, [outage({ type: "discrete", values: [1, 4], weights: [1, 1] }) as never], { drawDurations: true });
    const res = simulate(either, { trials: 400, seed: 3 });
    expect(res.kpis.deliveredValueUsd.min).toBe(0);
    expect(res.kpis.deliveredValueUsd.max).toBe(400);
    expect(res.kpis.deliveredValueUsd.mean).toBeGreaterThan(100);
    expect(res.kpis.deliveredValueUsd.mean).toBeLessThan(300);
  });
});

describe("a resource short of the plan", () => {
  it("gives every operation that uses it the same share of its planned starts (not first come, first served)", () => {
    // Two products share a line of 10 a period; the plan wants 6 of each (12). Each gets 10/12 of its plan.
    const text = `
name: shared-line
title: shared line
horizon: { start: 2026-01, periods: 1 }
sites:
  - { id: f, name: f, operator: x, country: US, lat: 0, lon: 0 }
items:
  - { id: a, name: a, unit: u, valueUsd: 1 }
  - { id: b, name: b, unit: u, valueUsd: 1 }
resources:
  - { id: line, site: f, name: l, unit: u, levels: [{ from: 2026-01, level: 10 }] }
operations:
  - { id: make-a, site: f, produces: { item: a }, uses: [{ resource: line, qty: 1 }] }
  - { id: make-b, site: f, produces: { item: b }, uses: [{ resource: line, qty: 1 }] }
demand:
  - { id: da, site: f, item: a, priceUsd: 1, unbounded: true }
  - { id: db, site: f, item: b, priceUsd: 3, unbounded: true }
`;
    const n = load(text);
    const r = runTrial(n, { policy: "plan", starts: Float64Array.from([6, 6]) });
    // $1 x 5 + $3 x 5 = $20 (first come, first served would have given a 6 and b 4: $18).
    expect(r.deliveredValueUsd).toBeCloseTo(20, 9);
    expect(r.boundPeriods).toEqual([1]);
  });
});
