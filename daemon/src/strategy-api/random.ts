// The seeded random generator user strategies get from 'quanttrade/strategy'. The sandbox has no
// Math.random (it would make a backtest unrepeatable); a strategy that wants noise creates its own
// generator from a seed — a parameter, say — and the same seed gives the same numbers everywhere.

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** A whole number uniform in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
}

/** A mulberry32 generator; `seed` is any finite number (its low 32 bits are used). */
export function createRandom(seed: number): Random {
  if (!Number.isFinite(seed)) throw new RangeError(`createRandom: seed must be a finite number, got ${seed}`);
  let state = Math.trunc(seed) >>> 0;
  let spare = NaN;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int(min, max) {
      const lo = Math.ceil(min);
      const hi = Math.floor(max);
      if (!(hi >= lo)) throw new RangeError(`createRandom().int: no whole number in [${min}, ${max}]`);
      return lo + Math.floor(next() * (hi - lo + 1));
    },
    normal() {
      if (spare === spare) {
        const value = spare;
        spare = NaN;
        return value;
      }
      const u = 1 - next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
  };
}
