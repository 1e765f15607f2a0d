/**
 * Seeded Gaussian noise for the latents and the ancestral sampler: the same seed gives the same
 * numbers on every machine. The generator is sfc32 (32-bit integer arithmetic only, seeded through
 * splitmix32) and the normal deviates come from Marsaglia's polar method, which needs only `Math.log`
 * and `Math.sqrt`; V8 computes both with its own portable code (sqrt is exact in IEEE 754, log is
 * V8's fdlibm port), not with the platform's maths library, so the values do not depend on the OS.
 *
 * The numbers are not PyTorch's: a seed here does not reproduce a diffusers image of the same seed.
 */

/**
 * A stream of standard normal deviates.
 *
 * @example
 * const rng = new GaussianNoise(42);
 * const latents = rng.fill(new Float32Array(4 * 64 * 64));
 */
export class GaussianNoise {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare: number | null = null;

  constructor(seed: number) {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new Error(`GaussianNoise: the seed must be a non-negative safe integer, got ${String(seed)}`);
    }
    // Both halves of the seed reach the state, so seeds above 2³² differ too.
    let s = (seed >>> 0) ^ Math.imul(Math.floor(seed / 2 ** 32), 0x9e3779b9);
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** The next 32 random bits (sfc32). */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in (−1, 1), 53 bits. */
  private uniform(): number {
    const high = this.uint32() >>> 5; // 27 bits
    const low = this.uint32() >>> 6; // 26 bits
    return ((high * 67108864 + low) / 9007199254740992) * 2 - 1;
  }

  /** The next standard normal deviate. */
  normal(): number {
    if (this.spare !== null) {
      const value = this.spare;
      this.spare = null;
      return value;
    }
    for (;;) {
      const u = this.uniform();
      const v = this.uniform();
      const s = u * u + v * v;
      if (s >= 1 || s === 0) continue;
      const factor = Math.sqrt((-2 * Math.log(s)) / s);
      this.spare = v * factor;
      return u * factor;
    }
  }

  /** Fills `out` with standard normal deviates and returns it. */
  fill(out: Float32Array): Float32Array {
    for (let i = 0; i < out.length; i++) out[i] = this.normal();
    return out;
  }
}

/**
 * `count` standard normal deviates from `seed`: what the pipeline draws first for a variant's
 * starting latents.
 *
 * @example
 * const noise = gaussianNoise(7, 4 * 64 * 64);
 */
export function gaussianNoise(seed: number, count: number): Float32Array {
  return new GaussianNoise(seed).fill(new Float32Array(count));
}
