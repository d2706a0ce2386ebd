// The kill switch across two daemons' connections to one PostgreSQL: daemon B writes a stream of
// orders (the ledger's outbox insert, one at a time) and watches the switches (LISTEN/NOTIFY, its
// poll set far out so only the notification counts); daemon A engages an account switch. Per
// cycle: engage → B's watch hears it, engage → B's first refused write, and how many of B's
// orders committed after the engage committed (must be 0: the write checks the switch in its own
// transaction). Target from issue 11: every daemon stops sending within 1 s. The full
// engine → runner → broker version of this measure comes with the runner.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { packageRoot } from '../../daemon/src/config/package-root';
import { startEmbeddedPostgres } from '../../daemon/src/db/embedded-postgres';
import { migrate } from '../../daemon/src/db/migration-runner';
import { createPool, withTransaction } from '../../daemon/src/db/pool';
import { createEventBus } from '../../daemon/src/events/event-bus';
import { startPgBridge } from '../../daemon/src/events/pg-bridge';
import { engageKillSwitch, releaseKillSwitch } from '../../daemon/src/risk-control/kill-switch-service';
import type { Transaction } from '../../daemon/src/risk-control/profile-service';
import { SYSTEM_ACTOR } from '../../daemon/src/risk-control/risk-actor';
import { startRiskWatch } from '../../daemon/src/risk-control/risk-watch';
import { insertManualOrder, seedTradingRows } from '../../test/support/trading-rows';
import { emit, percentile } from './emit';

const CYCLES = 40;
const log = pino({ level: 'silent' });
const home = mkdtempSync(join(tmpdir(), 'qt-bench-kill-'));
chmodSync(home, 0o755);
const pg = await startEmbeddedPostgres({ home: join(home, 'pg'), log });
const a = createPool({ connectionString: pg.connectionString, log, max: 2 });
const b = createPool({ connectionString: pg.connectionString, log, max: 2 });
try {
  await migrate(a, join(packageRoot(), 'sql'), log);
  const rows = await seedTradingRows(a);
  const bus = createEventBus({ log });
  const bridge = await startPgBridge({ bus, pool: b, connectionString: pg.connectionString, log });
  let heardAt = NaN;
  let engagedId = -1;
  const watch = await startRiskWatch({
    pool: b,
    bus,
    log,
    pollMs: 3_600_000,
    onChange: (all) => {
      if (all.some((s) => s.id === engagedId)) heardAt = performance.now();
    },
  });

  // B's stream: one order write after another, noting when each committed or was refused.
  let refusedAt = NaN;
  let streaming = true;
  const committed: number[] = [];
  const stream = (async () => {
    while (streaming) {
      try {
        await insertManualOrder(b, rows);
        committed.push(performance.now());
      } catch (err) {
        if ((err as { code?: string }).code !== 'QTK01') throw err;
        if (Number.isNaN(refusedAt)) refusedAt = performance.now();
        await new Promise((r) => setTimeout(r, 1));
      }
    }
  })();

  const heard: number[] = [];
  const refused: number[] = [];
  let lateCommits = 0;
  const run: Transaction = (fn) => withTransaction(a, fn);
  for (let i = 0; i < CYCLES; i++) {
    await new Promise((r) => setTimeout(r, 20));
    heardAt = NaN;
    refusedAt = NaN;
    const t0 = performance.now();
    const { killSwitch } = await engageKillSwitch(run, SYSTEM_ACTOR, {
      scope: 'account',
      accountId: rows.accountId,
      flatten: false,
      reason: 'bench',
    });
    const committedAt = performance.now();
    engagedId = killSwitch.id;
    const deadline = performance.now() + 5000;
    while ((Number.isNaN(heardAt) || Number.isNaN(refusedAt)) && performance.now() < deadline)
      await new Promise((r) => setTimeout(r, 1));
    heard.push(heardAt - t0);
    refused.push(refusedAt - t0);
    lateCommits += committed.filter((t) => t > committedAt + 0.5).length;
    committed.length = 0;
    await releaseKillSwitch(run, SYSTEM_ACTOR, { id: killSwitch.id, reason: '' });
  }
  streaming = false;
  await stream;
  watch.stop();
  await bridge.stop();

  const notes = `${CYCLES} engage/release cycles on one account; B streams order inserts; its watch polls hourly, so it hears by NOTIFY`;
  const figures: [string, number[], number][] = [
    ['engage-to-heard-p50', heard, 50],
    ['engage-to-heard-p99', heard, 99],
    ['engage-to-first-refused-write-p50', refused, 50],
    ['engage-to-first-refused-write-p99', refused, 99],
  ];
  for (const [metric, values, p] of figures) {
    const value = Math.round(percentile(values, p) * 10) / 10;
    emit({
      bench: 'risk.kill-switch',
      metric,
      value,
      unit: 'ms',
      target: '<= 1000',
      meetsTarget: value <= 1000,
      notes,
    });
  }
  emit({
    bench: 'risk.kill-switch',
    metric: 'orders-committed-after-engage',
    value: lateCommits,
    unit: 'orders',
    target: '= 0',
    meetsTarget: lateCommits === 0,
    notes,
  });
} finally {
  await a.end();
  await b.end();
  await pg.stop();
  rmSync(home, { recursive: true, force: true });
}
