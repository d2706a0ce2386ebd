// Crossovers. Keep the last non-zero difference d = a − b; a cross up happens at t when that last
// non-zero difference before t was < 0 and a[t] > b[t] (a cross down mirrors it). Touching is
// not a cross, and below → equal → above is a cross on the bar where a > b.
//
// Order matters: a crossover reads its inputs' current values and does not update them, so it
// must be updated once per bar AFTER its inputs (declare it after them). Bars on which either
// input is NaN are ignored: no cross, and the remembered difference is kept.
import type { BarView, Indicator, IndicatorOutput } from './indicator';

/** Whether a difference that was last non-zero at `lastNonZeroDiff` has crossed up at `diff`. */
export function crossedAbove(lastNonZeroDiff: number, diff: number): boolean {
  return lastNonZeroDiff < 0 && diff > 0;
}

/** Whether a difference that was last non-zero at `lastNonZeroDiff` has crossed down at `diff`. */
export function crossedBelow(lastNonZeroDiff: number, diff: number): boolean {
  return lastNonZeroDiff > 0 && diff < 0;
}

export interface Crossover extends Indicator {
  /** a crossed above b on the latest bar. */
  readonly up: boolean;
  /** a crossed below b on the latest bar (a crossunder). */
  readonly down: boolean;
}

type Operand = IndicatorOutput | number;

class CrossoverOf implements Crossover {
  /** +1 on a cross up, −1 on a cross down, 0 otherwise; NaN before `warmup`. */
  value = NaN;
  up = false;
  down = false;
  readonly warmup: number;
  private readonly a: IndicatorOutput;
  private readonly b: IndicatorOutput;
  private lastNonZeroDiff = 0;
  private index = -1;

  constructor(a: Operand, b: Operand) {
    this.a = typeof a === 'number' ? constantLevel(a) : a;
    this.b = typeof b === 'number' ? constantLevel(b) : b;
    // The first bar on which both inputs are defined has no earlier difference, so the first
    // bar that can report a cross is the one after it.
    this.warmup = Math.max(this.a.warmup, this.b.warmup) + 1;
  }

  update(_bar: BarView): void {
    const diff = this.a.value - this.b.value;
    this.index++;
    if (diff !== diff) {
      this.up = this.down = false;
    } else {
      this.up = crossedAbove(this.lastNonZeroDiff, diff);
      this.down = crossedBelow(this.lastNonZeroDiff, diff);
      if (diff !== 0) this.lastNonZeroDiff = diff;
    }
    if (this.index >= this.warmup) this.value = this.up ? 1 : this.down ? -1 : 0;
  }
}

function constantLevel(level: number): IndicatorOutput {
  return { value: level, warmup: 0 };
}

/**
 * Crossover of `a` over `b` (either may be a constant level). Update it after its inputs on
 * every bar; read `up` / `down` for the latest bar.
 */
export function crossover(a: Operand, b: Operand): Crossover {
  return new CrossoverOf(a, b);
}
