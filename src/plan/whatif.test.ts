// The what-if session against cold plans of the same edit: a warm re-solve of the kept model must give
// the plan that plan() (or planWithEvents) gives from scratch, to 1e-6 relative, on the tutorial, on the
// three-country toy with a blockade, and on the default scenario (the benchmark's edit and event).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type Edits, loadScenarioText, type Network, normalize, type Scenario, withEdits } from "../model/index.js";
import { type PlanResult, plan } from "./plan.js";
import { planWithEvents } from "./replan.js";
import { openWhatIf } from "./whatif.js";

const root = new URL("../..", import.meta.url).pathname;
const read = (name: string) => readFileSync(join(root, "scenarios", name), "utf8");

function load(text: string): { net: Network; scenario: Scenario } {
  const r = loadScenarioText(text);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.line}:${p.col} ${p.path.join(".")} ${p.message}`).join("\n"));
  return { net: normalize(r.scenario), scenario: r.scenario };
}

/** The figures a what-if answers with: the target measure and the value delivered. */
function expectSamePlan(warm: PlanResult, cold: PlanResult): void {
  expect(warm.status).toBe("optimal");
  expect(cold.status).toBe("optimal");
  const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(b)));
  close(warm.kpis.deliveredValueUsd, cold.kpis.deliveredValueUsd);
  expect(warm.targets.length).toBe(cold.targets.length);
  warm.targets.forEach((t, i) => close(t.madeValueUsd, cold.targets[i].madeValueUsd));
}

describe("what-if on the tutorial", () => {
  const base = read("tutorial.yaml");
  // The US assembly line makes 20 servers a month instead of 30.
  const fewer = base.replace("levels: [{ from: 2026-01, level: 30 }]", "levels: [{ from: 2026-01, level: 20 }]");

  it("a capacity edit is a warm re-solve of the kept model and gives the cold plan of the edit", async () => {
    const w = await openWhatIf(load(base).net);
    try {
      expect(w.first.warm).toBe(false);
      expectSamePlan(w.first.plan, await plan(load(base).net, { limitCandidates: 0 }));
      const edited = load(fewer).net;
      const r = await w.solve(edited);
      expect(r.warm).toBe(true);
      // One resource's 12 periods and its run-out: only capacity rows change.
      expect(r.changed.rows).toBeGreaterThanOrEqual(12);
      expect(r.changed.cols).toBe(0);
      const cold = await plan(edited, { limitCandidates: 0 });
      expectSamePlan(r.plan, cold);
      // By hand (test/compare.test.ts): 20 servers x 7 months x $400k = $56.0M by the target's date.
      expect(r.plan.targets[0].madeValueUsd).toBeCloseTo(56e6, -2);
      // Back to the opened scenario: its plan again.
      const back = await w.solve(load(base).net);
      expectSamePlan(back.plan, w.first.plan);
    } finally {
      w.dispose();
    }
  });

  it("an edit that changes the LP's coefficients (a yield) is solved cold and says why", async () => {
    const w = await openWhatIf(load(base).net);
    try {
      const edited = load(base.replace("yield: 0.95", "yield: 0.8")).net;
      const r = await w.solve(edited);
      expect(r.warm).toBe(false);
      expect(r.coldReason).toContain("coefficients");
      expectSamePlan(r.plan, await plan(edited, { limitCandidates: 0 }));
      // The rebuilt model is kept: the next capacity edit is warm again.
      const again = await w.solve(load(fewer.replace("yield: 0.95", "yield: 0.8")).net);
      expect(again.warm).toBe(true);
    } finally {
      w.dispose();
    }
  });
});

describe("demand and price edits on the tutorial", () => {
  const base = read("tutorial.yaml");
  // The tutorial's one demand: 20 servers a month from 2026-04, 30 from 2026-10, at $400,000. The plan
  // assembles 30 a month (the line's capacity), out 2026-06..12 (the first GPUs reach Texas in 2026-05
  // and assembly takes a month): 210 servers made, the target counting each at the demand's price.
  const schedule = "schedule: [{ from: 2026-04, quantity: 20 }, { from: 2026-10, quantity: 30 }]";
  const edited = (net: Network, edits: Edits) => {
    const r = withEdits(net, edits);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    return r.net;
  };
  const same = (a: Network, b: Network) => {
    expect(Array.from(a.demandQty)).toEqual(Array.from(b.demandQty));
    expect(Array.from(a.demandPrice)).toEqual(Array.from(b.demandPrice));
    expect(Array.from(a.saleValue)).toEqual(Array.from(b.saleValue));
  };

  it("demand halved from the start: a warm re-solve; 85 servers delivered in the year, 175 made for the target", async () => {
    const w = await openWhatIf(load(base).net);
    try {
      const net = edited(load(base).net, { demand: [{ demand: "us-servers", from: "2026-01", factor: 0.5 }] });
      // The same network as the text with the schedule halved.
      const text = load(base.replace(schedule, "schedule: [{ from: 2026-04, quantity: 10 }, { from: 2026-10, quantity: 15 }]")).net;
      same(net, text);
      const r = await w.solve(net);
      expect(r.warm).toBe(true);
      expect(r.changed.cols).toBeGreaterThan(0); // the deliveries' bounds
      expectSamePlan(r.plan, await plan(text, { limitCandidates: 0 }));
      // By hand: servers reach demand from 2026-06: 10 a month in 06..09 and 15 in 10..12 (no backlog of
      // 04..05): 40 + 45 = 85 at $400,000 = $34.0M. The target counts servers made by 2026-12 that are sold
      // by the end of the run-out (docs/planning.md), which is the longest chain of lead times and
      // transits: US wafers 2 + lane 1 + packaging 1 + lane 1 + assembly 1 = 6 months, wanting 15 a month:
      // 85 + 90 = 175 servers (of the 210 the line could make) x $400,000 = $70.0M.
      expect(r.plan.kpis.deliveredValueUsd).toBeCloseTo(34e6, -2);
      expect(r.plan.targets[0].madeValueUsd).toBeCloseTo(70e6, -2);
    } finally {
      w.dispose();
    }
  });

  it("demand up by half from 2026-10: the stock of the summer is sold too; every server made is delivered", async () => {
    const w = await openWhatIf(load(base).net);
    try {
      const net = edited(load(base).net, { demand: [{ demand: "us-servers", from: "2026-10", factor: 1.5 }] });
      same(net, load(base.replace(schedule, "schedule: [{ from: 2026-04, quantity: 20 }, { from: 2026-10, quantity: 45 }]")).net);
      const r = await w.solve(net);
      expect(r.warm).toBe(true);
      // By hand: 06..09 make 120 and deliver 80 (20 a month), 40 held; 10..12 want 45 a month (135) and
      // have 90 made + 40 held = 130: all 210 delivered, $84.0M (against $68.0M).
      expect(r.plan.kpis.deliveredValueUsd).toBeCloseTo(84e6, -2);
      expectSamePlan(r.plan, await plan(net, { limitCandidates: 0 }));
    } finally {
      w.dispose();
    }
  });

  it("a lower price: the target counts servers at it too, a coefficient, so it is solved cold and says why", async () => {
    const w = await openWhatIf(load(base).net);
    try {
      const net = edited(load(base).net, { price: [{ demand: "us-servers", priceUsd: 350_000 }] });
      const text = load(base.replace("priceUsd: 400000", "priceUsd: 350000")).net;
      same(net, text);
      expect(net.demands[0].priceUsd).toBe(350_000);
      const r = await w.solve(net);
      expect(r.warm).toBe(false);
      expect(r.coldReason).toContain("coefficients");
      expectSamePlan(r.plan, await plan(text, { limitCandidates: 0 }));
      // By hand: the same plan, 170 delivered x $350,000 = $59.5M; 210 made x $350,000 = $73.5M.
      expect(r.plan.kpis.deliveredValueUsd).toBeCloseTo(59.5e6, -2);
      expect(r.plan.targets[0].madeValueUsd).toBeCloseTo(73.5e6, -2);
      // Scaling by 0.875 is the same price.
      const scaled = edited(load(base).net, { price: [{ demand: "us-servers", factor: 0.875 }] });
      same(scaled, text);
    } finally {
      w.dispose();
    }
  });

  it("edits of what does not exist are problems at their paths; an unbounded demand cannot be scaled", () => {
    const net = load(base).net;
    const r = withEdits(net, { demand: [{ demand: "nope", from: "2031-01", factor: 2 }], price: [{ demand: "nope", priceUsd: 1 }] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.path.join("."))).toEqual(["demand.0.demand", "demand.0.from", "price.0.demand"]);
    const open = load(base.replace(schedule, "unbounded: true")).net;
    const u = withEdits(open, { demand: [{ demand: "us-servers", from: "2026-01", factor: 2 }] });
    expect(!u.ok && u.problems[0].path.join(".")).toBe("demand.0.factor");
    // A quantity caps it: 5 a month.
    const capped = withEdits(open, { demand: [{ demand: "us-servers", from: "2026-01", quantity: 5 }] });
    expect(capped.ok && Array.from(capped.net.demandQty)).toEqual(new Array(12).fill(5));
  });
});

// The toy of src/plan/replan.test.ts: chips from Taiwan (15 a month) or Korea (4 a month, dearer) become
// boxes in the US; Taiwan is blockaded in March-April.
const TOY = readFileSync(join(root, "test/fixtures/events/three-countries.yaml"), "utf8");

describe("what-if with events on the three-country toy", () => {
  const { net, scenario } = load(TOY);

  it("a surprise blockade gives planWithEvents's plan; foresight gives the foresight plan; the base plan is kept", async () => {
    const w = await openWhatIf(net);
    try {
      const surprise = await w.solve(net, { events: scenario.events });
      expect(surprise.warm).toBe(true);
      expect(surprise.events.replans).toEqual([{ from: "2026-03", events: ["tw-blockade"] }]);
      const cold = await planWithEvents(net, scenario.events);
      expectSamePlan(surprise.plan, cold);
      // By hand (replan.test.ts): a surprise loses 2 months x (10 - 4) boxes of $100 = $1,200 of the $6,000 a clear run delivers.
      expect(surprise.plan.kpis.deliveredValueUsd).toBeCloseTo(4800, 6);
      // The same flows period by period, not only the same totals.
      expect(Array.from(surprise.plan.deliveries)).toEqual(Array.from(cold.deliveries));
      // The plan without events is the one the surprise started from: reused, no solve at all.
      const clear = await w.solve(net);
      expect(clear.solves).toBe(0);
      expectSamePlan(clear.plan, w.first.plan);

      const foresight = await w.solve(net, { events: scenario.events, foresight: true });
      expect(foresight.events).toEqual({ foresight: true, replans: [] });
      expectSamePlan(foresight.plan, await planWithEvents(net, scenario.events, { foresight: true }));
      // Stocking up in January-February (15 + 4 - 10 = 9 a month spare) covers the blockade: nothing lost.
      expect(foresight.plan.kpis.deliveredValueUsd).toBeCloseTo(6000, 6);

      // After foresight, the surprise again (its base plan re-solved warm).
      const again = await w.solve(net, { events: scenario.events });
      expect(again.warm).toBe(true);
      expectSamePlan(again.plan, cold);
    } finally {
      w.dispose();
    }
  });
});

describe("what-if on the default scenario (the benchmark's cases)", () => {
  const text = read("us-ai-onshoring-2025.yaml");
  // Houston's mature rate 2,000 -> 2,400 racks a month.
  const edited = text.replace("shape: s-curve, from: 0, to: 2000,", "shape: s-curve, from: 0, to: 2400,");

  it("one capacity edit and the Taiwan blockade, warm, give the cold plans of the same edits", async () => {
    expect(edited).not.toBe(text);
    const { net, scenario } = load(text);
    const w = await openWhatIf(net);
    try {
      const e = load(edited).net;
      const r = await w.solve(e);
      const cold = await plan(e, { limitCandidates: 0 });
      expect(r.warm).toBe(true);
      expectSamePlan(r.plan, cold);
      // More Houston capacity raises the capacity-bound target measure.
      expect(r.plan.targets[0].madeValueUsd).toBeGreaterThan(w.first.plan.targets[0].madeValueUsd);
      // A re-solve from the bases takes a small fraction of a cold plan's simplex iterations.
      expect(r.iterations).toBeLessThan(cold.solver.iterations / 5);

      const blockade = scenario.events.filter((x) => x.id === "taiwan-blockade-2027");
      const b = await w.solve(net, { events: blockade });
      expect(b.warm).toBe(true);
      expectSamePlan(b.plan, await planWithEvents(net, blockade));
    } finally {
      w.dispose();
    }
  }, 240_000);
});
