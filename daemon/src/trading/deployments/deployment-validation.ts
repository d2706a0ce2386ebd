// A deployment spec checked against the database before it is stored (issue 10 "Bad input and
// faults"): every symbol in the instrument master and tradable, a timeframe its stored bars can
// make, a product the instrument allows, sizes in whole lots, a strategy version that exists and
// accepts the parameters, and an account and risk profile of the owner's. Every problem is
// reported at once, each naming the field, the value and what was expected.
import { validationError, type AppError, type FieldIssue } from '../../core/errors';
import { parseTimeframe } from '../../core/timeframe';
import type { PoolClient } from '../../db/pool';
import { readCoverage, type Coverage } from '../../market/bar-coverage';
import { formatSymbolRef, parseSymbolRef, type SymbolRef } from '../../market/symbol-ref';
import { toInstrument, type StoredInstrument } from '../../market/instrument-store';
import type { StrategyCode } from '../../sandbox/strategy-code';
import { checkParams, type StrategyVersionRef } from './deployment-strategy';
import type { DeploymentSpec } from './deployment-spec';

export interface ValidatedSpec {
  /** Symbols in canonical form ('NSE:TCS'), params with the strategy's defaults filled in. */
  spec: DeploymentSpec;
  instruments: StoredInstrument[];
  strategy: StrategyVersionRef;
}

/** Parameters that give an order quantity in units: they must be whole lots of every symbol. */
const SIZE_PARAMS = ['size', 'qty', 'quantity'];
/** Parameters by which a strategy says it may open short positions. */
const SHORT_PARAMS = ['allowShort', 'allowShorts', 'short', 'shorts'];

async function lookupInstruments(db: PoolClient, refs: SymbolRef[]): Promise<StoredInstrument[]> {
  const { rows } = await db.query<Parameters<typeof toInstrument>[0]>(
    `SELECT id, exchange, segment, kind, symbol, name, security_id, tick_size::float8 AS tick_size, lot_size, source,
            synthetic
       FROM instruments WHERE symbol = ANY($1)`,
    [refs.map((r) => r.symbol)],
  );
  return rows.map(toInstrument);
}

function pick(candidates: StoredInstrument[], ref: SymbolRef): StoredInstrument | undefined {
  const same = candidates.filter((c) => c.symbol === ref.symbol);
  if (ref.explicitExchange) return same.find((c) => c.exchange === ref.exchange);
  return same.find((c) => c.exchange === 'NSE') ?? same[0];
}

/** Resolves the symbols; issues for malformed, unknown, repeated and untradable ones. */
async function checkSymbols(
  db: PoolClient,
  symbols: string[],
  issues: FieldIssue[],
): Promise<(StoredInstrument | undefined)[]> {
  const refs = symbols.map((s, i) => {
    try {
      return parseSymbolRef(s, `symbols[${i}]`);
    } catch (err) {
      issues.push(...((err as AppError).details?.issues as FieldIssue[]));
      return undefined;
    }
  });
  const candidates = await lookupInstruments(
    db,
    refs.filter((r): r is SymbolRef => r !== undefined),
  );
  const seen = new Map<number, number>();
  return refs.map((ref, i) => {
    if (!ref) return undefined;
    const found = pick(candidates, ref);
    const path = `symbols[${i}]`;
    if (!found) {
      issues.push({
        path,
        value: symbols[i],
        expected: `an instrument in the instrument master (${formatSymbolRef(ref)} is not there: load the master with quanttrade data instruments, or import its bars)`,
      });
      return undefined;
    }
    if (found.kind === 'index') {
      issues.push({
        path,
        value: symbols[i],
        expected: 'a tradable instrument (an index cannot be ordered)',
      });
      return undefined;
    }
    const first = seen.get(found.id);
    if (first !== undefined) {
      issues.push({
        path,
        value: symbols[i],
        expected: `a symbol not already listed (as symbols[${first}])`,
      });
      return undefined;
    }
    seen.set(found.id, i);
    return found;
  });
}

/** Whether bars of `stored` can be aggregated into bars of `wanted` (same, or a finer divisor). */
export function canMake(stored: string, wanted: string): boolean {
  const s = parseTimeframe(stored);
  const w = parseTimeframe(wanted);
  if (!s || !w) return false;
  if (w.daily) return true;
  return !s.daily && s.seconds <= w.seconds && w.seconds % s.seconds === 0;
}

function checkTimeframe(
  spec: DeploymentSpec,
  instruments: (StoredInstrument | undefined)[],
  coverage: Coverage[],
  issues: FieldIssue[],
) {
  const short: string[] = [];
  instruments.forEach((instrument) => {
    if (!instrument) return;
    const held = coverage.filter((c) => c.instrumentId === instrument.id);
    if (held.some((c) => canMake(c.timeframe, spec.timeframe))) return;
    // Dhan's historical API gives 1-minute bars for any instrument with a security id (warm-up fetches).
    if (held.length === 0 && instrument.securityId && spec.mode === 'live') return;
    const name = formatSymbolRef(instrument);
    short.push(
      held.length ? `${name} has ${held.map((c) => c.timeframe).join(', ')}` : `${name} has no bars`,
    );
  });
  if (short.length > 0)
    issues.push({
      path: 'timeframe',
      value: spec.timeframe,
      expected: `a timeframe the stored bars can make (stored ${spec.timeframe} bars or a finer timeframe that divides it; ${short.join('; ')}): import them with quanttrade data fetch/import/synth, or choose another timeframe`,
    });
}

