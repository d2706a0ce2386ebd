import { describe, expect, it } from 'vitest';
import { href, parseRoute } from './router';

describe('hash routes', () => {
  it('parses the page and its parameters', () => {
    expect(parseRoute('')).toEqual({ page: 'overview', params: [] });
    expect(parseRoute('#/backtests/12')).toEqual({ page: 'backtests', params: ['12'] });
    expect(parseRoute('#/explorer/system.health')).toEqual({ page: 'explorer', params: ['system.health'] });
  });

  it('round-trips parameters that need escaping', () => {
    const link = href('database', 'tables', 'public.odd/name');
    expect(parseRoute(link)).toEqual({ page: 'database', params: ['tables', 'public.odd/name'] });
  });
});
