// Submit-time check that the bar store can feed a run: every symbol is a known instrument with
// bars of the timeframe inside the range. Reads the coverage table (one row per instrument and
// timeframe), not the bars, so it costs one small query. The worker checks again when it loads
// (data may be deleted in between); this check only turns the common mistake into a
// BAD_REQUEST naming the symbol instead of a failed job.
import { AppError, validationError, type FieldIssue } from '../core/errors';
import { formatIstDateTime } from '../core/calendar/civil-date';
import type { PoolClient } from '../db/pool';
import { readCoverage, type Coverage } from '../market/bar-coverage';
import { findInstruments, type StoredInstrument } from '../market/instrument-store';
import { formatSymbolRef, parseSymbolRef } from '../market/symbol-ref';
import type { RunSpec } from './run-spec';

async function instrumentsOf(db: PoolClient, symbols: string[]): Promise<StoredInstrument[]> {
  try {
    return await findInstruments(db, symbols);
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'NOT_FOUND') throw err;
    const missing = (err.details?.symbols as string[] | undefined) ?? [];
    throw validationError(
      symbols
        .map((s, i) => ({ s, i }))
        .filter(({ s }) => missing.includes(formatSymbolRef(parseSymbolRef(s))))
        .map(({ s, i }) => ({
          path: `universe.symbols[${i}]`,
          value: s,
          expected: 'a known instrument (import its bars first: quanttrade data import, fetch or synth)',
        })),
      'universe',
    );
  }
}

function describeHeld(held: Coverage[]): string {
  if (held.length === 0) return 'the store holds no bars for it';
  return `the store holds ${held.map((c) => `${c.timeframe} ${formatIstDateTime(c.first)} … ${formatIstDateTime(c.last)}`).join(', ')}`;
}

/** Checks the universe's coverage; returns whether any of its instruments is synthetic. */
export async function checkCoverage(
  db: PoolClient,
  spec: RunSpec,
  range: { from: number; to: number },
): Promise<{ synthetic: boolean }> {
  const instruments = await instrumentsOf(db, spec.symbols);
  const coverage = await readCoverage(
    db,
    instruments.map((i) => i.id),
  );
  const issues: FieldIssue[] = [];
  instruments.forEach((instrument, i) => {
    const held = coverage.filter((c) => c.instrumentId === instrument.id);
    const tf = held.find((c) => c.timeframe === spec.timeframe);
    if (tf && tf.last >= range.from && tf.first < range.to) return;
    issues.push({
      path: `universe.symbols[${i}]`,
      value: spec.symbols[i],
      expected: `a symbol with ${spec.timeframe} bars from ${formatIstDateTime(range.from)} to ${formatIstDateTime(range.to)} (${describeHeld(held)})`,
    });
  });
  if (issues.length > 0) throw validationError(issues, 'universe');
  return { synthetic: instruments.some((i) => i.synthetic) };
}