function checkProduct(
  spec: DeploymentSpec,
  instruments: (StoredInstrument | undefined)[],
  issues: FieldIssue[],
) {
  for (const instrument of instruments) {
    if (!instrument) continue;
    const derivative = instrument.kind === 'future' || instrument.kind === 'option';
    const allowed = derivative ? ['INTRADAY', 'MARGIN'] : ['CNC', 'INTRADAY'];
    if (allowed.includes(spec.product)) continue;
    issues.push({
      path: 'product',
      value: spec.product,
      expected: `${allowed.join(' or ')} for ${formatSymbolRef(instrument)} (${derivative ? `a${instrument.kind === 'option' ? 'n' : ''} ${instrument.kind}: CNC is cash-equity delivery` : 'cash equity: MARGIN is F&O carry-forward'})`,
    });
    return;
  }
  if (spec.product !== 'CNC') return;
  for (const key of SHORT_PARAMS)
    if (spec.params[key] === true)
      issues.push({
        path: `params.${key}`,
        value: true,
        expected:
          'false with product CNC (delivery cannot sell what it does not hold: use INTRADAY to short)',
      });
}

function checkLots(
  spec: DeploymentSpec,
  instruments: (StoredInstrument | undefined)[],
  issues: FieldIssue[],
) {
  for (const key of SIZE_PARAMS) {
    const value = spec.params[key];
    if (typeof value !== 'number' || !Number.isInteger(value)) continue;
    const off = instruments.find((i) => i && value % i.lotSize !== 0);
    if (off)
      issues.push({
        path: `params.${key}`,
        value,
        expected: `a whole number of lots (${formatSymbolRef(off)} trades in lots of ${off.lotSize})`,
      });
  }
}

async function checkOwned(db: PoolClient, ownerId: number, spec: DeploymentSpec, issues: FieldIssue[]) {
  const account = await db.query<{ owner_id: number; broker: string }>(
    'SELECT owner_id, broker FROM broker_accounts WHERE id = $1',
    [spec.brokerAccountId],
  );
  const a = account.rows[0];
  if (!a || a.owner_id !== ownerId)
    issues.push({
      path: 'brokerAccountId',
      value: spec.brokerAccountId,
      expected: 'one of your broker accounts',
    });
  else if ((spec.mode === 'paper') !== (a.broker === 'paper'))
    issues.push({
      path: 'brokerAccountId',
      value: spec.brokerAccountId,
      expected:
        spec.mode === 'paper'
          ? 'a paper account for a paper deployment'
          : `a broker account (not paper) for a live deployment`,
    });
  if (spec.riskProfileId === null) return;
  const profile = await db.query<{ owner_id: number; archived_at: Date | null }>(
    'SELECT owner_id, archived_at FROM risk_profiles WHERE id = $1',
    [spec.riskProfileId],
  );
  const p = profile.rows[0];
  if (!p || p.owner_id !== ownerId)
    issues.push({
      path: 'riskProfileId',
      value: spec.riskProfileId,
      expected: 'one of your risk profiles, or null',
    });
  else if (p.archived_at)
    issues.push({
      path: 'riskProfileId',
      value: spec.riskProfileId,
      expected: 'a risk profile that is not archived',
    });
}

/**
 * Checks `spec` for `ownerId` under the caller's row-level security; throws VALIDATION_FAILED
 * listing every problem. `code` parses a code strategy's parameters in the sandbox.
 */
export async function validateDeploymentSpec(
  db: PoolClient,
  ownerId: number,
  spec: DeploymentSpec,
  code?: StrategyCode,
): Promise<ValidatedSpec> {
  const issues: FieldIssue[] = [];
  const instruments = await checkSymbols(db, spec.symbols, issues);
  const strategy = await checkParams(db, spec, issues, code, ownerId);
  const checked = { ...spec, params: strategy?.params ?? spec.params };
  const coverage = await readCoverage(
    db,
    instruments.filter((i) => i !== undefined).map((i) => i.id),
  );
  checkTimeframe(checked, instruments, coverage, issues);
  checkProduct(checked, instruments, issues);
  checkLots(checked, instruments, issues);
  await checkOwned(db, ownerId, checked, issues);
  if (issues.length > 0 || !strategy) throw validationError(issues, 'deployment');
  const resolved = instruments as StoredInstrument[];
  return {
    spec: { ...checked, symbols: resolved.map((i) => formatSymbolRef(i)) },
    instruments: resolved,
    strategy: strategy.ref,
  };
}
