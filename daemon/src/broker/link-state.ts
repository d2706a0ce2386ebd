// The state of a broker link, as the risk gate, the API and the console see it. The risk gate
// refuses orders unless `canSendOrders` — a link that is connecting, circuit-open, auth-expired
// or down is not a link to trade through.

export const LINK_STATES = [
  /** Not connected on purpose (never connected, or disconnected by an operator). */
  'disconnected',
  'connecting',
  'connected',
  /** Connected, but part of it is failing (a socket reconnecting, stale symbols). */
  'degraded',
  /** Repeated failures: orders are refused until the broker answers again. */
  'circuit_open',
  /** The broker refused the access token (DH-901): set a new one (no restart needed). */
  'auth_expired',
  /** The broker refused the account itself (no API access, segment not active): an operator must act. */
  'stopped',
] as const;
export type LinkState = (typeof LINK_STATES)[number];

export interface LinkStatus {
  state: LinkState;
  /** Why, in words (never a secret). */
  detail?: string;
  /** Epoch ms of the last state change. */
  since: number;
}

/** Order sending is only allowed in these states. */
export function canSendOrders(state: LinkState): boolean {
  return state === 'connected' || state === 'degraded';
}

/** What the risk gate needs from a link: can orders go out now, and if not, why. */
export interface LinkHealth {
  linkStatus(): LinkStatus;
}
