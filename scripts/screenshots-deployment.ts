// The Trading page's demo for `npm run screenshots`: a paper deployment on the synthetic feed,
// run by the daemon's own runner through the last fifty minutes of a session on a simulated
// clock (--trading-clock: two market minutes a wall second from 14:40 IST) — so the picture has
// positions, orders, a P&L curve from the session's start and, once the session has closed, its
// end-of-day report, whatever the hour the script runs. It is started as soon as the daemon is
// up and stopped once its report is saved (the clock runs on towards the next session while the
// other pages are seeded). Warm-up comes from the demo data's 1m bars (the sessions before today).
import type { Page } from 'playwright-core';
import { createClient } from '../daemon/src/api/client';
import type { Daemon } from '../daemon/src/cli/start';
import { nseCalendar } from '../daemon/src/core/calendar/trading-calendar';
import { istDate, istTime } from '../daemon/src/core/time';
import { createPaperDeployment } from '../daemon/src/trading/runner/paper-deployment';
import type { SeededShot } from './screenshots-seed';

const SPEED = 120;

/** The session the demo runs in: today's if today is one, else the next. */
function demoSession(): string {
  const today = istDate(Date.now());
  return nseCalendar.sessionAt(istTime(today, 12)) ? today : nseCalendar.nextSession(today).date;
}

/** QUANTTRADE_TRADING_CLOCK for the screenshot daemon: 14:40 IST of the demo session, 120×. */
export function demoTradingClock(): string {
  return `${new Date(istTime(demoSession(), 14, 40)).toISOString()},${SPEED}`;
}

/**
 * Creates and starts the demo deployment; resolves with its shots once its end-of-day report is
 * saved and it is stopped (await it after seeding the other pages).
 */
export async function seedDeployment(
  daemon: Daemon,
  admin: { email: string; password: string },
): Promise<SeededShot[]> {
  const pool = daemon.database.pool;
  const { rows } = await pool.query<{ id: number }>('SELECT id FROM users WHERE email = $1', [admin.email]);
  const deployment = await createPaperDeployment(pool, {
    ownerId: rows[0]!.id,
    name: 'demo trend',
    template: 'sma-cross',
    params: { fast: 2, slow: 5, size: 10 },
    symbols: ['DEMOBANK', 'DEMOTECH'],
    timeframe: '1m',
    product: 'CNC',
    capital: 1_000_000,
    costModel: 'india',
    slippage: 'none',
  });
  const anonymous = createClient({ url: daemon.url });
  const { token } = await anonymous.api.auth.login.mutate(admin);
  anonymous.close();
  const qt = createClient({ url: daemon.url, token });
  try {
    await qt.api.deployments.start.mutate({ id: deployment.id, reason: 'screenshots' });
    // Fifty market minutes at 120× is 25 s; the report follows the close.
    for (let i = 0; ; i++) {
      if ((await qt.api.deployments.eodReports.query({ id: deployment.id })).total > 0) break;
      if (i > 1200) throw new Error('the demo deployment saved no end-of-day report within 120 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    await qt.api.deployments.stop.mutate({ id: deployment.id, reason: 'session closed (screenshots)' });
  } finally {
    qt.close();
  }
  const ready = async (p: Page) => {
    const report = p.getByRole('table', { name: 'End-of-day reports' }).getByRole('button').first();
    if ((await report.getAttribute('aria-expanded')) !== 'true') await report.click();
    await p.getByRole('table', { name: 'Positions' }).waitFor();
    await p.getByText(/point\(s\) from/).waitFor();
  };
  return [
    { file: 'trading', hash: `trading/${deployment.id}`, ready },
    { file: 'trading-phone', hash: `trading/${deployment.id}`, ready, phone: true },
  ];
}
