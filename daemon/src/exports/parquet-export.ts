// Writes an export table as Parquet with hyparquet-writer (pure JavaScript, columnar input,
// snappy), chosen over the alternatives by measurement (docs/exports.md). Each batch becomes a
// row group, written to the sink before the next batch is read, so memory holds one batch.
// Encodings: timestamps DELTA_BINARY_PACKED (regular bar times cost about a bit each), columns
// with few distinct values in the batch a dictionary (prices on a tick grid repeat), the rest
// PLAIN; snappy on top; statistics on, so readers can skip row groups by time.
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { ColumnSource } from 'hyparquet-writer';
import { AppError } from '../core/errors';
import { arrowSchemaBase64 } from './arrow-schema';
import type { ByteSink } from './sink';
import type { ColumnValues, ExportColumn, ExportTable } from './table';

type SchemaElement = ConstructorParameters<typeof ParquetWriter>[0]['schema'][number];

function schemaElement(column: ExportColumn): SchemaElement {
  const repetition_type = column.nullable ? 'OPTIONAL' : 'REQUIRED';
  const name = column.name;
  switch (column.type.kind) {
    case 'timestamp':
      return {
        name,
        repetition_type,
        type: 'INT64',
        logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
      };
    case 'float64':
      return { name, repetition_type, type: 'DOUBLE' };
    case 'int32':
      return { name, repetition_type, type: 'INT32' };
    case 'string':
      return {
        name,
        repetition_type,
        type: 'BYTE_ARRAY',
        converted_type: 'UTF8',
        logical_type: { type: 'STRING' },
      };
    case 'decimal': {
      const { precision, scale } = column.type;
      if (precision > 18)
        throw new Error(`decimal column ${name}: precision ${precision} > 18 does not fit INT64`);
      return {
        name,
        repetition_type,
        type: 'INT64',
        converted_type: 'DECIMAL',
        precision,
        scale,
        logical_type: { type: 'DECIMAL', precision, scale },
      };
    }
  }
}

/** "123.45" at scale 4 → 1234500n: exact, and refused when it does not fit the column. */
export function unscaled(value: string, precision: number, scale: number): bigint {
  const negative = value.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? value.slice(1) : value).split('.');
  const digits = (whole + fraction.padEnd(scale, '0')).replace(/^0+(?=\d)/, '');
  if (fraction.length > scale || digits.length > precision || !/^\d+$/.test(digits)) {
    throw new AppError('INVARIANT_BROKEN', `${value} does not fit DECIMAL(${precision},${scale})`);
  }
  return negative ? -BigInt(digits) : BigInt(digits);
}

function columnValues(column: ExportColumn, values: ColumnValues, length: number): ColumnSource['data'] {
  const kind = column.type.kind;
  if (kind === 'timestamp' || kind === 'decimal') {
    const type = column.type;
    const toBig = (v: number | string | null) =>
      v === null || (typeof v === 'number' && Number.isNaN(v))
        ? null
        : typeof v === 'string'
          ? unscaled(
              v,
              type.kind === 'decimal' ? type.precision : 18,
              type.kind === 'decimal' ? type.scale : 0,
            )
          : BigInt(Math.round(v));
    if (!column.nullable) {
      const out = new BigInt64Array(length);
      for (let i = 0; i < length; i++) out[i] = toBig(values[i] as number | string)!;
      return out;
    }
    return Array.from({ length }, (_, i) => toBig(values[i] as number | string | null));
  }
  if (column.nullable && (values instanceof Float64Array || values instanceof Int32Array)) {
    return Array.from(values.subarray(0, length), (v) => (Number.isNaN(v) ? null : v));
  }
  if (values instanceof Float64Array || values instanceof Int32Array) return values.subarray(0, length);
  return (values as unknown[]).slice(0, length) as ColumnSource['data'];
}

/** hyparquet-writer's byte buffer, flushed to the sink after each row group and at the end. */
class SinkWriter extends ByteWriter {
  constructor(private readonly sink: ByteSink) {
    super(1 << 20);
  }

  flush(): Promise<void> {
    const chunk = this.getBytes().slice();
    this.index = 0;
    return this.sink.write(chunk);
  }

  override finish(): Promise<void> {
    return this.flush();
  }
}

/**
 * Whether a dictionary pays for this batch of a column: few distinct values (prices on a tick
 * grid, symbols, sides). hyparquet-writer decides from a sample of 1,000 values spread over the
 * chunk, which for a drifting price series looks all-distinct and so keeps PLAIN; counting here
 * (stopping once past a quarter of the rows) catches it: 4 bytes/price less on bars.
 */
export function dictionaryPays(values: ArrayLike<unknown>, n: number): boolean {
  const limit = n / 4;
  const seen = new Set<unknown>();
  for (let i = 0; i < n; i++) {
    seen.add(values[i]);
    if (seen.size > limit) return false;
  }
  return n > 0;
}

function encodingOf(column: ExportColumn, data: ColumnSource['data'], n: number): ColumnSource['encoding'] {
  if (column.type.kind === 'timestamp') return 'DELTA_BINARY_PACKED';
  return dictionaryPays(data as ArrayLike<unknown>, n) ? 'RLE_DICTIONARY' : undefined;
}

export async function writeParquet(table: ExportTable, sink: ByteSink): Promise<{ rows: number }> {
  const schema: SchemaElement[] = [
    { name: 'schema', num_children: table.columns.length },
    ...table.columns.map(schemaElement),
  ];
  const writer = new ParquetWriter({
    writer: new SinkWriter(sink),
    schema,
    kvMetadata: [{ key: 'ARROW:schema', value: arrowSchemaBase64(table.columns) }],
    createdBy: 'quanttrade (hyparquet-writer)',
  });
  let rows = 0;
  for await (const batch of table.batches()) {
    if (batch.length === 0) continue;
    const columnData: ColumnSource[] = table.columns.map((column, j) => {
      const data = columnValues(column, batch.values[j]!, batch.length);
      return { name: column.name, data, encoding: encodingOf(column, data, batch.length) };
    });
    await writer.write({ columnData, rowGroupSize: batch.length });
    rows += batch.length;
  }
  await writer.finish();
  return { rows };
}
