/**
 * The composer's seeded random numbers: a Weyl sequence (add the golden-ratio constant) passed
 * through a 32-bit avalanche mix. Small, fast, and the same numbers on every platform, which is
 * what "same seed → identical samples" rests on. Not for anything secret.
 */

const GOLDEN = 0x9e3779b9;

/** Mixes 32 bits so that neighbouring inputs give unrelated outputs. */
function avalanche(value: number): number {
  let z = value | 0;
  z = Math.imul(z ^ (z >>> 16), 0x7feb352d);
  z = Math.imul(z ^ (z >>> 15), 0x846ca68b);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A 32-bit hash of a label (FNV-1a), so streams can be named. */
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * A seeded stream of numbers.
 *
 * @example
 * const rng = new Rng(42);
 * const drums = rng.fork('drums'); // independent of how many numbers `rng` has given
 * if (drums.chance(0.3)) addGhostNote();
 */
export class Rng {
  private readonly origin: number;
  private state: number;

  /** `seed` is any safe integer; every bit of it counts (negative and > 2³² included). */
  constructor(seed: number) {
    const low = seed >>> 0;
    const high = Math.floor(seed / 4294967296) | 0;
    this.origin = avalanche(avalanche(low) ^ Math.imul(high, GOLDEN) ^ 0x5bd1e995);
    this.state = this.origin;
  }

  /** A stream of its own for one part of the piece: adding notes to the lead leaves the drums as they were. */
  fork(label: string): Rng {
    return new Rng(avalanche(this.origin ^ hashLabel(label)));
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    this.state = (this.state + GOLDEN) | 0;
    return avalanche(this.state);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform in [low, high). */
  range(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** A whole number in [0, count). */
  int(count: number): number {
    return Math.floor(this.next() * count);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick: no items');
    return items[this.int(items.length)]!;
  }

  /** An index into `weights`, each chosen in proportion to its weight. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let at = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      at -= weights[i]!;
      if (at < 0) return i;
    }
    return weights.length - 1;
  }
}
