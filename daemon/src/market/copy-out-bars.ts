// A pg "submittable" that runs `COPY (SELECT ts, open, high, low, close, volume …) TO STDOUT
// (FORMAT binary)` and decodes the protocol messages straight off the socket into typed arrays.
// pg-copy-streams would hand over one Buffer per CopyData message (one per row): for a million
// rows that object churn cost more than the decoding. Here each socket chunk is scanned once:
// message header, then the row at fixed offsets (every row is 74 bytes: the columns are NOT NULL).
//
// Protocol: https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-COPY and the
// binary COPY format in sql-copy.html. The first CopyData message also carries the 19-byte file
// header; the last one holds the -1 trailer. On CopyDone or an ErrorResponse the socket is handed
// back to pg, which then reports CommandComplete / ReadyForQuery / the error to us, as it does
// for pg-copy-streams (whose attach/detach technique this follows).
import type { Readable } from 'node:stream';
import { AppError } from '../core/errors';
import { ensureCapacity, type BarColumns } from './bar-columns';

const FILE_HEADER = 19;
const ROW_BYTES = 2 + 6 * 4 + 6 * 8;
const PG_EPOCH_MS = 946_684_800_000;
const TWO_32 = 4_294_967_296;
const COPY_DATA = 0x64;
const COPY_DONE = 0x63;
const ERROR_RESPONSE = 0x45;

interface PgConnection {
  stream: Readable;
  query(text: string): void;
}

type DataHandler = (chunk: Buffer) => void;

export class CopyOutBars {
  readonly text: string;
  readonly done: Promise<BarColumns>;
  private resolve!: (c: BarColumns) => void;
  private reject!: (e: unknown) => void;
  private connection?: PgConnection;
  private pgHandler?: DataHandler;
  private leftover?: Buffer;
  private headerSkipped = false;
  private failure?: unknown;
  private detaching = false;
  private readonly onReadable = () => this.drain();

  constructor(
    text: string,
    private readonly columns: BarColumns,
  ) {
    this.text = text;
    this.done = new Promise((resolve, reject) => ((this.resolve = resolve), (this.reject = reject)));
  }

  submit(connection: PgConnection): void {
    this.connection = connection;
    const stream = connection.stream;
    this.pgHandler = stream.listeners('data')[0] as DataHandler;
    stream.removeListener('data', this.pgHandler);
    stream.pause();
    stream.on('readable', this.onReadable);
    connection.query(this.text);
  }

  private drain(): void {
    const stream = this.connection!.stream;
    while (!this.detaching) {
      const chunk = stream.read() as Buffer | null;
      if (chunk === null) return;
      let start = 0;
      // Complete only the message straddling the chunk boundary: copying whole chunks onto
      // the leftover would move every byte twice.
      while (this.leftover && start < chunk.length) {
        const have = this.leftover;
        const need = have.length >= 5 ? 1 + have.readUInt32BE(1) - have.length : 5 - have.length;
        const take = Math.min(need, chunk.length - start);
        const joined = Buffer.concat([have, chunk.subarray(start, start + take)]);
        start += take;
        if (joined.length < 5 || joined.length < 1 + joined.readUInt32BE(1)) {
          this.leftover = joined;
          continue;
        }
        this.leftover = undefined;
        const consumed = this.parse(joined, 0);
        if (this.detaching)
          return this.detachRest(Buffer.concat([joined.subarray(consumed), chunk.subarray(start)]));
      }
      if (this.leftover) continue;
      const consumed = this.parse(chunk, start);
      if (this.detaching) return this.detachRest(chunk.subarray(consumed));
      if (consumed < chunk.length) this.leftover = Buffer.from(chunk.subarray(consumed));
    }
  }

  /** Parses whole messages from buf[start…); returns the offset of the first unparsed byte. */
  private parse(buf: Buffer, start: number): number {
    const view = new DataView(buf.buffer, buf.byteOffset, buf.length);
    const c = this.columns;
    let { time, open, high, low, close, volume } = c;
    let n = c.length;
    let offset = start;
    while (offset + 5 <= buf.length) {
      const code = buf[offset]!;
      if (code === ERROR_RESPONSE) break;
      const end = offset + 1 + view.getUint32(offset + 1);
      if (end > buf.length) break;
      const o = offset + 5;
      // The common case, inlined with local arrays: a CopyData message holding exactly one row.
      if (code === COPY_DATA && end - o === ROW_BYTES && this.headerSkipped && view.getInt16(o) === 6) {
        if (n === time.length) {
          c.length = n;
          ensureCapacity(c, 1);
          ({ time, open, high, low, close, volume } = c);
        }
        time[n] = (view.getInt32(o + 6) * TWO_32 + view.getUint32(o + 10)) / 1000 + PG_EPOCH_MS;
        open[n] = view.getFloat64(o + 18);
        high[n] = view.getFloat64(o + 30);
        low[n] = view.getFloat64(o + 42);
        close[n] = view.getFloat64(o + 54);
        volume[n] = view.getFloat64(o + 66);
        n++;
      } else if (code === COPY_DATA) {
        c.length = n;
        try {
          this.decode(view, o, end);
        } catch (err) {
          this.failure ??= err;
        }
        n = c.length;
        ({ time, open, high, low, close, volume } = c);
      }
      offset = end;
      if (code === COPY_DONE) {
        this.detaching = true;
        break;
      }
    }
    c.length = n;
    if (buf[offset] === ERROR_RESPONSE) this.detaching = true;
    return offset;
  }

  /** Decodes the rows in one CopyData body, view[start, end). */
  private decode(view: DataView, start: number, end: number): void {
    if (!this.headerSkipped) {
      start += FILE_HEADER;
      this.headerSkipped = true;
    }
    const c = this.columns;
    for (let o = start; o + 2 <= end; o += ROW_BYTES) {
      const fields = view.getInt16(o);
      if (fields === -1) return;
      if (fields !== 6 || o + ROW_BYTES > end)
        throw new AppError(
          'INVARIANT_BROKEN',
          `unexpected binary COPY row (${fields} fields, ${end - o} bytes)`,
        );
      if (c.length === c.time.length) ensureCapacity(c, 1);
      const n = c.length++;
      c.time[n] = (view.getInt32(o + 6) * TWO_32 + view.getUint32(o + 10)) / 1000 + PG_EPOCH_MS;
      c.open[n] = view.getFloat64(o + 18);
      c.high[n] = view.getFloat64(o + 30);
      c.low[n] = view.getFloat64(o + 42);
      c.close[n] = view.getFloat64(o + 54);
      c.volume[n] = view.getFloat64(o + 66);
    }
  }

  /** Gives the socket back to pg with the bytes it has not seen yet. */
  private detachRest(rest: Buffer): void {
    const stream = this.connection!.stream;
    const handler = this.pgHandler!;
    this.pgHandler = undefined;
    stream.removeListener('readable', this.onReadable);
    stream.on('data', handler);
    if (rest.length > 0) handler(rest);
    process.nextTick(() => stream.resume());
  }

  handleError(err: unknown): void {
    this.reject(err);
  }

  handleCommandComplete(): void {}

  handleReadyForQuery(): void {
    if (this.failure) this.reject(this.failure);
    else this.resolve(this.columns);
  }
}
