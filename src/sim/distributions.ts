// Sampling the scenario's distributions by inversion: one uniform per draw, so a trial's stream
// advances by a fixed amount per uncertain parameter. Truncation maps the uniform into the CDF's window.
import type { Distribution } from "../model/index.js";
import type { TrialRng } from "./random.js";

export function sample(dist: Distribution, rng: TrialRng): number {
  return quantile(dist, rng.uniform());
}

/** The value at cumulative probability u in (0, 1): the inverse CDF that sampling uses. */
export function quantile(dist: Distribution, u: number): number {
  switch (dist.type) {
    case "uniform":
      return dist.min + u * (dist.max - dist.min);
    case "range":
      return triangular(dist.low, dist.central, dist.high, u);
    case "triangular":
      return triangular(dist.min, dist.mode, dist.max, u);
    case "normal": {
      const lo = dist.min ?? Number.NEGATIVE_INFINITY;
      const hi = dist.max ?? Number.POSITIVE_INFINITY;
      if (!(dist.sd > 0)) return clamp(dist.mean, lo, hi);
      const a = normalCdf((lo - dist.mean) / dist.sd);
      const b = normalCdf((hi - dist.mean) / dist.sd);
      return clamp(dist.mean + dist.sd * normalQuantile(a + u * (b - a)), lo, hi);
    }
    case "lognormal": {
      const hi = dist.max ?? Number.POSITIVE_INFINITY;
      if (!(dist.sigma > 0)) return Math.min(dist.median, hi);
      const b = normalCdf(Math.log(hi / dist.median) / dist.sigma);
      return Math.min(dist.median * Math.exp(dist.sigma * normalQuantile(u * b)), hi);
    }
    case "discrete": {
      const { values, weights } = dist;
      const n = Math.min(values.length, weights.length);
      let total = 0;
      for (let i = 0; i < n; i++) total += weights[i];
      let x = u * total;
      for (let i = 0; i < n; i++) {
        x -= weights[i];
        if (x < 0) return values[i];
      }
      return values[n - 1];
    }
  }
}

function triangular(min: number, mode: number, max: number, u: number): number {
  const width = max - min;
  if (!(width > 0)) return min;
  const split = (mode - min) / width;
  return u < split ? min + Math.sqrt(u * width * (mode - min)) : max - Math.sqrt((1 - u) * width * (max - mode));
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** Standard normal CDF through erfc (Numerical Recipes' Chebyshev fit, fractional error below 1.2e-7). */
export function normalCdf(z: number): number {
  if (z === Number.POSITIVE_INFINITY) return 1;
  if (z === Number.NEGATIVE_INFINITY) return 0;
  return 0.5 * erfc(-z / Math.SQRT2);
}

function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Inverse standard normal CDF: Acklam's rational approximation (relative error below 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0) return Number.NEGATIVE_INFINITY;
  if (p >= 1) return Number.POSITIVE_INFINITY;
  const lowP = 0.02425;
  if (p < lowP) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  }
  if (p > 1 - lowP) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
}

const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
