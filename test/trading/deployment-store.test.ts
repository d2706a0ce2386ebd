// The deployments store on a real PostgreSQL: create/update/transition write the row and its
// history in one statement, a transition from an unexpected status is a CONFLICT naming it, two
// concurrent starts let exactly one through, row-level security keeps users to their own, and
// every committed change reaches the bus of another daemon as 'deployment.changed'.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withUserScope } from '../../daemon/src/db/user-scope';
import type { BusEvent } from '../../daemon/src/events/event-map';
import { createEventBus } from '../../daemon/src/events/event-bus';
import { startPgBridge, type PgBridge } from '../../daemon/src/events/pg-bridge';
import '../../daemon/src/trading/deployments/deployment-events';
import {
  deploymentSpecSchema,
  type DeploymentSpec,
} from '../../daemon/src/trading/deployments/deployment-spec';
import {
  createDeployment,
  findDeployment,
  listDeploymentEvents,
  listDeployments,
  listDeploymentsToRun,
  loadDeployment,
  transitionDeployment,
  updateDeployment,
} from '../../daemon/src/trading/deployments/deployment-store';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testLogger } from '../support/logger';
import {
  createBrokerAccount,
  createDeployment as seedDeployment,
  createUser,
} from './support/trading-fixtures';

let db: TestDatabase;
let bridge: PgBridge;
const events: BusEvent<'deployment.changed'>[] = [];
let owner: number;
let stranger: number;
let spec: DeploymentSpec;

async function until<T>(what: string, probe: () => T | undefined): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  owner = await createUser(db.pool);
  stranger = await createUser(db.pool);
  const account = await createBrokerAccount(db.pool, owner);
  const seeded = await seedDeployment(db.pool, owner, account);
  spec = deploymentSpecSchema.parse({
    name: 'nifty trend',
    strategyId: seeded.strategyId,
    strategyVersion: seeded.strategyVersion,
    params: { fast: 5, slow: 20, size: 10 },
    symbols: ['NSE:TCS', 'NSE:INFY'],
    timeframe: '5m',
    product: 'INTRADAY',
    capital: '250000.5',
    brokerAccountId: account,
  });
  // Another daemon's bus: it hears the database's NOTIFY, not an in-process publish.
  const bus = createEventBus({ log: testLogger() });
  bridge = await startPgBridge({ bus, pool: db.pool, connectionString: db.url, log: testLogger() });
  bus.subscribe(['deployment.changed'], (e) => events.push(e));
});

afterAll(async () => {
  await bridge?.stop();
  await db?.drop();
});

const asOwner = <T>(fn: Parameters<typeof withUserScope<T>>[2]) =>
  withUserScope(db.pool, { userId: owner, role: 'operator' }, fn);

