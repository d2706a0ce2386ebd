// `quanttrade paper` flags → options. The flags follow `quanttrade backtest`'s, plus --speed;
// every bad value is a UsageError naming the flag, the value and what was expected.
import { parseSpeed } from '../../broker/feeds/replay-source';
import { DEFAULT_COST_MODEL } from '../../costs/index';
import { UsageError } from '../command';
import { parseParam } from '../backtest/args';

export interface PaperOptions {
  strategy?: string;
  params: Record<string, unknown>;
  symbols: string[];
  timeframe: string;
  from?: string;
  to?: string;
  cash: number;
  costs: string;
  slippage: string;
  product: 'delivery' | 'intraday';
  /** Undefined when not given: max for a replay, 1 (real time) for the synthetic feed. */
  speed: number | 'max' | undefined;
  /** Synthetic feed: stop after this many minutes (default: until Ctrl-C). */
  minutes?: number;
  json?: string;
  owner?: string;
  quiet: boolean;
}

const RUN = 'Strategy';
const DATA = 'Data';
const ACCOUNT = 'Account and costs';
const OUTPUT = 'Output';

/** The command's options, in the framework's terms (cli/command.ts). */
export const PAPER_OPTIONS = {
  strategy: {
    type: 'string',
    short: 's',
    value: 'NAME',
    section: RUN,
    describe: 'a template (quanttrade backtest --list-strategies shows them)',
  },
  param: {
    type: 'string',
    short: 'p',
    value: 'KEY=VALUE',
    multiple: true,
    section: RUN,
    describe: 'a parameter (repeatable), e.g. -p fast=10 -p slow=30',
  },
  symbol: {
    type: 'string',
    value: 'NAME',
    multiple: true,
    section: DATA,
    describe: 'a stored symbol (repeatable, or comma-separated)',
  },
  timeframe: {
    type: 'string',
    value: 'TF',
    section: DATA,
    describe: '1m (default), 3m, 5m, 15m, 30m, 1h, 1d',
  },
  from: {
    type: 'string',
    value: 'DATE',
    section: DATA,
    describe: 'replayed range start: YYYY-MM-DD (IST) or an ISO date-time',
  },
  to: { type: 'string', value: 'DATE', section: DATA, describe: 'replayed range end (inclusive)' },
  speed: {
    type: 'string',
    value: 'N|max',
    section: DATA,
    describe:
      'market seconds per second (60 = a minute a second) or max (default: max for a replay, 1 for the synthetic feed)',
  },
  minutes: { type: 'string', value: 'N', section: DATA, describe: 'synthetic feed: stop after N minutes' },
  cash: { type: 'string', value: 'RUPEES', section: ACCOUNT, describe: 'capital (default 1000000)' },
  commission: {
    type: 'string',
    value: 'RATE',
    section: ACCOUNT,
    describe: 'percentage commission on every fill: 0.001 = 0.1 %',
  },
  costs: {
    type: 'string',
    value: 'MODEL',
    section: ACCOUNT,
    describe: 'india (default) | none | percent:<rate> | flat:<rupees> | india-…',
  },
  slippage: {
    type: 'string',
    value: 'S',
    section: ACCOUNT,
    describe: 'none | ticks:<n> | bps:<n> (default none)',
  },
  product: {
    type: 'string',
    value: 'P',
    section: ACCOUNT,
    describe: 'delivery (CNC, long only) | intraday (INTRADAY, square-off 15:20 IST)',
  },
  owner: {
    type: 'string',
    value: 'EMAIL',
    section: ACCOUNT,
    describe: 'the user the deployment belongs to (default: the first admin)',
  },
  json: {
    type: 'string',
    value: 'FILE',
    section: OUTPUT,
    describe: "the result in `quanttrade backtest --json`'s shape",
  },
  quiet: { type: 'boolean', short: 'q', section: OUTPUT, describe: 'no running lines or summary' },
} as const;

type PaperValues = {
  [K in keyof typeof PAPER_OPTIONS]?: (typeof PAPER_OPTIONS)[K] extends { type: 'boolean' }
    ? boolean
    : (typeof PAPER_OPTIONS)[K] extends { multiple: true }
      ? string[]
      : string;
};

const bad = (flag: string, value: unknown, expected: string) =>
  new UsageError(`--${flag}: got ${JSON.stringify(value)}, expected ${expected}`);

function positive(flag: string, text: string | undefined, expected: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0) throw bad(flag, text, expected);
  return n;
}

function costsOf(commission: string | undefined, costs: string | undefined): string {
  if (commission === undefined) return costs ?? DEFAULT_COST_MODEL;
  if (costs !== undefined && costs !== 'none')
    throw new UsageError(`--commission and --costs ${costs} both set a cost model; use one of them`);
  const n = Number(commission);
  if (commission.trim() === '' || !(n >= 0 && n < 1))
    throw bad('commission', commission, 'a fraction of traded value in [0, 1), e.g. 0.001 for 0.1 %');
  return `percent:${commission}`;
}

/** The options as parsed by the command framework → what the paper run needs. */
export function paperOptions(v: PaperValues): PaperOptions {
  const product = v.product ?? 'delivery';
  if (product !== 'delivery' && product !== 'intraday')
    throw bad('product', product, 'delivery (long only) or intraday (shorts, square-off 15:20 IST)');
  const speedText = v.speed ?? 'max';
  const speed = parseSpeed(speedText);
  if (speed === undefined)
    throw bad('speed', speedText, "market seconds per second (60 = a minute a second) or 'max'");
  const minutes = positive('minutes', v.minutes, 'a positive number of minutes');
  if (v.to !== undefined && v.from === undefined)
    throw bad('to', v.to, 'a --from as well (a replayed range)');
  return {
    strategy: v.strategy,
    params: Object.fromEntries((v.param ?? []).map(parseParam)),
    symbols: (v.symbol ?? [])
      .flatMap((s) => s.split(','))
      .map((s) => s.trim())
      .filter(Boolean),
    timeframe: v.timeframe ?? '1m',
    from: v.from,
    to: v.to,
    cash: positive('cash', v.cash, 'a positive number of rupees') ?? 1_000_000,
    costs: costsOf(v.commission, v.costs),
    slippage: v.slippage ?? 'none',
    product,
    speed,
    ...(minutes !== undefined ? { minutes } : {}),
    json: v.json,
    owner: v.owner,
    quiet: v.quiet ?? false,
  };
}

export const PAPER_USAGE = [
  '--strategy NAME --symbol SYM [--symbol SYM2 …] --from DATE [--to DATE] [options]',
  '--strategy NAME [--symbol DEMO…] [--minutes N] [options]   (synthetic live feed)',
] as const;

export const PAPER_DESCRIPTION = `Runs a paper deployment in this process: the strategy trades through the risk gate, the order
ledger and the paper venue in the database \`quanttrade start\` uses (QUANTTRADE_HOME's embedded
PostgreSQL, or DATABASE_URL), exactly as a deployment does — orders, fills and P&L are stored
and shown by \`quanttrade orders\`/\`positions\`. Orders and P&L are printed as they happen, then
a summary like \`quanttrade backtest\`'s.

With --from (and --to), stored bars of the range are replayed (warm-up bars before --from come
from the store too): the result equals \`quanttrade backtest\` on the same bars and flags. Without
--from, the synthetic feed ticks once a second for the demo symbols (DEMOBANK, …) and bars are
made from the ticks on the clock: it runs until Ctrl-C or --minutes.`;
