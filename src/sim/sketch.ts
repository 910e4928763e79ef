// Streaming quantiles: a set of log-bucket sketches (the DDSketch idea) in one dense array.
// A value x > 0 goes to bucket i = ceil(log_g(x)), g = (1 + a) / (1 - a), so a bucket spans
// (g^(i-1), g^i]. A bucket is reported as the mean of the values in it (exact for a point mass, which
// capacity-bound outputs often are); that mean and the exact nearest-rank quantile share the bucket,
// so the relative error is at most g - 1 = RELATIVE_ERROR (about 1%), for values in
// [MIN_VALUE, MAX_VALUE]; values below MIN_VALUE count as 0 (absolute error < MIN_VALUE), values above
// MAX_VALUE fall in the top bucket. Counts are integers (merging them is exact); the value sums are
// floating point and are merged in chunk order, so results do not depend on the thread count.

const ALPHA = 0.005;
export const MIN_VALUE = 1e-6;
export const MAX_VALUE = 1e15;
const GAMMA = (1 + ALPHA) / (1 - ALPHA);
/** Bound on |estimate - exact| / exact for any quantile read from a sketch. */
export const RELATIVE_ERROR = GAMMA - 1;
const LN_GAMMA = Math.log(GAMMA);
const I_MIN = Math.ceil(Math.log(MIN_VALUE) / LN_GAMMA);
const I_MAX = Math.ceil(Math.log(MAX_VALUE) / LN_GAMMA);
/** Buckets per sketch. */
export const BUCKETS = I_MAX - I_MIN + 1;

/** The packed, transferable form: only each sketch's touched range. */
export interface SketchData {
  lo: Int32Array;
  hi: Int32Array;
  zeros: Float64Array;
  counts: Float64Array;
  sums: Float64Array;
}

export class SketchSet {
  readonly size: number;
  private readonly counts: Float64Array;
  private readonly sums: Float64Array;
  private readonly zeros: Float64Array;
  /** Touched bucket range per sketch; lo > hi when empty. */
  private readonly lo: Int32Array;
  private readonly hi: Int32Array;

  constructor(size: number) {
    this.size = size;
    this.counts = new Float64Array(size * BUCKETS);
    this.sums = new Float64Array(size * BUCKETS);
    this.zeros = new Float64Array(size);
    this.lo = new Int32Array(size).fill(BUCKETS);
    this.hi = new Int32Array(size).fill(-1);
  }

  add(s: number, x: number): void {
    if (!(x >= MIN_VALUE)) {
      this.zeros[s] += 1; // also NaN and negatives, which the engine never produces
      return;
    }
    let b = Math.ceil(Math.log(x) / LN_GAMMA) - I_MIN;
    if (b >= BUCKETS) b = BUCKETS - 1;
    else if (b < 0) b = 0;
    this.counts[s * BUCKETS + b] += 1;
    this.sums[s * BUCKETS + b] += x;
    if (b < this.lo[s]) this.lo[s] = b;
    if (b > this.hi[s]) this.hi[s] = b;
  }

  count(s: number): number {
    let n = this.zeros[s];
    const base = s * BUCKETS;
    for (let b = this.lo[s]; b <= this.hi[s]; b++) n += this.counts[base + b];
    return n;
  }

  /** Nearest-rank quantile: the bucket holding the ceil(q n)-th smallest value. NaN when empty. */
  quantile(s: number, q: number): number {
    const n = this.count(s);
    if (n === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil(q * n - 1e-9));
    let seen = this.zeros[s];
    if (seen >= rank) return 0;
    const base = s * BUCKETS;
    for (let b = this.lo[s]; b <= this.hi[s]; b++) {
      seen += this.counts[base + b];
      if (seen >= rank) return this.sums[base + b] / this.counts[base + b];
    }
    return this.sums[base + this.hi[s]] / this.counts[base + this.hi[s]];
  }

  reset(): void {
    for (let s = 0; s < this.size; s++) {
      if (this.lo[s] <= this.hi[s]) {
        this.counts.fill(0, s * BUCKETS + this.lo[s], s * BUCKETS + this.hi[s] + 1);
        this.sums.fill(0, s * BUCKETS + this.lo[s], s * BUCKETS + this.hi[s] + 1);
      }
      this.lo[s] = BUCKETS;
      this.hi[s] = -1;
    }
    this.zeros.fill(0);
  }

  pack(): SketchData {
    let total = 0;
    for (let s = 0; s < this.size; s++) if (this.lo[s] <= this.hi[s]) total += this.hi[s] - this.lo[s] + 1;
    const counts = new Float64Array(total);
    const sums = new Float64Array(total);
    let k = 0;
    for (let s = 0; s < this.size; s++) {
      for (let b = this.lo[s]; b <= this.hi[s]; b++) {
        counts[k] = this.counts[s * BUCKETS + b];
        sums[k++] = this.sums[s * BUCKETS + b];
      }
    }
    return { lo: this.lo.slice(), hi: this.hi.slice(), zeros: this.zeros.slice(), counts, sums };
  }

  mergePacked(d: SketchData): void {
    let k = 0;
    for (let s = 0; s < this.size; s++) {
      this.zeros[s] += d.zeros[s];
      const lo = d.lo[s];
      const hi = d.hi[s];
      if (lo > hi) continue;
      for (let b = lo; b <= hi; b++) {
        this.counts[s * BUCKETS + b] += d.counts[k];
        this.sums[s * BUCKETS + b] += d.sums[k++];
      }
      if (lo < this.lo[s]) this.lo[s] = lo;
      if (hi > this.hi[s]) this.hi[s] = hi;
    }
  }
}
