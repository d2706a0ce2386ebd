// `npm run screenshots`: saves a screenshot of every console page under docs/screenshots/.
//
// Starts a real daemon in this process on a throw-away embedded PostgreSQL, seeds a little demo
// data through the API (a strategy, backtests, a sweep), signs in as the first-start admin in
// headless Chromium and photographs each page. Nothing it starts outlives it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Page } from 'playwright-core';
import { startDaemon } from '../daemon/src/cli/start';
import { loadConfig } from '../daemon/src/config/load-config';
import { packageRoot } from '../daemon/src/config/package-root';
import { launchChromium } from '../test/support/chromium';
import { seedDemo } from './screenshots-seed';
import { demoTradingClock, seedDeployment } from './screenshots-deployment';
import { seedTrading, startDemoDhan } from './screenshots-trading';

const root = packageRoot();
const out = join(root, 'docs/screenshots');

interface Shot {
  file: string;
  hash: string;
  /** What must be on screen before the picture is taken. */
  ready: (page: Page) => Promise<unknown>;
  theme?: 'dark';
  /** A phone's screen instead of a desktop's. */
  phone?: boolean;
}

function shots(seed: Awaited<ReturnType<typeof seedDemo>>): Shot[] {
  return [
    {
      file: 'overview',
      hash: 'overview',
      ready: (p) => p.getByText('live', { exact: true }).first().waitFor(),
    },
    {
      file: 'overview-dark',
      hash: 'overview',
      theme: 'dark',
      ready: (p) => p.getByText('live', { exact: true }).first().waitFor(),
    },
    ...seed.shots,
    {
      file: 'api-explorer',
      hash: 'explorer/system.health',
      ready: async (p) => {
        await p.getByRole('button', { name: 'Run query' }).click();
        await p.getByText(/OK in/).waitFor();
      },
    },
    {
      file: 'overview-phone',
      hash: 'overview',
      phone: true,
      ready: (p) => p.getByText('live', { exact: true }).first().waitFor(),
    },
    {
      file: 'database-tables',
      hash: 'database/tables/public.strategies',
      ready: (p) => p.getByText(/row\(s\) · page 1/).waitFor(),
    },
    {
      file: 'database-sql',
      hash: 'database/sql',
      ready: async (p) => {
        await p
          .getByLabel('Statement')
          .fill('WITH gone AS (DELETE FROM backtests RETURNING id) SELECT count(*) FROM gone');
        await p.getByRole('button', { name: 'Run', exact: true }).click();
        await p.getByText(/DELETE has no place in a read statement/).waitFor();
      },
    },
  ];
}

/** A webhook receiver on 127.0.0.1 that answers 200 to everything. */
async function startReceiver(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/quanttrade`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function main(): Promise<void> {
  const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs'), '--if-stale'], {
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('build failed');
  const home = mkdtempSync(join(tmpdir(), 'qt-screenshots-'));
  const log = pino({ level: 'warn' });
  const dhan = await startDemoDhan();
  const config = loadConfig({
    argv: [],
    env: {
      QUANTTRADE_HOME: home,
      QUANTTRADE_PORT: '0',
      QUANTTRADE_TRADING_CLOCK: demoTradingClock(),
      ...dhan.env,
    },
    cwd: home,
    packageRoot: root,
  });
  const daemon = await startDaemon(config, { log, announce: () => undefined, heartbeatMs: 500 });
  const browser = await launchChromium();
  const receiver = await startReceiver();
  try {
    const admin = daemon.firstAdmin;
    if (!admin) throw new Error('expected a first start with a fresh admin');
    // The demo deployment trades through its session while the other pages are seeded.
    const trading = seedDeployment(daemon, admin);
    trading.catch(() => undefined); // awaited below; a failure surfaces there
    const seed = await seedDemo(daemon.url, daemon.database.pool, admin, receiver.url);
    seed.shots.push(...(await seedTrading(daemon, dhan.fake, admin)));
    seed.shots.push(...(await trading));
    mkdirSync(out, { recursive: true });
    for (const theme of ['light', 'dark'] as const) {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 860 },
        colorScheme: theme,
      });
      const page = await context.newPage();
      await page.goto(daemon.url);
      if (theme === 'light') await page.screenshot({ path: join(out, 'login.png') });
      await page.getByLabel('Email').fill(admin.email);
      await page.getByLabel('Password').fill(admin.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('navigation', { name: 'Main' }).waitFor();
      for (const shot of shots(seed).filter((s) => (s.theme ?? 'light') === theme)) {
        await page.setViewportSize(shot.phone ? { width: 390, height: 844 } : { width: 1280, height: 860 });
        await page.goto(`${daemon.url}/#/${shot.hash}`);
        await shot.ready(page);
        // Let charts finish their first draw and live sparklines gather a few points.
        await page.waitForTimeout(1500);
        await page.screenshot({ path: join(out, `${shot.file}.png`), fullPage: true });
        console.error(`saved docs/screenshots/${shot.file}.png`);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await daemon.stop();
    await receiver.close();
    await dhan.fake.close();
    rmSync(home, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
