// What can be notified: each kind is a bus event name (events/event-map.ts, or the contract below
// for events whose publishers are still being built) plus, for some, a filter on the payload, and
// the words a message says. Payloads are read defensively: a field missing or of another type
// reads as "?" — a message with a gap beats a lost one. docs/notifications.md lists each payload.
//
// Events and their publishers:
//   trading.fill, trading.order_rejected, trading.deployment_error, trading.eod_report — the
//     database at commit (sql/018, sql/023), whoever wrote the row (ownerId: the row's owner);
//   risk.violation (severity 'deny'), risk.trading_state, risk.kill_switch — the risk gate;
//   broker.link, broker.alert (kind stale_symbol | feed_down) — the broker link.

export interface Message {
  title: string;
  text: string;
}

export interface NotificationKind {
  /** What channels subscribe to (stored in notification_channels.events). */
  id: string;
  /** The bus event it comes from. */
  event: string;
  label: string;
  description: string;
  /** Payloads of `event` this kind is about (default: all). */
  accepts?: (payload: Payload) => boolean;
  describe: (payload: Payload) => Message;
}

type Payload = Record<string, unknown>;

/** A payload field as text ("?" when absent), cut to keep messages short. */
function f(payload: Payload, key: string): string {
  const value = payload[key];
  if (value === undefined || value === null || value === '') return '?';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function deployment(p: Payload): string {
  return p.deploymentId === undefined || p.deploymentId === null
    ? ''
    : ` (deployment ${f(p, 'deploymentId')})`;
}

const LINK_UP = new Set(['connected']);
const LINK_DOWN = new Set(['disconnected', 'degraded', 'circuit_open', 'auth_expired', 'stopped']);
const FEED_ALERTS = new Set(['stale_symbol', 'feed_down']);

export const NOTIFICATION_KINDS: readonly NotificationKind[] = [
  {
    id: 'fill',
    event: 'trading.fill',
    label: 'Fill',
    description: 'An order was filled (in part or in full)',
    describe: (p) => ({
      title: `Fill: ${f(p, 'side')} ${f(p, 'qty')} ${f(p, 'symbol')} @ ${f(p, 'price')}`,
      text: `Order ${f(p, 'clientOrderId')}${deployment(p)} filled ${f(p, 'qty')} ${f(p, 'symbol')} at ₹${f(p, 'price')}${p.charges === undefined ? '' : `, charges ₹${f(p, 'charges')}`}.`,
    }),
  },
  {
    id: 'order_rejected',
    event: 'trading.order_rejected',
    label: 'Order rejected',
    description: 'The broker or the exchange rejected an order',
    describe: (p) => ({
      title: `Order rejected: ${f(p, 'side')} ${f(p, 'qty')} ${f(p, 'symbol')}`,
      text: `Order ${f(p, 'clientOrderId')}${deployment(p)} was rejected: ${f(p, 'reason')}.`,
    }),
  },
  {
    id: 'risk_denial',
    event: 'risk.violation',
    label: 'Risk denial',
    description: 'The risk gate refused an order',
    accepts: (p) => p.severity === undefined || p.severity === 'deny',
    describe: (p) => ({
      title: `Risk denial: ${Array.isArray(p.rules) ? p.rules.join(', ') : f(p, 'rules')}`,
      text: `${f(p, 'message')}${deployment(p)}${p.clientOrderId ? ` — order ${f(p, 'clientOrderId')}` : ''}.`,
    }),
  },
  {
    id: 'trading_state',
    event: 'risk.trading_state',
    label: 'Trading state change',
    description: 'An account or deployment moved between ACTIVE, REDUCING and HALTED',
    describe: (p) => ({
      title: `Trading state: ${f(p, 'scope')} ${f(p, 'scopeId')} ${f(p, 'from')} → ${f(p, 'to')}`,
      text: `${f(p, 'scope')} ${f(p, 'scopeId')} is now ${f(p, 'to')} (was ${f(p, 'from')}): ${f(p, 'reason')} — by ${f(p, 'by')}.`,
    }),
  },
  {
    id: 'kill_switch',
    event: 'risk.kill_switch',
    label: 'Kill switch',
    description: 'A kill switch was engaged or released',
    describe: (p) => ({
      title: `Kill switch ${f(p, 'action')} (${f(p, 'scope')})`,
      text: `The ${f(p, 'scope')} kill switch was ${f(p, 'action')} by ${f(p, 'by')}${p.reason ? `: ${f(p, 'reason')}` : ''}.`,
    }),
  },
  {
    id: 'link',
    event: 'broker.link',
    label: 'Broker link down/up',
    description: 'The broker link went down (or degraded) or came back up',
    accepts: (p) => LINK_UP.has(String(p.state)) || LINK_DOWN.has(String(p.state)),
    describe: (p) => ({
      title: `Broker link ${LINK_UP.has(String(p.state)) ? 'up' : 'down'}: account ${f(p, 'accountId')} ${f(p, 'state')}`,
      text: `Broker account ${f(p, 'accountId')} link is ${f(p, 'state')}${p.detail ? `: ${f(p, 'detail')}` : ''}.`,
    }),
  },
  {
    id: 'feed_stale',
    event: 'broker.alert',
    label: 'Feed stale',
    description: 'Market data stopped arriving for a symbol or the whole feed',
    accepts: (p) => FEED_ALERTS.has(String(p.kind)),
    describe: (p) => ({
      title: `Feed stale: ${p.symbol ? f(p, 'symbol') : `account ${f(p, 'accountId')}`}`,
      text: f(p, 'message'),
    }),
  },
  {
    id: 'deployment_error',
    event: 'trading.deployment_error',
    label: 'Deployment error',
    description: 'A deployment stopped on an error',
    describe: (p) => ({
      title: `Deployment ${f(p, 'deploymentId')} in error`,
      text: `Deployment ${f(p, 'deploymentId')}${p.name ? ` (${f(p, 'name')})` : ''} stopped: ${f(p, 'error')}.`,
    }),
  },
  {
    id: 'eod_report',
    event: 'trading.eod_report',
    label: 'EOD report',
    description: "A deployment's end-of-day report is ready",
    describe: (p) => ({
      title: `EOD ${f(p, 'tradingDate')}: deployment ${f(p, 'deploymentId')} net ₹${f(p, 'netPnl')}`,
      text: `End of day ${f(p, 'tradingDate')} for deployment ${f(p, 'deploymentId')}: ${f(p, 'trades')} trades, net P&L ₹${f(p, 'netPnl')}.`,
    }),
  },
];

export const KIND_IDS = NOTIFICATION_KINDS.map((k) => k.id);

/** The bus events to listen to. */
export const NOTIFIED_EVENTS = [...new Set(NOTIFICATION_KINDS.map((k) => k.event))];

/** The kinds an event with this name and payload is, with their messages. */
export function kindsOf(event: string, payload: unknown): { kind: NotificationKind; message: Message }[] {
  const p = payload && typeof payload === 'object' ? (payload as Payload) : {};
  return NOTIFICATION_KINDS.filter((k) => k.event === event && (k.accepts?.(p) ?? true)).map((kind) => ({
    kind,
    message: kind.describe(p),
  }));
}
