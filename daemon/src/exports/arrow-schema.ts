// The `ARROW:schema` key-value metadata of a Parquet file: the Arrow schema of the columns,
// as an Arrow IPC Schema message, base64. pyarrow (and so pandas) reads it to restore what
// Parquet's own types cannot say — here, that timestamps are in Asia/Kolkata, so they load as
// `timestamp[ms, tz=Asia/Kolkata]` instead of UTC. Parquet writers built on Arrow (pyarrow,
// arrow-rs) write the same key.
//
// The message is a FlatBuffer (format/Message.fbs and Schema.fbs of Apache Arrow), encoded here
// front to back: each table's vtable, then the table, then what it points at, so every offset is
// positive. Only the types the exports use are encoded.
import type { ExportColumn } from './table';

export const EXPORT_TIME_ZONE = 'Asia/Kolkata';

type Scalar = { kind: 'u8' | 'bool' | 'i16' | 'i32' | 'i64'; value: number };
type Ref =
  { kind: 'string'; value: string } | { kind: 'table'; value: Table } | { kind: 'tables'; value: Table[] };
/** A table's fields by vtable slot; undefined = absent (the default). */
type Table = (Scalar | Ref | undefined)[];

const SIZE = { u8: 1, bool: 1, i16: 2, i32: 4, i64: 8 } as const;

class Encoder {
  private bytes = new Uint8Array(1024);
  private view = new DataView(this.bytes.buffer);
  length = 0;

  private ensure(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    grown.set(this.bytes);
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }

  align(to: number, offset = 0): void {
    while ((this.length + offset) % to !== 0) this.put('u8', 0);
  }

  put(kind: Scalar['kind'] | 'u16' | 'u32', value: number): number {
    const size = kind === 'u16' ? 2 : kind === 'u32' ? 4 : SIZE[kind];
    this.ensure(size);
    const at = this.length;
    if (kind === 'u8' || kind === 'bool') this.view.setUint8(at, value);
    else if (kind === 'i16') this.view.setInt16(at, value, true);
    else if (kind === 'u16') this.view.setUint16(at, value, true);
    else if (kind === 'i32') this.view.setInt32(at, value, true);
    else if (kind === 'u32') this.view.setUint32(at, value, true);
    else this.view.setBigInt64(at, BigInt(value), true);
    this.length += size;
    return at;
  }

  patch(at: number, value: number): void {
    this.view.setUint32(at, value, true);
  }

  string(value: string): number {
    const utf8 = new TextEncoder().encode(value);
    this.align(4);
    const at = this.put('u32', utf8.length);
    this.ensure(utf8.length + 1);
    this.bytes.set(utf8, this.length);
    this.length += utf8.length;
    this.put('u8', 0);
    return at;
  }

  tables(values: Table[]): number {
    this.align(4);
    const at = this.put('u32', values.length);
    const slots = values.map(() => this.put('u32', 0));
    values.forEach((t, i) => this.patch(slots[i]!, this.table(t) - slots[i]!));
    return at;
  }

  /** Writes vtable + table + referenced objects; returns the table's position. */
  table(fields: Table): number {
    const present = fields
      .map((f, slot) => ({ f, slot }))
      .filter((e): e is { f: Scalar | Ref; slot: number } => e.f !== undefined);
    const sizeOf = (f: Scalar | Ref) => ('kind' in f && f.kind in SIZE ? SIZE[f.kind as Scalar['kind']] : 4);
    // Largest first, so every field is aligned once the table start is.
    present.sort((a, b) => sizeOf(b.f) - sizeOf(a.f));
    const hasLong = present.some((e) => sizeOf(e.f) === 8);
    this.align(2);
    const vtableAt = this.length;
    const vtableSize = 4 + 2 * fields.length;
    this.ensure(vtableSize);
    this.length += vtableSize;
    // Table start: 4-aligned; with an 8-byte field, start + 4 must be 8-aligned.
    this.align(hasLong ? 8 : 4, hasLong ? 4 : 0);
    const tableAt = this.put('i32', 0);
    this.view.setInt32(tableAt, tableAt - vtableAt, true);
    const fieldAt = new Map<number, number>();
    const refs: { at: number; ref: Ref }[] = [];
    for (const { f, slot } of present) {
      const size = sizeOf(f);
      this.align(size);
      if (f.kind === 'string' || f.kind === 'table' || f.kind === 'tables') {
        const at = this.put('u32', 0);
        refs.push({ at, ref: f });
        fieldAt.set(slot, at - tableAt);
      } else fieldAt.set(slot, this.put(f.kind, f.value) - tableAt);
    }
    const tableSize = this.length - tableAt;
    this.view.setUint16(vtableAt, vtableSize, true);
    this.view.setUint16(vtableAt + 2, tableSize, true);
    fields.forEach((_, slot) => this.view.setUint16(vtableAt + 4 + 2 * slot, fieldAt.get(slot) ?? 0, true));
    for (const { at, ref } of refs) {
      const target =
        ref.kind === 'string'
          ? this.string(ref.value)
          : ref.kind === 'table'
            ? this.table(ref.value)
            : this.tables(ref.value);
      this.patch(at, target - at);
    }
    return tableAt;
  }

  finish(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

// Union tags of Schema.fbs `Type` and the enums used.
const TYPE = { Int: 2, FloatingPoint: 3, Utf8: 5, Decimal: 7, Timestamp: 10 };
const DOUBLE = 2;
const MILLISECOND = 1;
const METADATA_V5 = 4;
const HEADER_SCHEMA = 1;

const s = (kind: Scalar['kind'], value: number): Scalar => ({ kind, value });

function arrowType(column: ExportColumn): [number, Table] {
  const type = column.type;
  switch (type.kind) {
    case 'timestamp':
      return [TYPE.Timestamp, [s('i16', MILLISECOND), { kind: 'string', value: EXPORT_TIME_ZONE }]];
    case 'float64':
      return [TYPE.FloatingPoint, [s('i16', DOUBLE)]];
    case 'int32':
      return [TYPE.Int, [s('i32', 32), s('bool', 1)]];
    case 'string':
      return [TYPE.Utf8, []];
    case 'decimal':
      return [TYPE.Decimal, [s('i32', type.precision), s('i32', type.scale), s('i32', 128)]];
  }
}

function field(column: ExportColumn): Table {
  const [tag, type] = arrowType(column);
  // Slots: name, nullable, type_type, type, dictionary, children (Arrow C++ wants the vector).
  return [
    { kind: 'string', value: column.name },
    s('bool', column.nullable ? 1 : 0),
    s('u8', tag),
    { kind: 'table', value: type },
    undefined,
    { kind: 'tables', value: [] },
  ];
}

/** The IPC-encapsulated Schema message (continuation marker, length, FlatBuffer), base64. */
export function arrowSchemaBase64(columns: readonly ExportColumn[]): string {
  const encoder = new Encoder();
  const root = encoder.put('u32', 0);
  // Message: version, header_type, header; Schema: endianness (little, default), fields.
  const schema: Table = [undefined, { kind: 'tables', value: columns.map(field) }];
  encoder.patch(
    root,
    encoder.table([s('i16', METADATA_V5), s('u8', HEADER_SCHEMA), { kind: 'table', value: schema }]) - root,
  );
  encoder.align(8);
  const flatbuffer = encoder.finish();
  const message = new Uint8Array(8 + flatbuffer.length);
  const view = new DataView(message.buffer);
  view.setUint32(0, 0xffffffff, true);
  view.setInt32(4, flatbuffer.length, true);
  message.set(flatbuffer, 8);
  return Buffer.from(message).toString('base64');
}
