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
  /**
   * Each sketch's buckets from[s] .. from[s] + counts[s].length - 1, widened as values come: a sketch
   * touches a few dozen of its BUCKETS (4,800), and a dense array of them all cost 12 MB per simulation
   * of the default scenario, which the sensitivity tornado's 40 small simulations spent more time
   * allocating and collecting than filling.
   */
  private readonly counts: Float64Array[];
  private readonly sums: Float64Array[];
  private readonly from: Int32Array;
  private readonly zeros: Float64Array;
  /** Touched bucket range per sketch; lo > hi when empty. */
  private readonly lo: Int32Array;
  private readonly hi: Int32Array;

  constructor(size: number) {
    this.size = size;
    this.counts = Array.from({ length: size }, () => EMPTY);
    this.sums = Array.from({ length: size }, () => EMPTY);
    this.from = new Int32Array(size);
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
    let i = b - this.from[s];
    if (i < 0 || i >= this.counts[s].length) i = this.widen(s, b, b) + b;
    this.counts[s][i] += 1;
    this.sums[s][i] += x;
    if (b < this.lo[s]) this.lo[s] = b;
    if (b > this.hi[s]) this.hi[s] = b;
  }

  /** Widen sketch s's window to hold buckets lo..hi (and some room on both sides); returns -from. */
  private widen(s: number, lo: number, hi: number): number {
    const old = this.counts[s];
    const oldSums = this.sums[s];
    const oldFrom = this.from[s];
    if (old.length > 0) {
      lo = Math.min(lo, oldFrom);
      hi = Math.max(hi, oldFrom + old.length - 1);
    }
    const room = Math.max(16, hi - lo + 1);
    const from = Math.max(0, lo - room);
    const to = Math.min(BUCKETS - 1, hi + room);
    const counts = new Float64Array(to - from + 1);
    const sums = new Float64Array(to - from + 1);
    if (old.length > 0) {
      counts.set(old, oldFrom - from);
      sums.set(oldSums, oldFrom - from);
    }
    this.counts[s] = counts;
    this.sums[s] = sums;
    this.from[s] = from;
    return -from;
  }

  count(s: number): number {
    let n = this.zeros[s];
    const c = this.counts[s];
    const f = this.from[s];
    for (let b = this.lo[s]; b <= this.hi[s]; b++) n += c[b - f];
    return n;
  }

  /** Nearest-rank quantile: the bucket holding the ceil(q n)-th smallest value. NaN when empty. */
  quantile(s: number, q: number): number {
    const n = this.count(s);
    if (n === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil(q * n - 1e-9));
    let seen = this.zeros[s];
    if (seen >= rank) return 0;
    const c = this.counts[s];
    const sums = this.sums[s];
    const f = this.from[s];
    for (let b = this.lo[s]; b <= this.hi[s]; b++) {
      seen += c[b - f];
      if (seen >= rank) return sums[b - f] / c[b - f];
    }
    return sums[this.hi[s] - f] / c[this.hi[s] - f];
  }

  reset(): void {
    for (let s = 0; s < this.size; s++) {
      this.counts[s].fill(0);
      this.sums[s].fill(0);
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
      const c = this.counts[s];
      const sm = this.sums[s];
      const f = this.from[s];
      for (let b = this.lo[s]; b <= this.hi[s]; b++) {
        counts[k] = c[b - f];
        sums[k++] = sm[b - f];
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
      if (lo < this.from[s] || hi >= this.from[s] + this.counts[s].length) this.widen(s, lo, hi);
      const c = this.counts[s];
      const sm = this.sums[s];
      const f = this.from[s];
      for (let b = lo; b <= hi; b++) {
        c[b - f] += d.counts[k];
        sm[b - f] += d.sums[k++];
      }
      if (lo < this.lo[s]) this.lo[s] = lo;
      if (hi > this.hi[s]) this.hi[s] = hi;
    }
  }
}

const EMPTY = new Float64Array(0);
