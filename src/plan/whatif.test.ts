// The what-if session against cold plans of the same edit: a warm re-solve of the kept model must give
// the plan that plan() (or planWithEvents) gives from scratch, to 1e-6 relative, on the tutorial, on the
// three-country toy with a blockade, and on the default scenario (the benchmark's edit and event).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenarioText, type Network, normalize, type Scenario } from "../model/index.js";
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
