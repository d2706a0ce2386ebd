import { describe, expect, it } from 'vitest';
import { equityInstrument } from '../core/instrument';
import { istTime } from '../core/time';
import { costModelByName, DEFAULT_COST_MODEL, describeCostModel } from './index';

const time = istTime('2025-03-03', 10, 0);
const fill = (kind: 'equity' | 'future' | 'option' | 'index', side: 'buy' | 'sell' = 'sell') => ({
  side,
  qty: 75,
  price: 1000,
  time,
  instrument: equityInstrument('X', {
    kind,
    segment: kind === 'equity' || kind === 'index' ? 'NSE_EQ' : 'NSE_FNO',
  }),
});

describe('the default cost model: India costs for the instrument’s segment', () => {
  it('is the default everywhere', () => {
    expect(DEFAULT_COST_MODEL).toBe('india');
  });

  it('charges each fill as the india-* model of its segment and the run’s product would', () => {
    const delivery = costModelByName('india', { product: 'delivery' });
    const intraday = costModelByName('india', { product: 'intraday' });
    expect(delivery.charges(fill('equity'))).toEqual(
      costModelByName('india-delivery').charges(fill('equity')),
    );
    expect(intraday.charges(fill('equity'))).toEqual(
      costModelByName('india-intraday').charges(fill('equity')),
    );
    for (const model of [delivery, intraday]) {
      expect(model.charges(fill('future'))).toEqual(costModelByName('india-futures').charges(fill('future')));
      expect(model.charges(fill('option'))).toEqual(costModelByName('india-options').charges(fill('option')));
    }
    expect(delivery.charges(fill('equity')).total).toBeGreaterThan(0);
  });

  it('says what it charges, for summaries', () => {
    expect(describeCostModel('india', 'delivery')).toBe(
      'india: Indian charges for each instrument’s segment (equity delivery; futures and options at F&O rates)',
    );
    expect(describeCostModel('india', 'intraday')).toMatch(/equity intraday/);
    expect(describeCostModel('none', 'delivery')).toBe('none: no costs');
    expect(describeCostModel('india-futures', 'delivery')).toBe(
      'india-futures: Indian charges at futures rates',
    );
    expect(describeCostModel('percent:0.001', 'delivery')).toBe('percent:0.001: 0.1% of each fill');
    expect(describeCostModel('flat:20', 'delivery')).toBe('flat:20: ₹20 per fill');
  });
});
