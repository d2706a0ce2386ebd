// Decodes the one-row binary COPY produced by bar-reader.ts: an int4 count followed by six
// bytea fields, each holding `count` big-endian float8s. Format reference:
// https://www.postgresql.org/docs/current/sql-copy.html (Binary Format).
import { AppError } from '../core/errors';

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export interface PackedColumns {
  count: number;
  values: Float64Array[];
}

function malformed(what: string): AppError {
  return new AppError('INVARIANT_BROKEN', `unexpected binary COPY data from PostgreSQL: ${what}`);
}

/** Big-endian float8 bytes → a Float64Array of its own (native byte order). */
function toFloat64(data: Buffer, start: number, count: number): Float64Array {
  const out = new Float64Array(count);
  const bytes = Buffer.from(out.buffer, 0, count * 8);
  data.copy(bytes, 0, start, start + count * 8);
  if (LITTLE_ENDIAN) bytes.swap64();
  return out;
}

export function decodePackedColumns(data: Buffer): PackedColumns {
  if (data.length < 21 || !data.subarray(0, SIGNATURE.length).equals(SIGNATURE))
    throw malformed('bad signature');
  let o = SIGNATURE.length + 4;
  o += 4 + data.readInt32BE(o);
  const fields = data.readInt16BE(o);
  o += 2;
  if (fields < 2) throw malformed(`a row of ${fields} fields`);
  if (data.readInt32BE(o) !== 4) throw malformed('count is not an int4');
  const count = data.readInt32BE(o + 4);
  o += 8;
  const values: Float64Array[] = [];
  for (let f = 1; f < fields; f++) {
    const length = data.readInt32BE(o);
    o += 4;
    if (length === -1) {
      values.push(new Float64Array(0));
      continue;
    }
    if (length !== count * 8 || o + length > data.length)
      throw malformed(`column ${f} has ${length} bytes for ${count} bars`);
    values.push(toFloat64(data, o, count));
    o += length;
  }
  return { count, values };
}
