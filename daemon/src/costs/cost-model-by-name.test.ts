import { describe, expect, it } from 'vitest';
import { equityInstrument } from '../core/instrument';
import { istTime } from '../core/time';
import { contractNote } from './contract-note';
import { costModelByName } from './cost-model-by-name';

const buy = {
  side: 'buy' as const,
  qty: 10,
  price: 100,
  instrument: equityInstrument('X'),
  time: istTime('2025-01-06', 10),
};

describe('costModelByName', () => {
  it('builds each named model', () => {
    expect(costModelByName('none').charges(buy).total).toBe(0);
    expect(costModelByName('percent:0.001').charges(buy).brokerage).toBe(1);
    expect(costModelByName('flat:20').charges(buy).brokerage).toBe(20);
    expect(costModelByName('india-delivery').name).toBe('india-delivery');
    expect(costModelByName('india-intraday').charges(buy).stamp).toBe(0.03);
    expect(costModelByName('india-futures').name).toBe('india-futures');
    expect(costModelByName('india-options', { exchange: 'BSE' }).charges(buy).exchange).toBe(0.33);
  });

  it('rejects an unknown name, listing the valid ones', () => {
    const valid =
      'one of india, none, percent:<rate>, flat:<rupees>, india-delivery, india-intraday, india-futures, india-options';
    expect(() => costModelByName('zerodha')).toThrow(`costs: got "zerodha", expected ${valid}`);
    expect(() => costModelByName('percent:')).toThrow('costs: got "percent:"');
    expect(() => costModelByName('flat:abc')).toThrow('costs: got "flat:abc"');
    expect(() => costModelByName('percent:-0.1')).toThrow('commission.rate: got -0.1');
  });

  it('contractNote falls back to summing per-fill charges for simple models', () => {
    expect(contractNote(costModelByName('flat:20'), [buy, buy]).brokerage).toBe(40);
    // the india model's own note rounds stamp to rupees: 0.003% of 2,000 = 0.06 → 0
    expect(contractNote(costModelByName('india-intraday'), [buy, buy]).stamp).toBe(0);
  });
});
