import { describe, expect, it } from 'vitest';
import { kindsOf, KIND_IDS, NOTIFIED_EVENTS } from './event-catalogue';
import { verdictFor } from './retry-policy';

describe('event catalogue', () => {
  it('names every kind the issue asks for, each from a bus event', () => {
    expect(KIND_IDS).toEqual([
      'fill',
      'order_rejected',
      'risk_denial',
      'trading_state',
      'kill_switch',
      'link',
      'feed_stale',
      'deployment_error',
      'eod_report',
    ]);
    expect(NOTIFIED_EVENTS).toContain('broker.alert');
  });

  it('filters payloads: only denials, link up/down states, feed alerts', () => {
    expect(kindsOf('risk.violation', { severity: 'warning', rules: ['x'] })).toEqual([]);
    expect(
      kindsOf('risk.violation', { severity: 'deny', rules: ['max_qty'], message: 'qty 500 over 100' })[0]!
        .message,
    ).toEqual({
      title: 'Risk denial: max_qty',
      text: 'qty 500 over 100.',
    });
    expect(kindsOf('broker.link', { accountId: 1, state: 'connecting' })).toEqual([]);
    expect(kindsOf('broker.link', { accountId: 1, state: 'connected' })[0]!.message.title).toBe(
      'Broker link up: account 1 connected',
    );
    expect(kindsOf('broker.link', { accountId: 1, state: 'auth_expired' })[0]!.message.title).toMatch(
      /^Broker link down/,
    );
    expect(kindsOf('broker.alert', { kind: 'circuit_open' })).toEqual([]);
    expect(
      kindsOf('broker.alert', { kind: 'stale_symbol', symbol: 'TCS', message: 'no tick for 30 s' })[0]!
        .message,
    ).toEqual({
      title: 'Feed stale: TCS',
      text: 'no tick for 30 s',
    });
  });

  it('reads a payload missing fields as "?" rather than failing', () => {
    expect(kindsOf('trading.fill', null)[0]!.message.title).toBe('Fill: ? ? ? @ ?');
    expect(kindsOf('no.such.event', {})).toEqual([]);
  });
});

describe('retry policy', () => {
  it('doubles the wait from 1 s to 10 minutes, honours Retry-After, stops after 12 attempts', () => {
    const fail = { ok: false, retry: true };
    expect(verdictFor(fail, 1)).toEqual({ status: 'pending', retryInSeconds: 1 });
    expect(verdictFor(fail, 4)).toEqual({ status: 'pending', retryInSeconds: 8 });
    expect(verdictFor(fail, 11)).toEqual({ status: 'pending', retryInSeconds: 600 });
    expect(verdictFor(fail, 12)).toEqual({ status: 'failed' });
    expect(verdictFor({ ...fail, retryAfterMs: 30_000 }, 1)).toEqual({
      status: 'pending',
      retryInSeconds: 30,
    });
    expect(verdictFor({ ok: false, retry: false }, 1)).toEqual({ status: 'failed' });
    expect(verdictFor({ ok: true, retry: false }, 3)).toEqual({ status: 'delivered' });
  });
});
