// The report's and the dashboard's words for the target card and for what it would take, on tiny
// hand-made results whose figures are written out by hand below.
import { describe, expect, it } from "vitest";
import type { InvestResult, TargetResult } from "../plan/index.js";
import { frontierOption, investSentence, reconciliationParts, stressDateLabel, targetCard, targetCardRows, targetLabel } from "./sections.js";

const target: TargetResult = {
  id: "us",
  by: "2029-03",
  measure: "assembledValue",
  countries: ["US"],
  valueUsd: 500e9,
  madeValueUsd: 750e9,
  met: true,
  reconciliation: { deliveredValueUsd: 2_000e9, assembledValueUsd: 750e9, manufacturingContentUsd: 30e9, ownedMarginUsd: 1_000e9 },
};

function invest(over: Partial<InvestResult>): InvestResult {
  return {
    status: "optimal",
    mode: "min-capex",
    objectiveValue: 0,
    target: { id: "us", valueUsd: 500e9, by: "2029-03", measure: "assembledValue", countries: ["US"] },
    budgetUsd: null,
    builds: [],
    capexUsd: 0,
    capexLowUsd: 0,
    capexHighUsd: 0,
    operatingCostUsd: 0,
    reachedValueUsd: 750e9,
    met: true,
    maxReachableUsd: 2_000e9,
    baselineValueUsd: 750e9,
    mipGap: 0,
    mip: false,
    frontier: [],
    blockedBy: [],
    reachableFrom: null,
    whenReachable: null,
    notes: [],
    solver: { numCols: 0, numRows: 0, nonzeros: 0, integerCols: 0, solves: 1, solveSeconds: 0, mainSeconds: 0 },
    ...over,
  };
}

const point = (share: number, capexUsd: number | null) => ({ share, targetValueUsd: share * 500e9, status: capexUsd === null ? ("unreachable" as const) : ("optimal" as const), capexUsd, objectiveValue: null, marginalCapexPerBillionUsd: null, mipGap: null, builds: 0 });

describe("the target card", () => {
  it("names the target, what the plan makes, cost-driven routing's figure and the chance", () => {
    expect(targetLabel(target)).toBe("$500.0B of goods assembled in US by 2029-03");
    const card = targetCard({ objective: "max-target", targets: [target] }, { targets: [{ ...target, madeValueUsd: 600e9 }] }, { probabilityTargetMet: 0.9, trials: 2000 });
    expect(card).not.toBeNull();
    if (!card) return;
    expect(targetCardRows(card).map((r) => [r.key, r.value, r.note])).toEqual([
      ["made", "$750.0B", "150.0% of the target"],
      ["costRouted", "$600.0B", undefined],
      ["probability", "90.0%", "2,000 trials"],
    ]);
    // Content = manufacturing content + owned margins: $30B + $1,000B.
    expect(reconciliationParts(card).map((p) => `${p.op}${p.label} ${p.value}`)).toEqual([
      "delivered $2,000.0B",
      "·assembled $750.0B",
      "·manufacturing content $30.0B",
      "+owned margins $1,000.0B",
      "=content $1,030.0B",
    ]);
  });

  it("no card without a target, and no routing or chance rows without their results", () => {
    expect(targetCard({ objective: "max-value", targets: [] }, undefined, undefined)).toBeNull();
    const card = targetCard({ objective: "max-value", targets: [target] }, undefined, undefined);
    expect(card && targetCardRows(card).map((r) => r.label)).toEqual(["the plan makes"]);
  });
});

describe("what it would take, in words", () => {
  it("nothing to build: what the network makes, and the first priced point beyond the target", () => {
    const inv = invest({ frontier: [point(1, 0), point(2, 50e6), point(3, 400e6)] });
    expect(investSentence(inv)).toBe(
      "Nothing needs building for $500.0B of goods assembled in US by 2029-03: the network as it stands makes $750.0B. Going beyond it, $1,000.0B would take $50.0M of capital.",
    );
  });

  it("a build plan: the capital, its range, what it reaches", () => {
    const b = { option: "o", name: "o", resource: "r", unit: "racks/month", site: "s", country: "US", newSite: false, decision: "2026-01", decideBy: null, firstOutput: "2026-03", fullOutput: "2026-03", size: 60, modules: null, capexUsd: 18_000, capexLowUsd: 12_000, capexHighUsd: 24_000 };
    const inv = invest({ builds: [b], capexUsd: 18_000, capexLowUsd: 12_000, capexHighUsd: 24_000, reachedValueUsd: 500e9, baselineValueUsd: 400e9 });
    expect(investSentence(inv)).toBe("$18.0k of capital ($12.0k–$24.0k at the ends of the cost ranges) in 1 build reaches $500.0B against $500.0B of goods assembled in US by 2029-03; the network as it stands makes $400.0B.");
  });

  it("unreachable: the most the network can make, and by when the target can be reached", () => {
    const inv = invest({ status: "unreachable", met: false, maxReachableUsd: 450e9, whenReachable: { by: "2029-09", capexUsd: 2e9, builds: [] } });
    expect(investSentence(inv)).toBe("$500.0B of goods assembled in US by 2029-03 cannot be reached: with every option built in full at its earliest, the network makes at most $450.0B. It can be reached by 2029-09, for $2.0B.");
  });
});

describe("the frontier's chart", () => {
  it("draws only the reachable points, in order of target value", () => {
    const { option, height } = frontierOption([point(1.2, 30e6), point(1, 0), point(1.5, null)], { valueUsd: 500e9, by: "2029-03" }, 800);
    const series = (option.series as { data: number[][] }[])[0];
    expect(series.data).toEqual([
      [500e9, 0],
      [600e9, 30e6],
    ]);
    expect(height).toBeGreaterThan(200);
  });
});

describe("stressDateLabel: the risk date control's words", () => {
  it("names the rule's date, a date asked for, and a year's start", () => {
    expect(stressDateLabel({ period: "2027-04", periodRule: "the period of highest planned output on target us", primary: true })).toBe("2027-04 · the stress rule's date");
    expect(stressDateLabel({ period: "2028-02", periodRule: "given", primary: true })).toBe("2028-02 · the date asked for");
    expect(stressDateLabel({ period: "2026-01", periodRule: "the first period of 2026 in the horizon", primary: false })).toBe("2026-01 · the start of 2026");
  });
});
