// `quanttrade reader enable|disable|status`: the read-only SQL login for pandas, psql and BI
// tools (sql/010_reader_role_and_backtest_orders.sql, docs/python.md). Reaches the same database
// as `start`.
import { writeAudit } from '../../api/auth/audit';
import {
  disableReader,
  enableReader,
  readerConnectionString,
  readerStatus,
  READER_ROLE,
} from '../../db/reader-role';
import { withCommandDatabase } from '../cli-database';
import { defineCommand, defineGroup } from '../command';

const enable = defineCommand({
  summary: `Give ${READER_ROLE} LOGIN and a new random password; prints the connection string once`,
  description: 'The new password replaces the old one.',
  daemonOptions: true,
  async run(inv) {
    return withCommandDatabase(inv, async ({ db, pool }) => {
      const password = await enableReader(pool);
      await writeAudit(pool, { actor: 'system', action: 'reader.enable', target: READER_ROLE });
      console.log(`${READER_ROLE} can log in now. Its connection string (shown only this once):\n`);
      console.log(`  ${readerConnectionString(db.connectionString, password)}\n`);
      if (db.mode !== 'external')
        console.log(
          'The embedded PostgreSQL listens on 127.0.0.1 only: connect from this machine (or an SSH tunnel).',
        );
      return 0;
    });
  },
});

const disable = defineCommand({
  summary: `Take LOGIN away from ${READER_ROLE} and end its open sessions`,
  daemonOptions: true,
  async run(inv) {
    return withCommandDatabase(inv, async ({ pool }) => {
      const ended = await disableReader(pool);
      await writeAudit(pool, { actor: 'system', action: 'reader.disable', target: READER_ROLE });
      console.log(`${READER_ROLE} can no longer log in; ${ended} open session(s) ended.`);
      return 0;
    });
  },
});

const status = defineCommand({
  summary: `Whether ${READER_ROLE} can log in, and its open connections`,
  daemonOptions: true,
  async run(inv) {
    return withCommandDatabase(inv, async ({ pool }) => {
      const s = await readerStatus(pool);
      console.log(
        `${READER_ROLE}: ${s.canLogin ? 'enabled (LOGIN)' : 'disabled (NOLOGIN)'}, ${s.connections} open connection(s)`,
      );
      return 0;
    });
  },
});

export const command = defineGroup({
  summary: 'The read-only SQL login for pandas, psql and BI tools: enable, disable, status',
  description:
    `${READER_ROLE} reads what the SQL console reads — market data, strategies, backtests and results,\n` +
    "orders, fills, the audit log — every user's rows, never a secret, and cannot write (docs/python.md).",
  commands: { enable, disable, status },
});
