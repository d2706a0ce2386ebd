// Indicator parameters are checked once, when the indicator is built, so a bad period fails at
// strategy init with a message naming the parameter rather than as NaN values many bars later.
import { validationError } from '../core/errors';

/** A window length: an integer ≥ 1 (≥ `min` where a shorter window is meaningless). */
export function checkPeriod(indicator: string, name: string, value: number, min = 1): number {
  if (!Number.isInteger(value) || value < min) {
    throw validationError(
      [{ path: `${indicator}.${name}`, value, expected: `an integer >= ${min}` }],
      'indicator parameter',
    );
  }
  return value;
}

/** A finite multiplier ≥ 0 (Bollinger k, SuperTrend multiplier). */
export function checkMultiplier(indicator: string, name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) {
    throw validationError(
      [{ path: `${indicator}.${name}`, value, expected: 'a finite number >= 0' }],
      'indicator parameter',
    );
  }
  return value;
}

/** A smoothing factor α of an exponential average: 0 < α ≤ 1. */
export function checkAlpha(indicator: string, value: number): number {
  if (!(value > 0 && value <= 1)) {
    throw validationError(
      [{ path: `${indicator}.alpha`, value, expected: 'a number in (0, 1]' }],
      'indicator parameter',
    );
  }
  return value;
}
