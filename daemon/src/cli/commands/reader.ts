// `quanttrade reader enable|disable|status`: the read-only SQL login for pandas, psql and BI
// tools (sql/010_reader_role_and_backtest_orders.sql, docs/python.md). Reaches the same database
// as `start`.
import { join } from 'node:path';
import { writeAudit } from '../../api/auth/audit';
import { packageRoot } from '../../config/package-root';
import { migrate } from '../../db/migration-runner';
import {
  disableReader,
  enableReader,
  readerConnectionString,
  readerStatus,
  READER_ROLE,
} from '../../db/reader-role';
import { cliConfig, cliLogger, withCliDatabase } from '../cli-database';
import { UsageError } from '../command';

const HELP = `Usage: quanttrade reader <enable|disable|status> [--home DIR | --database-url URL]

  enable   give ${READER_ROLE} LOGIN and a new random password (replaces the old one); prints
           the connection string once
  disable  take LOGIN away and end its open sessions
  status   whether it can log in, and its open connections

${READER_ROLE} reads what the SQL console reads — market data, strategies, backtests and results,
orders, fills, the audit log — every user's rows, never a secret, and cannot write (docs/python.md).`;

export async function run(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  if (!action || action === '--help' || action === '-h' || rest.includes('--help')) {
    console.log(HELP);
    return action ? 0 : 2;
  }
  if (!['enable', 'disable', 'status'].includes(action))
    throw new UsageError(`unknown reader action '${action}'\n\n${HELP}`);
  const config = cliConfig(rest);
  const log = cliLogger(config);
  return withCliDatabase(config, log, async (db) => {
    await migrate(db.pool, join(packageRoot(), 'sql'), log);
    if (action === 'status') {
      const status = await readerStatus(db.pool);
      console.log(
        `${READER_ROLE}: ${status.canLogin ? 'enabled (LOGIN)' : 'disabled (NOLOGIN)'}, ${status.connections} open connection(s)`,
      );
      return 0;
    }
    if (action === 'enable') {
      const password = await enableReader(db.pool);
      await writeAudit(db.pool, { actor: 'system', action: 'reader.enable', target: READER_ROLE });
      console.log(`${READER_ROLE} can log in now. Its connection string (shown only this once):\n`);
      console.log(`  ${readerConnectionString(db.connectionString, password)}\n`);
      if (db.mode !== 'external')
        console.log(
          'The embedded PostgreSQL listens on 127.0.0.1 only: connect from this machine (or an SSH tunnel).',
        );
      return 0;
    }
    const ended = await disableReader(db.pool);
    await writeAudit(db.pool, { actor: 'system', action: 'reader.disable', target: READER_ROLE });
    console.log(`${READER_ROLE} can no longer log in; ${ended} open session(s) ended.`);
    return 0;
  });
}
