// Seeded random numbers for the simulator. Trial i draws from an sfc32 generator whose state is a
// hash of (seed, i) alone, so a trial's numbers do not depend on which thread runs it or in what order.
// No Math.random anywhere: the seed always comes from outside.

/** murmur3's 32-bit finalizer: a bijective avalanche mix. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const TWO_32 = 4294967296;

/** sfc32 (Chris Doty-Humphrey's small fast counting generator); `d` is its counter. */
export class TrialRng {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;

  /** Reset to the stream of (seed, trial). seed: a non-negative integer below 2^53; trial below 2^32. */
  reset(seed: number, trial: number): this {
    const lo = seed >>> 0;
    const hi = Math.floor(seed / TWO_32) >>> 0;
    this.a = fmix32(lo ^ 0x243f6a88);
    this.b = fmix32(hi ^ 0x85a308d3);
    this.c = fmix32((trial >>> 0) ^ 0x13198a2e);
    this.d = fmix32(this.a ^ this.c ^ 0x03707344);
    for (let i = 0; i < 12; i++) this.nextU32();
    return this;
  }

  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in the open interval (0, 1): safe to pass to inverse CDFs. */
  uniform(): number {
    return (this.nextU32() + 0.5) / TWO_32;
  }
}
