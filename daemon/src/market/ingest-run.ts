// Runs one market_ingests row (the data.ingest job's work): CSV import, Yahoo/Dhan fetch or
// synthetic data, writing progress to the row and the bus. Input problems end the ingest as
// failed at once (retrying cannot help); transient ones are thrown so the job queue retries.
import { z } from 'zod';
import { AppError } from '../core/errors';
import type { EventBus } from '../events/event-bus';
import type { Pool } from '../db/pool';
import { parseOrThrow } from '../core/zod-issues';
import { storeBars } from './bar-store';
import { importCsv, type SkippedRows } from './csv-import';
import { fetchAndStore } from './fetch-bars';
import { publishIngest } from './ingest-events';
import { resolveImportPath, type ImportPlaces } from './import-path';
import { readIngestRequest, updateIngest, type IngestKind } from './ingest-store';
import type { FetchDhanCandles, SourceSettings } from './source-settings';
import { demoUniverse, syntheticUniverse } from './synthetic-universe';

export const csvRequest = z.object({
  symbol: z.string().min(1).max(80),
  csv: z.string().optional(),
  path: z.string().optional(),
  timeframe: z.string().optional(),
  timezone: z.enum(['IST', 'UTC']).optional(),
  dateFormat: z.string().optional(),
  columns: z.record(z.string(), z.string()).optional(),
  /** Scale each bar by Adj Close / Close (a Yahoo download). */
  adjust: z.boolean().optional(),
  /** Store the good rows; the bad ones are listed on the succeeded ingest (error, errorDetails). */
  skipBadRows: z.boolean().optional(),
});

export const fetchRequest = z.object({
  symbol: z.string().min(1).max(80),
  timeframe: z.string().default('1d'),
  from: z.number(),
  to: z.number(),
  adjust: z.boolean().optional(),
});

export const syntheticRequest = z.union([
  z.object({ demo: z.literal(true), today: z.number() }),
  z.object({
    symbols: z.number().int().min(1).max(1000),
    bars: z.number().int().min(1).max(5_000_000),
    timeframe: z.string(),
    startDate: z.string(),
    seed: z.number().int(),
    prefix: z.string(),
  }),
]);

export interface IngestDeps {
  pool: Pool;
  bus: EventBus;
  sources: SourceSettings;
  /** broker/dhan's candle fetcher (the composition root wires it): Dhan fetches need it. */
  dhanCandles?: FetchDhanCandles;
  /** Where server-side files may be read from (market.importFile). */
  places: ImportPlaces;
  signal?: AbortSignal;
}

/** Progress goes to the row and the bus at most every 250 ms (and at the end). */
function progressReporter(deps: IngestDeps, id: number, ownerId: number | null) {
  let last = 0;
  return (written: number, total: number) => {
    const now = Date.now();
    if (now - last < 250 && written < total) return;
    last = now;
    const progress = total > 0 ? written / total : 1;
    void updateIngest(deps.pool, id, { status: 'running', progress, barsWritten: written }).catch(
      () => undefined,
    );
    void publishIngest(deps.bus, ownerId, {
      ingestId: id,
      status: 'running',
      progress,
      barsWritten: written,
    }).catch(() => undefined);
  };
}

async function execute(
  kind: IngestKind,
  request: Record<string, unknown>,
  deps: IngestDeps,
  onProgress: (w: number, t: number) => void,
): Promise<{ written: number; skipped?: SkippedRows }> {
  if (kind === 'csv') {
    const r = parseOrThrow(csvRequest, request, 'CSV ingest');
    // A file on the daemon's disk: checked again now (the directory may have changed since it was
    // asked for), and none of its text may reach the error an ingest's readers see.
    const path = r.path === undefined ? undefined : await resolveImportPath(deps.places, r.path);
    const stored = await importCsv(deps.pool, {
      ...r,
      path,
      text: r.csv,
      onProgress,
      redactValues: path !== undefined,
    });
    return { written: stored.written, skipped: stored.skipped };
  }
  if (kind === 'yahoo' || kind === 'dhan') {
    const r = parseOrThrow(fetchRequest, request, `${kind} ingest`);
    const outcome = await fetchAndStore(
      deps.pool,
      { source: kind, ...r, signal: deps.signal, onProgress },
      deps.sources,
      deps.dhanCandles,
    );
    return { written: outcome.stored.written };
  }
  const r = parseOrThrow(syntheticRequest, request, 'synthetic ingest');
  const inputs = 'demo' in r ? demoUniverse(r.today) : syntheticUniverse(r);
  const stored = await storeBars(deps.pool, inputs, onProgress);
  return { written: stored.reduce((n, s) => n + s.written, 0) };
}

/** Runs ingest `id`; returns its final status. Throws only for errors worth retrying. */
export async function runIngest(
  id: number,
  deps: IngestDeps,
  lastAttempt: boolean,
): Promise<'succeeded' | 'failed'> {
  const found = await readIngestRequest(deps.pool, id);
  if (!found) throw new AppError('NOT_FOUND', `market ingest ${id} does not exist`);
  const { row, request } = found;
  if (row.status === 'succeeded' || row.status === 'failed') return row.status;
  const owner = row.createdBy;
  await updateIngest(deps.pool, id, { status: 'running', progress: 0, error: null });
  await publishIngest(deps.bus, owner, { ingestId: id, status: 'running', progress: 0, barsWritten: 0 });
  try {
    const { written, skipped } = await execute(row.kind, request, deps, progressReporter(deps, id, owner));
    await updateIngest(deps.pool, id, {
      status: 'succeeded',
      progress: 1,
      barsWritten: written,
      dropUpload: true,
      ...(skipped
        ? { error: `skipped ${skipped.rows} bad row${skipped.rows === 1 ? '' : 's'}`, errorDetails: skipped }
        : {}),
    });
    await publishIngest(deps.bus, owner, {
      ingestId: id,
      status: 'succeeded',
      progress: 1,
      barsWritten: written,
    });
    return 'succeeded';
  } catch (err) {
    const retry = !(err instanceof AppError) || err.kind === 'transient' || err.kind === 'limited';
    // A shutdown hands the job back whatever the error: it is retried on another start.
    if (deps.signal?.aborted || (retry && !lastAttempt)) {
      await updateIngest(deps.pool, id, {
        status: 'queued',
        progress: 0,
        error: `retrying: ${(err as Error).message}`,
      });
      await publishIngest(deps.bus, owner, { ingestId: id, status: 'queued', progress: 0, barsWritten: 0 });
      throw err;
    }
    const details = err instanceof AppError ? err.details : undefined;
    await updateIngest(deps.pool, id, {
      status: 'failed',
      error: (err as Error).message,
      errorDetails: details ?? null,
      dropUpload: true,
    });
    await publishIngest(deps.bus, owner, { ingestId: id, status: 'failed', progress: 0, barsWritten: 0 });
    return 'failed';
  }
}
