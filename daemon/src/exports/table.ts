// What an export is made of, whatever its format: named, typed columns, delivered in batches
// (column arrays of a few thousand to a hundred thousand rows), so that a million bars never sit
// in memory at once and each writer works column-wise.
//
// Types and how each format stores them (docs/exports.md):
//   timestamp  epoch ms; CSV: ISO 8601 in IST (+05:30); Parquet: INT64 TIMESTAMP(MILLIS, UTC)
//              with Arrow metadata naming Asia/Kolkata (pandas/pyarrow show IST)
//   float64    CSV: shortest exact decimal; Parquet: DOUBLE
//   int32      CSV: integer; Parquet: INT32
//   string     CSV: quoted when needed; Parquet: UTF-8 BYTE_ARRAY
//   decimal    exact decimal strings (numeric columns); CSV: as is; Parquet: DECIMAL(precision,
//              scale) on INT64 (precision ≤ 18), read as decimal128 / DECIMAL
export type ColumnType =
  | { kind: 'timestamp' }
  | { kind: 'float64' }
  | { kind: 'int32' }
  | { kind: 'string' }
  | { kind: 'decimal'; precision: number; scale: number };

export interface ExportColumn {
  name: string;
  type: ColumnType;
  nullable?: boolean;
}

/** Numbers for timestamp/float64/int32 (NaN or null = missing), strings for string/decimal. */
export type ColumnValues = Float64Array | Int32Array | (number | null)[] | (string | null)[];

export interface ExportBatch {
  length: number;
  /** One array per column, in the order of ExportTable.columns. */
  values: ColumnValues[];
}

export interface ExportTable {
  /** File name without extension, e.g. `DEMOBANK_1d` or `backtest-12-trades`. */
  name: string;
  columns: ExportColumn[];
  batches(): AsyncIterable<ExportBatch>;
}

export const timestamp: ColumnType = { kind: 'timestamp' };
export const float64: ColumnType = { kind: 'float64' };
export const int32: ColumnType = { kind: 'int32' };
export const text: ColumnType = { kind: 'string' };
export const decimal = (precision: number, scale: number): ColumnType => ({
  kind: 'decimal',
  precision,
  scale,
});

export type ExportFormat = 'csv' | 'parquet';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'parquet'];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
};
