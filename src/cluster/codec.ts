// Compact wire form of a shard's result: the AccumulatorData of each of its chunks, kept apart (the
// parent merges chunk by chunk, in chunk order, exactly as the local runner does, so floating-point
// sums come out bit for bit the same), laid out as one Float64Array and deflated.
import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { AccumulatorData } from "../sim/aggregate.js";

const MAGIC = 0x574c4331; // "WLC1"
const ARRAYS = 12;

function arraysOf(d: AccumulatorData): ArrayLike<number>[] {
  const s = d.sketches;
  return [d.welford, d.extremes, d.periodSums, d.massProduction, d.targetMet, d.boundPeriods, d.disruption, s.lo, s.hi, s.zeros, s.counts, s.sums];
}

/** Chunks -> deflated bytes. Int32 sketch ranges travel as Float64 (exact). */
export function encodeChunks(chunks: readonly AccumulatorData[]): Uint8Array {
  let size = 2;
  for (const d of chunks) for (const a of arraysOf(d)) size += 1 + a.length;
  size += chunks.length;
  const out = new Float64Array(size);
  let k = 0;
  out[k++] = MAGIC;
  out[k++] = chunks.length;
  for (const d of chunks) {
    out[k++] = d.trials;
    for (const a of arraysOf(d)) {
      out[k++] = a.length;
      for (let i = 0; i < a.length; i++) out[k++] = a[i];
    }
  }
  return deflateRawSync(new Uint8Array(out.buffer), { level: 1 });
}

export function decodeChunks(bytes: Uint8Array): AccumulatorData[] {
  const raw = inflateRawSync(bytes);
  if (raw.byteLength % 8 !== 0) throw new Error("corrupt shard result: length is not a multiple of 8");
  // Copy into an aligned buffer: inflate's output may sit at any offset of a shared pool.
  const f = new Float64Array(raw.byteLength / 8);
  new Uint8Array(f.buffer).set(raw);
  let k = 0;
  const take = (): Float64Array => {
    const n = f[k++];
    if (!Number.isInteger(n) || n < 0 || k + n > f.length) throw new Error("corrupt shard result: bad array length");
    const a = f.slice(k, k + n);
    k += n;
    return a;
  };
  if (f[k++] !== MAGIC) throw new Error("corrupt shard result: bad magic number");
  const count = f[k++];
  const chunks: AccumulatorData[] = [];
  for (let c = 0; c < count; c++) {
    const trials = f[k++];
    const a: Float64Array[] = [];
    for (let i = 0; i < ARRAYS; i++) a.push(take());
    chunks.push({
      trials,
      welford: a[0],
      extremes: a[1],
      periodSums: a[2],
      massProduction: a[3],
      targetMet: a[4],
      boundPeriods: a[5],
      disruption: a[6],
      sketches: { lo: Int32Array.from(a[7]), hi: Int32Array.from(a[8]), zeros: a[9], counts: a[10], sums: a[11] },
    });
  }
  if (k !== f.length) throw new Error("corrupt shard result: trailing data");
  return chunks;
}

export function f64ToBase64(a: Float64Array | null | undefined): string | null {
  return a ? Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64") : null;
}

export function base64ToF64(s: string | null): Float64Array | null {
  if (s === null) return null;
  const b = Buffer.from(s, "base64");
  const f = new Float64Array(b.byteLength / 8);
  new Uint8Array(f.buffer).set(b);
  return f;
}
