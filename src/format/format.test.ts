// The shared formatter against values written out by hand, and the property every caller relies on:
// no number ever comes out in scientific notation.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { byKey, compact, count, elapsed, MINUS, money, moneyTick, niceStep, percent, percentTick, periods, periodSpan, plain, points, quantity, seconds, unitOf, valueAxis } from "./index.js";

describe("money", () => {
  it("scales to k, M and B with one decimal", () => {
    expect(money(17_873_600_000)).toBe("$17.9B");
    expect(money(310_500_000_000)).toBe("$310.5B");
    expect(money(1_453_500_000_000)).toBe("$1,453.5B");
    expect(money(68_000_000)).toBe("$68.0M");
    expect(money(4_000)).toBe("$4.0k");
    expect(money(394)).toBe("$394");
    expect(money(3.6)).toBe("$3.60");
    expect(money(0)).toBe("$0");
  });

  it("negatives take the typographic minus before the dollar sign; deltas take a plus", () => {
    expect(money(-17_873_600_000)).toBe("−$17.9B");
    expect(money(-17_873_600_000).startsWith(MINUS)).toBe(true);
    expect(money(10_900_000_000, { sign: true })).toBe("+$10.9B");
    expect(money(-32_300_000_000, { sign: true })).toBe("−$32.3B");
    expect(money(0, { sign: true })).toBe("$0");
    // A value that rounds to zero has no sign.
    expect(money(-0.2)).toBe("−$0.20");
    expect(money(-0.001)).toBe("$0");
  });

  it("chooses the scale after rounding", () => {
    expect(money(999_960_000)).toBe("$1.0B");
    expect(money(950_000_000)).toBe("$950.0M");
    expect(money(999.96)).toBe("$1.0k");
  });

  it("missing and infinite values", () => {
    expect(money(null)).toBe("–");
    expect(money(undefined)).toBe("–");
    expect(money(Number.NaN)).toBe("–");
    expect(money(Number.NEGATIVE_INFINITY)).toBe("−∞");
  });

  it("axis ticks are as short as exact", () => {
    expect(moneyTick(0)).toBe("$0");
    expect(moneyTick(250e9)).toBe("$250B");
    expect(moneyTick(2.5e6)).toBe("$2.5M");
    expect(moneyTick(-500e3)).toBe("−$500k");
    expect(moneyTick(1.25e9)).toBe("$1.25B");
  });
});

describe("counts, quantities and percentages", () => {
  it("counts have thousands separators and at most one decimal by default", () => {
    expect(count(1234)).toBe("1,234");
    expect(count(1234.56)).toBe("1,234.6");
    expect(count(12_000_000)).toBe("12,000,000");
    expect(count(-3)).toBe("−3");
    expect(count(2.5, { digits: 2 })).toBe("2.50");
    expect(quantity(3500, "racks/month")).toBe("3,500 racks/month");
    expect(compact(12_000_000)).toBe("12M");
    expect(compact(1500)).toBe("1.5k");
    expect(compact(950)).toBe("950");
  });

  it("percentages keep one decimal, and small ones two significant digits instead of 0.0%", () => {
    expect(percent(0.123)).toBe("12.3%");
    expect(percent(0.011)).toBe("1.1%");
    expect(percent(0)).toBe("0.0%");
    expect(percent(1)).toBe("100.0%");
    expect(percent(0.0004)).toBe("0.04%");
    expect(percent(0.000012)).toBe("0.0012%");
    expect(percent(1e-9)).toBe("<0.0001%");
    expect(percent(-0.944)).toBe("−94.4%");
    expect(percent(0.25, { sign: true })).toBe("+25.0%");
    expect(percentTick(0.005)).toBe("0.5%");
    expect(percentTick(0.03)).toBe("3%");
    expect(points(-0.188)).toBe("−18.8 pp");
    expect(points(0.001, { sign: true })).toBe("+0.1 pp");
  });

  it("periods and durations", () => {
    expect(periods(1)).toBe("1 period");
    expect(periods(3.7)).toBe("3.7 periods");
    expect(periods(Number.POSITIVE_INFINITY)).toBe("∞ periods");
    expect(periodSpan("2026-03", "2026-05")).toBe("2026-03..2026-05");
    expect(periodSpan("2026-03", "2026-03")).toBe("2026-03");
    expect(seconds(1.08)).toBe("1.1 s");
    expect(seconds(125)).toBe("2 min 05 s");
    expect(seconds(3725)).toBe("1 h 02 min");
    expect(elapsed("2026-01-01T00:00:00Z", "2026-01-01T00:00:03.2Z")).toBe("3.2 s");
    expect(elapsed("2026-01-01T00:00:00Z", null)).toBe("…");
  });
});

