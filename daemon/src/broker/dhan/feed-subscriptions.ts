// Subscription messages for Dhan's market feed (dhan-api.md §7): JSON text, at most 100
// instruments per message, one request code per mode (ticker 15/16, quote 17/18, full 21/22),
// segment and security id as strings. Connections carry at most 5,000 instruments; a user may
// hold at most 5 connections. Pure functions: the socket code sends what these produce.
import { AppError } from '../../core/errors';
import type { TickMode } from '../tick-source';

export const MAX_PER_MESSAGE = 100;
export const MAX_PER_CONNECTION = 5000;
export const MAX_CONNECTIONS = 5;

const CODES: Record<TickMode, { subscribe: number; unsubscribe: number }> = {
  ticker: { subscribe: 15, unsubscribe: 16 },
  quote: { subscribe: 17, unsubscribe: 18 },
  full: { subscribe: 21, unsubscribe: 22 },
};

export interface FeedInstrument {
  segment: string;
  securityId: string;
  mode: TickMode;
}

/** The messages that (un)subscribe `instruments`, grouped by mode, ≤ 100 instruments each. */
export function subscriptionMessages(instruments: readonly FeedInstrument[], subscribe: boolean): string[] {
  const messages: string[] = [];
  for (const mode of ['ticker', 'quote', 'full'] as const) {
    const ofMode = instruments.filter((i) => i.mode === mode);
    for (let i = 0; i < ofMode.length; i += MAX_PER_MESSAGE) {
      const batch = ofMode.slice(i, i + MAX_PER_MESSAGE);
      messages.push(
        JSON.stringify({
          RequestCode: subscribe ? CODES[mode].subscribe : CODES[mode].unsubscribe,
          InstrumentCount: batch.length,
          InstrumentList: batch.map((b) => ({ ExchangeSegment: b.segment, SecurityId: b.securityId })),
        }),
      );
    }
  }
  return messages;
}

/** The polite goodbye before closing a feed socket. */
export const DISCONNECT_MESSAGE = JSON.stringify({ RequestCode: 12 });

/**
 * Which connection each of `count` new instruments goes to, filling the lowest-numbered
 * connection first. `load[i]` is what connection i carries now. Throws when the user's limit of
 * 5 × 5,000 instruments would be exceeded (nothing is assigned then).
 */
export function assignConnections(
  load: readonly number[],
  count: number,
  perConnection = MAX_PER_CONNECTION,
  connections = MAX_CONNECTIONS,
): number[] {
  const room = Array.from({ length: connections }, (_, i) => perConnection - (load[i] ?? 0));
  const free = room.reduce((a, b) => a + Math.max(0, b), 0);
  if (count > free) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Dhan's market feed carries at most ${connections} connections × ${perConnection} instruments: ${count} more do not fit (room for ${free})`,
      { requested: count, room: free },
    );
  }
  const out: number[] = [];
  let c = 0;
  for (let i = 0; i < count; i++) {
    while (room[c]! <= 0) c++;
    room[c]!--;
    out.push(c);
  }
  return out;
}
