// The fake Dhan's portfolio, funds and control endpoints (dhan-api.md §1, §3, §5): positions,
// holdings, fund limit (with the wire's misspelt availabelBalance), profile, kill switch, token
// renewal and historical candles (a deterministic walk, for the demo's `data fetch`).
import type { FakeBroker } from './fake-broker';
import { dhanError, type FakeAnswer } from './fake-order-routes';
import type { TokenAuthority } from './fake-tokens';

export interface AccountRouteOptions {
  holdings: Record<string, unknown>[];
  availableBalance: number;
}

function ddmmyyyy(ms: number): string {
  const d = new Date(ms + 19_800_000).toISOString();
  return `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)} ${d.slice(11, 16)}`;
}

function candles(body: Record<string, unknown>, daily: boolean) {
  const from = Date.parse(`${String(body.fromDate).slice(0, 10)}T00:00:00+05:30`);
  const to = Date.parse(`${String(body.toDate).slice(0, 10)}T00:00:00+05:30`);
  const step = daily ? 86_400_000 : Number(body.interval ?? 1) * 60_000;
  const out = {
    open: [] as number[],
    high: [] as number[],
    low: [] as number[],
    close: [] as number[],
    volume: [] as number[],
    timestamp: [] as number[],
  };
  if (!Number.isFinite(from) || !Number.isFinite(to)) return out;
  let price = 100 + (Number(body.securityId) % 900);
  for (let t = from; t < to && out.timestamp.length < 20_000; t += step) {
    const ist = new Date(t + 19_800_000);
    const day = ist.getUTCDay();
    const minute = ist.getUTCHours() * 60 + ist.getUTCMinutes();
    if (day === 0 || day === 6 || (!daily && (minute < 555 || minute >= 930))) continue;
    const drift = Math.sin(t / 7e6) * 0.5;
    const open = price;
    const close = Math.round((price + drift) * 100) / 100;
    out.open.push(open);
    out.close.push(close);
    out.high.push(Math.max(open, close) + 0.5);
    out.low.push(Math.min(open, close) - 0.5);
    out.volume.push(1000 + ((t / 60_000) % 500));
    out.timestamp.push(t / 1000);
    price = close;
  }
  return out;
}

export function createAccountRoutes(
  broker: FakeBroker,
  tokens: TokenAuthority,
  options: AccountRouteOptions,
) {
  const cid = broker.clientId;
  return function route(
    method: string,
    path: string,
    body: Record<string, unknown>,
    token: string,
  ): FakeAnswer | undefined {
    const key = `${method} ${path}`;
    switch (key) {
      case 'GET /positions':
        return { status: 200, body: broker.positions() };
      case 'GET /holdings':
        return options.holdings.length
          ? { status: 200, body: options.holdings }
          : dhanError(400, 'DH-1111', 'No_Holdings', 'No holdings available');
      case 'GET /fundlimit':
        return {
          status: 200,
          body: {
            dhanClientId: cid,
            availabelBalance: options.availableBalance,
            sodLimit: options.availableBalance,
            collateralAmount: 0,
            receiveableAmount: 0,
            utilizedAmount: 0,
            blockedPayoutAmount: 0,
            withdrawableBalance: options.availableBalance,
          },
        };
      case 'GET /profile': {
        const exp = tokens.expiryOf(token);
        return {
          status: 200,
          body: {
            dhanClientId: cid,
            tokenValidity: exp ? ddmmyyyy(exp) : null,
            activeSegment: 'Equity, Derivative',
            ddpi: 'Active',
            mtf: 'Active',
            dataPlan: 'Active',
            dataValidity: '2099-12-31 00:00:00.0',
          },
        };
      }
      case 'GET /killswitch':
        return {
          status: 200,
          body: { dhanClientId: cid, killSwitchStatus: broker.killSwitch() ? 'ACTIVATE' : 'DEACTIVATE' },
        };
      case 'POST /killswitch':
        return undefined; // needs the query string: handled by the server
      case 'GET /RenewToken':
      case 'POST /RenewToken': {
        const fresh = tokens.issue(cid);
        tokens.revoke(token);
        return {
          status: 200,
          body: { token: fresh, expiryTime: new Date(tokens.expiryOf(fresh)!).toISOString() },
        };
      }
      case 'POST /charts/historical':
        return { status: 200, body: candles(body, true) };
      case 'POST /charts/intraday':
        return { status: 200, body: candles(body, false) };
      default:
        return undefined;
    }
  };
}

export function killSwitchAnswer(broker: FakeBroker, status: string | null): FakeAnswer {
  if (status !== 'ACTIVATE' && status !== 'DEACTIVATE')
    return dhanError(400, 'DH-905', 'Input_Exception', 'killSwitchStatus: ACTIVATE or DEACTIVATE');
  broker.setKillSwitch(status === 'ACTIVATE');
  return {
    status: 200,
    body: {
      dhanClientId: broker.clientId,
      killSwitchStatus: `Kill Switch has been successfully ${status === 'ACTIVATE' ? 'activated' : 'deactivated'}`,
    },
  };
}