describe("units by key", () => {
  it("reads the unit from the key, through a distribution's statistic", () => {
    expect(unitOf("plan.deliveredValueUsd")).toBe("USD");
    expect(unitOf("simulate.deliveredValueUsd.mean")).toBe("USD");
    expect(unitOf("simulate.deliveredValueUsd.p50")).toBe("USD");
    expect(unitOf("plan.onshoreValueShare")).toBe("0-1");
    expect(unitOf("simulate.probabilityTargetMet")).toBe("0-1");
    expect(unitOf("stress.flaggedNodes")).toBeUndefined();
  });

  it("formats by it, differences of shares in percentage points", () => {
    expect(byKey("simulate.deliveredValueUsd.mean", -17_873_600_000)).toBe("−$17.9B");
    expect(byKey("plan.onshoreValueShare", -0.188, { delta: true })).toBe("−18.8 pp");
    expect(byKey("plan.onshoreValueShare", 0.2)).toBe("20.0%");
    expect(byKey("simulate.seed", 2025)).toBe("2,025");
    expect(byKey("plan.status", "optimal")).toBe("optimal");
    expect(byKey("x", 0.000123456)).toBe("0.00012");
  });
});

describe("no scientific notation", () => {
  const SCI = /\d(\.\d+)?e[+-]?\d/i;
  it("for any finite number, from 1e-12 to 1e21 and beyond", () => {
    const formatters = [money, count, percent, points, plain, moneyTick, compact, percentTick, (v: number) => money(v, { sign: true })];
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (v) => formatters.every((f) => !SCI.test(f(v)))),
      { seed: 17, numRuns: 3000 },
    );
    for (const v of [1e-12, 1.78736e1, 6.49721e7, 1.60176e12, 1e21, 1e300, -1e25]) for (const f of formatters) expect(f(v)).not.toMatch(SCI);
  });
});

describe("value axes", () => {
  it("round steps", () => {
    expect(niceStep(0.7)).toBe(1);
    expect(niceStep(1.3)).toBe(2);
    expect(niceStep(2.2)).toBe(2.5);
    expect(niceStep(37)).toBe(50);
    expect(niceStep(120e9)).toBe(200e9);
  });

  it("keeps a target above the data inside the axis, half a step clear of the top", () => {
    // Data up to $310B, target $500B: steps of $100B, max $600B (not $500B, where the line would sit on the edge).
    expect(valueAxis([0, 150e9, 310e9], [500e9])).toEqual({ min: 0, max: 600e9, interval: 100e9 });
    // Data above the target: the target is inside anyway.
    expect(valueAxis([0, 640e9], [500e9])).toEqual({ min: 0, max: 800e9, interval: 200e9 });
    // A 0-3% series gets an axis scaled to it, not 0-100%.
    expect(valueAxis([0, 0.012, 0.031])).toEqual({ min: 0, max: 0.04, interval: 0.01 });
    // Negative data extends the axis below zero.
    expect(valueAxis([-35e9, 10e9])).toEqual({ min: -40e9, max: 10e9, interval: 10e9 });
  });
});
