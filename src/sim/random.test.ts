// The generator and the distributions: streams keyed by (seed, trial), draws inside their supports.
import { describe, expect, it } from "vitest";
import { normalCdf, normalQuantile, sample, TrialRng } from "./index.js";

const draws = (seed: number, trial: number, n = 8) => {
  const r = new TrialRng().reset(seed, trial);
  return Array.from({ length: n }, () => r.nextU32());
};

describe("TrialRng", () => {
  it("gives trial i the same stream whatever was drawn before", () => {
    const r = new TrialRng().reset(5, 0);
    for (let i = 0; i < 1000; i++) r.nextU32();
    r.reset(5, 42);
    expect(Array.from({ length: 8 }, () => r.nextU32())).toEqual(draws(5, 42));
  });

  it("gives different streams to different trials and seeds (including seeds above 2^32)", () => {
    expect(draws(5, 1)).not.toEqual(draws(5, 2));
    expect(draws(5, 1)).not.toEqual(draws(6, 1));
    expect(draws(5, 1)).not.toEqual(draws(5 + 2 ** 32, 1));
  });

  it("has uniforms in (0, 1) with mean 1/2", () => {
    const r = new TrialRng().reset(1, 0);
    let sum = 0;
    for (let i = 0; i < 100000; i++) {
      const u = r.uniform();
      expect(u > 0 && u < 1).toBe(true);
      sum += u;
    }
    // sd of the mean: sqrt(1/12 / 1e5) = 0.00091; 5 sd.
    expect(Math.abs(sum / 100000 - 0.5)).toBeLessThan(0.0046);
  });
});

describe("distributions", () => {
  const rng = new TrialRng().reset(9, 0);
  const many = (d: Parameters<typeof sample>[0], n = 20000) => Array.from({ length: n }, () => sample(d, rng));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

  it("triangular: support [min, max], mean (min + mode + max) / 3", () => {
    const xs = many({ type: "triangular", min: 0.9, mode: 1, max: 1.03 });
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0.9);
    expect(Math.max(...xs)).toBeLessThanOrEqual(1.03);
    expect(mean(xs)).toBeCloseTo((0.9 + 1 + 1.03) / 3, 2);
  });

  it("truncated normal stays inside its bounds; lognormal's median and cap hold", () => {
    const xs = many({ type: "normal", mean: 1, sd: 0.5, min: 0.8, max: 1.1 });
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0.8);
    expect(Math.max(...xs)).toBeLessThanOrEqual(1.1);
    const ln = many({ type: "lognormal", median: 3, sigma: 0.5 }).sort((a, b) => a - b);
    expect(ln[10000]).toBeCloseTo(3, 0);
    expect(Math.max(...many({ type: "lognormal", median: 3, sigma: 1, max: 4 }))).toBeLessThanOrEqual(4);
  });

  it("discrete follows its weights", () => {
    const xs = many({ type: "discrete", values: [0, 1, 2], weights: [0.5, 0.3, 0.2] });
    const share = (v: number) => xs.filter((x) => x === v).length / xs.length;
    // sd of a share near 0.5 over 20,000 draws: 0.0035; allow 5 sd.
    expect(Math.abs(share(0) - 0.5)).toBeLessThan(0.018);
    expect(Math.abs(share(2) - 0.2)).toBeLessThan(0.015);
  });

  it("normal quantile inverts the CDF", () => {
    for (const p of [0.001, 0.05, 0.5, 0.9, 0.999]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
  });
});