describe('deployment store', () => {
  it('creates a stopped deployment with exact capital and a first history row, announced at commit', async () => {
    const created = await asOwner((c) =>
      createDeployment(c, owner, spec, { actor: 'user', actorUserId: owner }),
    );
    expect(created).toMatchObject({
      status: 'stopped',
      name: 'nifty trend',
      capital: '250000.50',
      symbols: ['NSE:TCS', 'NSE:INFY'],
      params: { fast: 5, slow: 20, size: 10 },
      timeframe: '5m',
      product: 'INTRADAY',
      mode: 'paper',
      riskProfileId: null,
    });
    const history = await listDeploymentEvents(db.pool, created.id);
    expect(history).toMatchObject([
      { from: null, to: 'stopped', actor: 'user', actorUserId: owner, reason: 'created' },
    ]);
    const event = await until('the creation event', () =>
      events.find((e) => e.payload.deploymentId === created.id),
    );
    expect(event.ownerId).toBe(owner);
    expect(event.payload).toMatchObject({ from: null, to: 'stopped', actor: 'user', ownerId: owner });
  });

  it('moves through the life cycle, storing who and why, and refuses a move from another status', async () => {
    const d = await asOwner((c) => createDeployment(c, owner, { ...spec, name: 'cycle' }, { actor: 'user' }));
    const start = await asOwner((c) =>
      transitionDeployment(c, {
        deploymentId: d.id,
        from: ['stopped', 'error', 'halted'],
        to: 'starting',
        actor: 'user',
        actorUserId: owner,
        reason: 'go',
      }),
    );
    expect(start.deployment.status).toBe('starting');
    expect(start.event).toMatchObject({ from: 'stopped', to: 'starting', actor: 'user', reason: 'go' });
    expect((await listDeploymentsToRun(db.pool)).map((r) => r.id)).toContain(d.id);

    const running = await transitionDeployment(db.pool, {
      deploymentId: d.id,
      from: ['starting'],
      to: 'running',
      actor: 'runner',
      daemonId: 'daemon-a',
    });
    expect(running.event).toMatchObject({
      from: 'starting',
      to: 'running',
      daemonId: 'daemon-a',
      actorUserId: null,
    });

    await expect(
      asOwner((c) =>
        transitionDeployment(c, { deploymentId: d.id, from: ['paused'], to: 'running', actor: 'user' }),
      ),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('is running') });

    const failed = await transitionDeployment(db.pool, {
      deploymentId: d.id,
      from: ['running', 'paused'],
      to: 'error',
      actor: 'runner',
      error: 'TypeError: x is undefined',
      errorStack: `TypeError: x is undefined\n${'    at onBar (strategy.ts:1:1)\n'.repeat(1000)}`,
    });
    expect(failed.deployment.error).toBe('TypeError: x is undefined');
    expect(failed.deployment.errorStack!.length).toBeLessThanOrEqual(8000);
    expect((await listDeploymentsToRun(db.pool)).map((r) => r.id)).not.toContain(d.id);

    // Starting again clears the last error (its history keeps it).
    const restart = await transitionDeployment(db.pool, {
      deploymentId: d.id,
      from: ['error'],
      to: 'starting',
      actor: 'user',
    });
    expect(restart.deployment).toMatchObject({ error: null, errorStack: null });
    expect((await listDeploymentEvents(db.pool, d.id)).map((e) => e.to)).toEqual([
      'starting',
      'error',
      'running',
      'starting',
      'stopped',
    ]);
    await until('the error event', () =>
      events.find((e) => e.payload.deploymentId === d.id && e.payload.to === 'error'),
    );
  });

  it('refuses a move its actor may not make before touching the row', async () => {
    const d = await asOwner((c) =>
      createDeployment(c, owner, { ...spec, name: 'guarded' }, { actor: 'user' }),
    );
    await expect(
      transitionDeployment(db.pool, { deploymentId: d.id, from: ['stopped'], to: 'running', actor: 'user' }),
    ).rejects.toMatchObject({ code: 'INVARIANT_BROKEN' });
    expect((await loadDeployment(db.pool, d.id)).status).toBe('stopped');
    expect(await listDeploymentEvents(db.pool, d.id)).toHaveLength(1);
  });

  it('lets exactly one of many concurrent starts through', async () => {
    const d = await asOwner((c) => createDeployment(c, owner, { ...spec, name: 'race' }, { actor: 'user' }));
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () =>
        transitionDeployment(db.pool, {
          deploymentId: d.id,
          from: ['stopped'],
          to: 'starting',
          actor: 'user',
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected'))
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });
    expect((await listDeploymentEvents(db.pool, d.id)).filter((e) => e.to === 'starting')).toHaveLength(1);
  });

  it('updates the spec only while nobody runs it, and records the fields changed', async () => {
    const d = await asOwner((c) =>
      createDeployment(c, owner, { ...spec, name: 'editable' }, { actor: 'user' }),
    );
    const updated = await asOwner((c) =>
      updateDeployment(
        c,
        d.id,
        { capital: '100000.00', symbols: ['NSE:SBIN'], params: { size: 5 } },
        { actor: 'user', actorUserId: owner },
      ),
    );
    expect(updated).toMatchObject({
      capital: '100000.00',
      symbols: ['NSE:SBIN'],
      params: { size: 5 },
      name: 'editable',
    });
    expect((await listDeploymentEvents(db.pool, d.id))[0]).toMatchObject({
      from: 'stopped',
      to: 'stopped',
      reason: 'updated capital, symbols, params',
    });
    await transitionDeployment(db.pool, {
      deploymentId: d.id,
      from: ['stopped'],
      to: 'starting',
      actor: 'user',
    });
    await expect(
      asOwner((c) => updateDeployment(c, d.id, { capital: '1.00' }, { actor: 'user' })),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('is starting; stop it') });
    expect((await loadDeployment(db.pool, d.id)).capital).toBe('100000.00');
  });

  it('keeps other users out (row-level security) and refuses a duplicate name per owner', async () => {
    const d = await asOwner((c) =>
      createDeployment(c, owner, { ...spec, name: 'private' }, { actor: 'user' }),
    );
    const asStranger = <T>(fn: Parameters<typeof withUserScope<T>>[2]) =>
      withUserScope(db.pool, { userId: stranger, role: 'operator' }, fn);
    await expect(asStranger((c) => loadDeployment(c, d.id))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      asStranger((c) =>
        transitionDeployment(c, { deploymentId: d.id, from: ['stopped'], to: 'starting', actor: 'user' }),
      ),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await asStranger((c) => listDeployments(c))).total).toBe(0);
    expect(await asStranger((c) => listDeploymentEvents(c, d.id))).toEqual([]);
    await expect(
      asOwner((c) => createDeployment(c, owner, { ...spec, name: 'private' }, { actor: 'user' })),
    ).rejects.toMatchObject({ code: '23505' });
    await expect(db.pool.query('UPDATE deployment_events SET reason = $1', ['x'])).rejects.toMatchObject({
      code: 'QTD01',
    });
  });
});

describe('finding a deployment by name', () => {
  it('finds the caller’s own first, and refuses an ambiguous name across owners', async () => {
    const strangerAccount = await createBrokerAccount(db.pool, stranger);
    const theirs = await seedDeployment(db.pool, stranger, strangerAccount);
    const mine = await asOwner((c) =>
      createDeployment(c, owner, { ...spec, name: 'shared name' }, { actor: 'user' }),
    );
    await createDeployment(
      db.pool,
      stranger,
      { ...spec, name: 'shared name', strategyId: theirs.strategyId, brokerAccountId: strangerAccount },
      { actor: 'user' },
    );
    expect((await asOwner((c) => findDeployment(c, 'shared name'))).id).toBe(mine.id);
    await expect(findDeployment(db.pool, 'shared name')).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await findDeployment(db.pool, mine.id)).name).toBe('shared name');
  });
});
