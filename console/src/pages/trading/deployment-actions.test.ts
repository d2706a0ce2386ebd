import { describe, expect, it } from 'vitest';
import { actionsFor, amount } from './deployment-actions';

describe('deployment actions', () => {
  it('offers only the transitions the state accepts', () => {
    expect(actionsFor('stopped')).toEqual(['start']);
    expect(actionsFor('running')).toEqual(['pause', 'stop']);
    expect(actionsFor('paused')).toEqual(['resume', 'stop']);
    expect(actionsFor('stopping')).toEqual([]);
    expect(actionsFor('unknown')).toEqual([]);
  });
  it('reads decimal strings for display', () => {
    expect(amount('-12.50')).toBe(-12.5);
    expect(amount(null)).toBeUndefined();
    expect(amount('x')).toBeUndefined();
  });
});
