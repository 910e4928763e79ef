// Period labels <-> ordinals, monthly and ISO-weekly, against calendar facts checked by hand.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { horizonLabels, periodLabel, periodOrdinal } from "./index.js";

describe("monthly periods", () => {
  it("ordinals are months since year 0", () => {
    expect(periodOrdinal("2026-01", "month")).toBe(2026 * 12);
    expect((periodOrdinal("2026-12", "month") as number) - (periodOrdinal("2026-01", "month") as number)).toBe(11);
    expect(horizonLabels("2025-11", 4, "month")).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
  });

  it("malformed labels are null", () => {
    for (const bad of ["2026-13", "2026-00", "2026-1", "26-01", "2026-W01", "2026/01", " 2026-01", ""]) expect(periodOrdinal(bad, "month")).toBeNull();
  });

  it("round trip for every month of years 0..9999", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1, max: 12 }), (y, m) => {
        const label = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}`;
        return periodLabel(periodOrdinal(label, "month") as number, "month") === label;
      }),
      { seed: 20260101, numRuns: 2000 },
    );
  });
});

describe("ISO weekly periods", () => {
  it("consecutive weeks across year boundaries", () => {
    // 2025 starts on a Wednesday and is not a leap year: 52 weeks. 2026 starts on a Thursday: 53 weeks.
    // 2020 is a leap year starting on a Wednesday: 53 weeks.
    expect(horizonLabels("2025-W51", 4, "week")).toEqual(["2025-W51", "2025-W52", "2026-W01", "2026-W02"]);
    expect(horizonLabels("2026-W52", 3, "week")).toEqual(["2026-W52", "2026-W53", "2027-W01"]);
    expect(horizonLabels("2020-W52", 3, "week")).toEqual(["2020-W52", "2020-W53", "2021-W01"]);
    expect((periodOrdinal("2021-W01", "week") as number) - (periodOrdinal("2020-W53", "week") as number)).toBe(1);
  });

  it("ordinals are whole weeks since 1970-W01 (Monday 1969-12-29)", () => {
    expect(periodOrdinal("1970-W01", "week")).toBe(0);
    // 2026-W01 starts Monday 2025-12-29, exactly 56 years of days later: 20454 days = 2922 weeks.
    // (1969-12-29 + 20454 days: 56 years of 365 days plus 14 leap days 1972..2024 = 20440 + 14.)
    expect(periodOrdinal("2026-W01", "week")).toBe(2922);
  });

  it("week 53 exists only in long ISO years", () => {
    expect(periodOrdinal("2025-W53", "week")).toBeNull();
    expect(periodOrdinal("2026-W53", "week")).not.toBeNull();
    expect(periodOrdinal("2026-W54", "week")).toBeNull();
    expect(periodOrdinal("2026-W00", "week")).toBeNull();
    expect(periodOrdinal("2026-03", "week")).toBeNull();
  });

  it("integer ordinals and round trips for every week of 1900..2400", () => {
    // Integer ordinals matter: engines index arrays by ordinal differences.
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2400 }), fc.integer({ min: 1, max: 53 }), (y, w) => {
        const label = `${y}-W${String(w).padStart(2, "0")}`;
        const ord = periodOrdinal(label, "week");
        if (ord === null) return w === 53;
        return Number.isInteger(ord) && periodLabel(ord, "week") === label && periodOrdinal(periodLabel(ord + 1, "week"), "week") === ord + 1;
      }),
      { seed: 20260102, numRuns: 3000 },
    );
  });
});
