// The tornado's stated error, against figures worked out by hand.
import { describe, expect, test } from "vitest";
import { pairedStdErrors } from "./sweep-error.js";

const values = (delivered: number[], target: number[]) => ({ delivered: Float64Array.from(delivered), target: Float64Array.from(target) });

describe("pairedStdErrors", () => {
  test("the mean's and the probability's standard errors of the paired differences, by hand", () => {
    const a = values([1, 2, 3, 4], [1, 2, 3, 4]);
    const b = values([2, 4, 3, 8], [2, 4, 3, 8]);
    const e = pairedStdErrors(a, b, 3, 7);
    // Differences 1, 2, 0, 4: mean 1.75, squares about it 8.75, sd sqrt(8.75 / 3), s.e. sd / sqrt(4).
    expect(e.deliveredValueUsd).toBeCloseTo(Math.sqrt(8.75 / 3) / 2, 12);
    // Met at 3: a 0,0,1,1; b 0,1,1,1; differences 0,1,0,0: mean 0.25, squares 0.75, sd 0.5, s.e. 0.25.
    expect(e.probabilityTargetMet).toBeCloseTo(0.25, 12);
    expect(e.targetValueP50Usd).toBeGreaterThan(0);
  });

  test("paired: a shift that is the same in every trial has no error, however spread the trials are", () => {
    const spread = Array.from({ length: 101 }, (_, i) => (i * 7919) % 101);
    const a = values(spread, spread);
    const b = values(
      spread.map((x) => x + 5),
      spread.map((x) => x + 5),
    );
    const e = pairedStdErrors(a, b, 50, 1);
    expect(e.deliveredValueUsd).toBe(0);
    // Every resample's median moves by exactly 5.
    expect(e.targetValueP50Usd).toBeCloseTo(0, 9);
    // Doubling instead: the difference of medians is the resample's own median, which does vary.
    const doubled = values(
      spread.map((x) => 2 * x),
      spread.map((x) => 2 * x),
    );
    expect(pairedStdErrors(a, doubled, 50, 1).targetValueP50Usd).toBeGreaterThan(1);
  });

  test("the same seed gives the same bootstrap error; no target gives nulls", () => {
    const a = values([5, 1, 4, 2, 3], [5, 1, 4, 2, 3]);
    const b = values([6, 3, 4, 1, 9], [6, 3, 4, 1, 9]);
    expect(pairedStdErrors(a, b, 3, 11)).toEqual(pairedStdErrors(a, b, 3, 11));
    expect(pairedStdErrors(a, b, null, 11)).toMatchObject({ targetValueP50Usd: null, probabilityTargetMet: null });
  });
});
