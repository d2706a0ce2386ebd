// market_ingests rows: what was asked, how far it got, how it ended (sql/002_market.sql).
import type { Pool, PoolClient } from '../db/pool';
import type { IngestStatus } from './ingest-events';

export type IngestKind = 'csv' | 'yahoo' | 'dhan' | 'synthetic';

export interface IngestRow {
  id: number;
  kind: IngestKind;
  request: Record<string, unknown>;
  status: IngestStatus;
  progress: number;
  barsWritten: number;
  error: string | null;
  errorDetails: unknown;
  jobId: string | null;
  createdBy: number | null;
  createdAt: string;
  updatedAt: string;
}

const COLUMNS = `id, kind, request - 'csv' AS request, status, progress, bars_written, error, error_details, job_id,
  created_by, created_at, updated_at`;

interface Row {
  id: number;
  kind: IngestKind;
  request: Record<string, unknown>;
  status: IngestStatus;
  progress: number;
  bars_written: number;
  error: string | null;
  error_details: unknown;
  job_id: string | null;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
}

function toIngest(r: Row): IngestRow {
  return {
    id: Number(r.id),
    kind: r.kind,
    request: r.request,
    status: r.status,
    progress: r.progress,
    barsWritten: Number(r.bars_written),
    error: r.error,
    errorDetails: r.error_details,
    jobId: r.job_id,
    createdBy: r.created_by === null ? null : Number(r.created_by),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/**
 * Inserts a queued row that names its job, inside the caller's transaction (ingest-submit.ts
 * enqueues the job in the same one).
 */
export async function insertIngest(
  client: PoolClient,
  kind: IngestKind,
  request: object,
  createdBy: number | null,
  jobId: string,
): Promise<number> {
  const { rows } = await client.query(
    'INSERT INTO market_ingests (kind, request, created_by, job_id) VALUES ($1, $2, $3, $4) RETURNING id',
    [kind, JSON.stringify(request), createdBy, jobId],
  );
  return Number(rows[0].id);
}

/** The row with the full request (including uploaded CSV text), for the job that runs it. */
export async function readIngestRequest(
  pool: Pool,
  id: number,
): Promise<{ row: IngestRow; request: Record<string, unknown> } | undefined> {
  const { rows } = await pool.query(
    `SELECT ${COLUMNS}, request AS full_request FROM market_ingests WHERE id = $1`,
    [id],
  );
  return rows[0] ? { row: toIngest(rows[0]), request: rows[0].full_request } : undefined;
}

/**
 * Who may see ingests: their creator, and admins (`ownerId` undefined). Requests and errors are
 * the creator's business — a file path, a symbol list, why their file was refused.
 */
export type IngestViewer = { ownerId: number } | { admin: true };

function ownerOf(viewer: IngestViewer): number | null {
  return 'admin' in viewer ? null : viewer.ownerId;
}

export async function getIngest(
  pool: Pool,
  id: number,
  viewer: IngestViewer,
): Promise<IngestRow | undefined> {
  const { rows } = await pool.query<Row>(
    `SELECT ${COLUMNS} FROM market_ingests WHERE id = $1 AND ($2::bigint IS NULL OR created_by = $2)`,
    [id, ownerOf(viewer)],
  );
  return rows[0] ? toIngest(rows[0]) : undefined;
}

export async function listIngests(pool: Pool, limit: number, viewer: IngestViewer): Promise<IngestRow[]> {
  const { rows } = await pool.query<Row>(
    `SELECT ${COLUMNS} FROM market_ingests WHERE ($2::bigint IS NULL OR created_by = $2) ORDER BY id DESC LIMIT $1`,
    [limit, ownerOf(viewer)],
  );
  return rows.map(toIngest);
}

export interface IngestUpdate {
  status: IngestStatus;
  progress?: number;
  barsWritten?: number;
  error?: string | null;
  errorDetails?: unknown;
  /** Drop uploaded CSV text once it has been imported (or refused for good). */
  dropUpload?: boolean;
}

export async function updateIngest(pool: Pool, id: number, update: IngestUpdate): Promise<void> {
  await pool.query(
    `UPDATE market_ingests SET status = $2, progress = coalesce($3, progress), bars_written = coalesce($4, bars_written),
       error = CASE WHEN $5 THEN $6 ELSE error END, error_details = CASE WHEN $5 THEN $7::jsonb ELSE error_details END,
       request = CASE WHEN $8 THEN request - 'csv' ELSE request END
     WHERE id = $1`,
    [
      id,
      update.status,
      update.progress ?? null,
      update.barsWritten ?? null,
      update.error !== undefined,
      update.error ?? null,
      update.errorDetails === undefined ? null : JSON.stringify(update.errorDetails),
      update.dropUpload ?? false,
    ],
  );
}
