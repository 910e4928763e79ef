// Streaming percentiles against exact percentiles of a stored sample, within the stated bound.
import { describe, expect, it } from "vitest";
import { normalQuantile, SKETCH_RELATIVE_ERROR, SketchSet, TrialRng } from "./index.js";

/** The stored sample: 20,000 values from a fixed stream (seed 2024, trial 0): lognormal bulk, zeros, a point mass. */
function storedSample(): number[] {
  const rng = new TrialRng().reset(2024, 0);
  const xs: number[] = [];
  for (let i = 0; i < 20000; i++) {
    const u = rng.uniform();
    if (u < 0.05) xs.push(0);
    else if (u < 0.25) xs.push(63_000_000); // a capacity-bound outcome repeats exactly
    else xs.push(5e7 * Math.exp(0.8 * normalQuantile(rng.uniform())));
  }
  return xs;
}

const exact = (sorted: number[], q: number) => sorted[Math.max(1, Math.ceil(q * sorted.length - 1e-9)) - 1];

describe("log-bucket sketch", () => {
  it("reads P5..P95 within the relative error bound of the exact nearest-rank percentiles", () => {
    const xs = storedSample();
    const sketch = new SketchSet(1);
    for (const x of xs) sketch.add(0, x);
    const sorted = [...xs].sort((a, b) => a - b);
    for (const q of [0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99]) {
      const e = exact(sorted, q);
      const s = sketch.quantile(0, q);
      if (e === 0) expect(s).toBe(0);
      else expect(Math.abs(s - e) / e).toBeLessThanOrEqual(SKETCH_RELATIVE_ERROR);
    }
    expect(SKETCH_RELATIVE_ERROR).toBeLessThan(0.011);
  });

  it("reports a point mass exactly", () => {
    const sketch = new SketchSet(1);
    for (let i = 0; i < 1000; i++) sketch.add(0, 63_000_000);
    expect(sketch.quantile(0, 0.5)).toBe(63_000_000);
  });

  it("merges shards into the same sketch as one pass (any split)", () => {
    const xs = storedSample();
    const whole = new SketchSet(1);
    for (const x of xs) whole.add(0, x);
    const a = new SketchSet(1);
    const b = new SketchSet(1);
    xs.forEach((x, i) => (i < 7000 ? a : b).add(0, x));
    const merged = new SketchSet(1);
    merged.mergePacked(a.pack());
    merged.mergePacked(b.pack());
    for (const q of [0.05, 0.1, 0.5, 0.9, 0.95]) expect(Math.abs(merged.quantile(0, q) - whole.quantile(0, q))).toBeLessThanOrEqual(1e-6 * whole.quantile(0, q));
    expect(merged.count(0)).toBe(20000);
  });

  it("is empty until something is added, and after reset", () => {
    const s = new SketchSet(2);
    expect(s.quantile(1, 0.5)).toBeNaN();
    s.add(1, 5);
    s.reset();
    expect(s.count(1)).toBe(0);
  });
});
