// `quanttrade export backtest N | deployment N | bars --symbol S …`: results, a deployment's
// ledger and stored bars as CSV or Parquet
// files (daemon/src/exports/, docs/exports.md). Reaches the same database as `start`.
import { mkdir } from 'node:fs/promises';
import { z } from 'zod';
import { withTransaction } from '../../db/pool';
import { backtestTables } from '../../exports/backtest-tables';
import { barTable } from '../../exports/bar-table';
import { deploymentTables } from '../../exports/deployment-tables';
import { writeTableFile, type WrittenFile } from '../../exports/export-writer';
import { EXPORT_FORMATS } from '../../exports/table';
import { findInstruments } from '../../market/instrument-store';
import { withCommandDatabase } from '../cli-database';
import { defineCommand, defineGroup, UsageError } from '../command';
import { parseCliTime } from '../data/dates';
import { RANGE_OPTIONS } from '../data/range-options';

const TIMES =
  'Timestamps are IST (CSV: ISO 8601 with +05:30; Parquet: timestamp[ms, tz=Asia/Kolkata]).\n' +
  'Files appear only once complete.';

const format = z
  .enum(EXPORT_FORMATS as [string, ...string[]], { message: 'csv or parquet' })
  .transform((f) => f as 'csv' | 'parquet');
const common = { format, out: z.string().min(1).default('.') };
const COMMON_OPTIONS = {
  format: { type: 'string', value: 'csv|parquet', describe: 'the file format' },
  out: { type: 'string', value: 'DIR', describe: 'where the files go (default: the current directory)' },
} as const;

function report(files: WrittenFile[]): void {
  for (const f of files) console.log(`wrote ${f.path}: ${f.rows} rows, ${f.bytes} bytes`);
}

const backtest = defineCommand({
  summary: "A backtest's trades, orders and equity curve as CSV or Parquet files",
  usage: 'ID --format csv|parquet [--out DIR]',
  description: `Writes DIR/backtest-ID-{trades,orders,equity}.<format>. ${TIMES}`,
  args: [{ name: 'ID', describe: 'a backtest id (the console or backtests.list shows them)' }],
  options: COMMON_OPTIONS,
  schema: z.object(common),
  daemonOptions: true,
  async run(inv) {
    const id = inv.args[0]!;
    if (!/^\d+$/.test(id))
      throw new UsageError(`ID: got ${JSON.stringify(id)}, expected a backtest id (a number)`);
    const flags = inv.options;
    await mkdir(flags.out, { recursive: true });
    return withCommandDatabase(inv, async ({ pool }) => {
      const files = await withTransaction(pool, async (db) => {
        const { tables } = await backtestTables(db, Number(id));
        const written: WrittenFile[] = [];
        for (const table of tables) written.push(await writeTableFile(table, flags.format, flags.out));
        return written;
      });
      report(files);
      return 0;
    });
  },
});

const deployment = defineCommand({
  summary: "A deployment's fills and end-of-day reports as CSV or Parquet files",
  usage: 'ID --format csv|parquet [--out DIR]',
  description: `Writes DIR/deployment-ID-{fills,eod}.<format>: every fill with its charges by component as booked, and one row per end-of-day report. ${TIMES}`,
  args: [{ name: 'ID', describe: 'a deployment id (quanttrade deploy list shows them)' }],
  options: COMMON_OPTIONS,
  schema: z.object(common),
  daemonOptions: true,
  async run(inv) {
    const id = inv.args[0]!;
    if (!/^\d+$/.test(id))
      throw new UsageError(`ID: got ${JSON.stringify(id)}, expected a deployment id (a number)`);
    const flags = inv.options;
    await mkdir(flags.out, { recursive: true });
    return withCommandDatabase(inv, async ({ pool }) => {
      const files = await withTransaction(pool, async (db) => {
        await db.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const { tables } = await deploymentTables(db, Number(id));
        const written: WrittenFile[] = [];
        for (const table of tables) written.push(await writeTableFile(table, flags.format, flags.out));
        return written;
      });
      report(files);
      return 0;
    });
  },
});

const bars = defineCommand({
  summary: 'Stored bars of one symbol as a CSV or Parquet file',
  usage: '--symbol S [--timeframe 1d] [--from YYYY-MM-DD] [--to YYYY-MM-DD] --format csv|parquet [--out DIR]',
  description: `Writes DIR/<SYMBOL>_<timeframe>.<format> (--to is inclusive). ${TIMES}`,
  options: { ...RANGE_OPTIONS, ...COMMON_OPTIONS },
  schema: z.object({
    ...common,
    symbol: z.string({ message: 'a symbol such as TCS' }).min(1, 'a symbol'),
    timeframe: z.string().default('1d'),
    from: z.string().optional(),
    to: z.string().optional(),
  }),
  daemonOptions: true,
  async run(inv) {
    const flags = inv.options;
    const range = {
      timeframe: flags.timeframe,
      from: parseCliTime('from', flags.from, false),
      to: parseCliTime('to', flags.to, true),
    };
    await mkdir(flags.out, { recursive: true });
    return withCommandDatabase(inv, async ({ pool }) => {
      const [instrument] = await findInstruments(pool, [flags.symbol]);
      const file = await withTransaction(pool, async (db) => {
        await db.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
        return writeTableFile(barTable(db, instrument!, range), flags.format, flags.out);
      });
      report([file]);
      return 0;
    });
  },
});

export const command = defineGroup({
  summary:
    "Export backtest results, a deployment's fills and EOD reports, or stored bars as CSV or Parquet files",
  description: 'docs/exports.md describes the files.',
  commands: { backtest, deployment, bars },
});
