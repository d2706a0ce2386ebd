// Every queue keeps the policy declared in jobs/queues.ts. pg-boss 10's updateQueue defaults a
// missing policy to 'standard', so re-declaring a queue on each start used to turn the stately
// queues (one queued and one active at most) into standard ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUES, QUEUE_NAMES } from '../../daemon/src/jobs/queues';
import { startTestDaemon, type TestDaemon } from '../support/daemon';

describe('queue policies', () => {
  let daemon: TestDaemon;
  beforeAll(async () => {
    daemon = await startTestDaemon();
  });
  afterAll(async () => {
    await daemon?.stop();
  });

  it('stores the declared policy of every queue, stately ones included', async () => {
    const { rows } = await daemon.pool.query<{ name: string; policy: string }>(
      'SELECT name, policy FROM pgboss.queue WHERE name = ANY($1)',
      [QUEUE_NAMES],
    );
    const stored = Object.fromEntries(rows.map((r) => [r.name, r.policy]));
    const declared = Object.fromEntries(QUEUE_NAMES.map((n) => [n, QUEUES[n].policy]));
    expect(Object.values(declared)).toContain('stately');
    expect(stored).toEqual(declared);
  });
});
