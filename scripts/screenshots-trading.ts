// Demo data for the Risk and Broker screenshots (`npm run screenshots`): a local fake Dhan
// (daemon/src/dev/dhan-fake) holding a connected account whose feed ticks two symbols, a paper
// account with a portfolio snapshot near its limits, a profile and a denial. Created through the
// API where one exists; the snapshot and the denial as risk.scan and the gate would record them.
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { createClient } from '../daemon/src/api/client';
import type { Daemon } from '../daemon/src/cli/start';
import { startFakeDhan, type FakeDhan } from '../daemon/src/dev/dhan-fake/fake-server';
import { recordDenial } from '../daemon/src/risk-control/verdict-recorder';
import { seedTradingRows } from '../test/support/trading-rows';
import type { SeededShot } from './screenshots-seed';

/** The fake Dhan and the daemon options that point at it (start it before the daemon). */
export async function startDemoDhan(): Promise<{ fake: FakeDhan; env: Record<string, string> }> {
  const fake = await startFakeDhan({
    pingMs: 1000,
    tickMs: 200,
    symbols: { '11536': 'TCS', '2885': 'RELIANCE' },
  });
  return {
    fake,
    env: {
      QUANTTRADE_BROKER_KEY: randomBytes(32).toString('base64'),
      QUANTTRADE_DHAN_BASE_URL: fake.restUrl,
      QUANTTRADE_DHAN_FEED_URL: fake.feedUrl,
      QUANTTRADE_DHAN_ORDER_UPDATE_URL: fake.orderUpdateUrl,
    },
  };
}

export async function seedTrading(
  daemon: Daemon,
  fake: FakeDhan,
  admin: { email: string; password: string },
): Promise<SeededShot[]> {
  const pool = daemon.database.pool;
  const anonymous = createClient({ url: daemon.url });
  const { token } = await anonymous.api.auth.login.mutate(admin);
  anonymous.close();
  const qt = createClient({ url: daemon.url, token });
  try {
    const account = await qt.api.broker.add.mutate({
      label: 'dhan main',
      clientId: fake.clientId,
      accessToken: fake.token,
    });
    await qt.api.broker.connect.mutate({ id: account.id });
    const { rows } = await pool.query<{ id: number }>('SELECT id FROM users WHERE email = $1', [admin.email]);
    const paper = await seedTradingRows(pool, { userId: rows[0]!.id });
    await pool.query(`UPDATE broker_accounts SET label = 'paper desk' WHERE id = $1`, [paper.accountId]);
    await pool.query(
      `INSERT INTO risk_portfolio_snapshots (owner_id, broker_account_id, at, gross, net, long_value, short_value,
         open_positions, capital, day_pnl, intraday_drawdown, var99)
       VALUES ($1, $2, now(), 1620000, 410000, 1015000, 605000, 7, 1000000, -14500, 21000, 31000)`,
      [paper.userId, paper.accountId],
    );
    const profile = await qt.api.risk.profiles.create.mutate({
      name: 'intraday desk',
      profile: { extends: 'moderate', limits: { maxOpenPositions: 8, maxOrderValue: 250000 } },
    });
    await qt.api.risk.assign.mutate({ accountId: paper.accountId, profileId: profile.id });
    await recordDenial(
      { pool, bus: daemon.deps.bus, log: daemon.deps.log },
      {
        allowed: false,
        violations: [
          {
            code: 'max_order_value',
            scope: 'account',
            scopeId: paper.accountId,
            limitName: 'maxOrderValue',
            limit: 250000,
            value: 312500,
            message: 'max_order_value: order value ₹3,12,500 (250 × 1,250) is above maxOrderValue ₹2,50,000',
            profile: null,
          },
        ],
        stateChanges: [],
      } as never,
      {
        symbol: 'TEST',
        side: 'buy',
        qty: 250,
        orderType: 'MARKET',
        product: 'INTRADAY',
        origin: 'strategy',
      } as never,
      { ownerId: paper.userId, accountId: paper.accountId, deploymentId: paper.deploymentId },
    );
    // The link is taken by the supervisor within its poll; then the feed is opened as a runner would.
    for (let i = 0; i < 300 && !daemon.deps.broker.supervisor?.link(account.id); i++)
      await new Promise((r) => setTimeout(r, 100));
    daemon.deps.broker.supervisor
      ?.link(account.id)
      ?.tickSource()
      .subscribe([
        { symbol: 'TCS', segment: 'NSE_EQ', securityId: '11536' },
        { symbol: 'RELIANCE', segment: 'NSE_EQ', securityId: '2885' },
      ]);
    return [
      {
        file: 'risk',
        hash: `risk/${paper.accountId}`,
        ready: (p: Page) => p.getByTestId('gauge-maxGrossExposure').waitFor(),
      },
      {
        file: 'broker',
        hash: 'broker',
        ready: async (p: Page) => {
          // The Trading demo's paper account may be listed first: show the Dhan account's feed.
          await p.getByRole('button', { name: 'dhan main', exact: true }).click();
          await p.getByRole('table', { name: 'Feed symbols' }).waitFor({ timeout: 20_000 });
        },
      },
    ];
  } finally {
    qt.close();
  }
}
