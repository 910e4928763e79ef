// The tornado's stated error. Every point of a sweep runs the same trials with the same random numbers
// (common random numbers), so a bar's end, a KPI at the point minus the KPI at the base, is judged
// trial by trial: the standard error of a paired difference, far smaller than that of either KPI
// alone. Means and probabilities have it in closed form; a median's difference by a paired bootstrap
// (the same resampled trials at both points), seeded from the sweep's seed so that it is reproducible.
import { type TrialValues, TrialRng } from "../sim/index.js";
import type { SweepKpis } from "./sweep-result.js";

/** Bootstrap resamples for the median's error: enough for a standard error good to about 5 %. */
export const BOOTSTRAP_RESAMPLES = 200;

/** Standard errors (one s.e.) of each KPI at `b` minus the same KPI at `a`, both run with the same seed and trials. */
export function pairedStdErrors(a: TrialValues, b: TrialValues, targetUsd: number | null, seed: number): SweepKpis {
  const n = a.delivered.length;
  if (b.delivered.length !== n) throw new Error("paired runs need the same trials");
  const met = (x: number) => (targetUsd !== null && x >= targetUsd * (1 - 1e-9) ? 1 : 0);
  const delivered = sd(n, (i) => b.delivered[i] - a.delivered[i]) / Math.sqrt(n);
  if (targetUsd === null) return { deliveredValueUsd: delivered, targetValueP50Usd: null, probabilityTargetMet: null };
  const probability = sd(n, (i) => met(b.target[i]) - met(a.target[i])) / Math.sqrt(n);
  return { deliveredValueUsd: delivered, targetValueP50Usd: medianDiffError(a.target, b.target, seed), probabilityTargetMet: probability };
}

/** The sample standard deviation of d(0..n-1). */
function sd(n: number, d: (i: number) => number): number {
  if (n < 2) return 0;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += d(i);
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (d(i) - mean) ** 2;
  return Math.sqrt(ss / (n - 1));
}

/** The bootstrap standard error of median(b) - median(a), resampling trials in pairs. */
function medianDiffError(a: Float64Array, b: Float64Array, seed: number): number {
  const n = a.length;
  if (n < 2) return 0;
  const rng = new TrialRng().reset(seed, 0x7fffffff);
  const ra = new Float64Array(n);
  const rb = new Float64Array(n);
  const diffs = new Float64Array(BOOTSTRAP_RESAMPLES);
  for (let r = 0; r < BOOTSTRAP_RESAMPLES; r++) {
    for (let i = 0; i < n; i++) {
      const j = Math.min(n - 1, Math.floor(rng.uniform() * n));
      ra[i] = a[j];
      rb[i] = b[j];
    }
    diffs[r] = median(rb) - median(ra);
  }
  return sd(BOOTSTRAP_RESAMPLES, (r) => diffs[r]);
}

/**
 * Median, interpolated between the middle two (reorders x). By selection rather than a sort: the
 * bootstrap takes 400 medians per tornado bar, and sorting them was a tenth of the sensitivity stage.
 */
function median(x: Float64Array): number {
  const h = (x.length - 1) / 2;
  const lo = Math.floor(h);
  const a = select(x, lo);
  // The next order statistic is the least of what selection left above lo.
  let b = a;
  if (Math.ceil(h) !== lo) {
    b = Number.POSITIVE_INFINITY;
    for (let i = lo + 1; i < x.length; i++) if (x[i] < b) b = x[i];
  }
  return a + (b - a) * (h - lo);
}

/** The k-th smallest of x (0-based), leaving x[0..k) <= x[k] <= x[k+1..) (Hoare's selection). */
function select(x: Float64Array, k: number): number {
  let left = 0;
  let right = x.length - 1;
  while (left < right) {
    const pivot = x[(left + right) >> 1];
    let i = left;
    let j = right;
    while (i <= j) {
      while (x[i] < pivot) i++;
      while (x[j] > pivot) j--;
      if (i <= j) {
        const t = x[i];
        x[i] = x[j];
        x[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return x[k];
}
