import { describe, expect, it } from 'vitest';
import { lockOrderAndPositionSql } from './fill-booking';

describe('lockOrderAndPositionSql', () => {
  it('writes in only a client order id of the checked pattern', () => {
    expect(lockOrderAndPositionSql({ checked: 'dep-12_ab' })).toContain("o.client_order_id = 'dep-12_ab'");
    expect(lockOrderAndPositionSql('$1')).toContain('o.client_order_id = $1');
    for (const bad of ["x' OR '1'='1", '', 'a'.repeat(31), 'x;y', 'é'])
      expect(() => lockOrderAndPositionSql({ checked: bad })).toThrow(/client order id/);
  });
});
