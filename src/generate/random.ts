// Seeded random streams: one per table or entity family, derived from the run's seed, so a change
// to how one table draws never shifts another table's numbers. Never Math.random.
import seedrandom from "seedrandom";

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal. */
  normal(): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** Integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number;
  /** Index into cumulative weights (see cumulative()). */
  pick(cum: Float64Array): number;
  /** Poisson-distributed count with the given mean (small means). */
  poisson(mean: number): number;
}

export function stream(seed: string | number, family: string): Rng {
  // alea: seedrandom's fastest generator with good statistical quality.
  const prng = seedrandom.alea(`qe:${String(seed)}:${family}`);
  let spare = NaN;
  const next = (): number => prng();
  return {
    next,
    normal(): number {
      if (!Number.isNaN(spare)) {
        const s = spare;
        spare = NaN;
        return s;
      }
      // Box-Muller, keeping the second value for the next call.
      let u = next();
      while (u <= 1e-12) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    chance: (p) => next() < p,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick(cum: Float64Array): number {
      const u = next() * cum[cum.length - 1]!;
      let i = 0;
      while (i < cum.length - 1 && u >= cum[i]!) i++;
      return i;
    },
    poisson(mean: number): number {
      const l = Math.exp(-mean);
      let k = 0;
      let p = next();
      while (p > l) {
        k++;
        p *= next();
      }
      return k;
    },
  };
}

/** Cumulative weights for Rng.pick. */
export function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let s = 0;
  weights.forEach((w, i) => (out[i] = s += w));
  return out;
}

/** A categorical distribution over named codes, from a { code: weight } record. */
export class Categorical<K extends string> {
  readonly keys: K[];
  private readonly cum: Float64Array;
  constructor(weights: Readonly<Record<K, number>>) {
    this.keys = Object.keys(weights) as K[];
    this.cum = cumulative(this.keys.map((k) => weights[k]));
  }
  draw(rng: Rng): K {
    return this.keys[rng.pick(this.cum)]!;
  }
}
