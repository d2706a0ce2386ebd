// Length-prefixed frames on file descriptors, read and written synchronously. The sandbox process
// does nothing but answer requests, so blocking reads are its whole event loop: a live step is
// read the moment it arrives, with no event-loop turn in between (the per-bar latency budget).
// Frame layout (both directions, frame-decoder.ts is the daemon's side): u32 length of the body;
// the body is a u32 message length, the message (V8 serialization), padding to a multiple of 8
// bytes from the body's start, then the raw bytes of the typed arrays the message refers to
// (binary-attachments.ts), each padded to 8 bytes. A live step's messages are small and have no
// typed arrays: they go as JSON (the length's top bit set), which costs a few microseconds where
// V8's serializer costs tens.
import { readSync, writeSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { extractBinaries, restoreBinaries } from '../binary-attachments';

/** Largest frame either side accepts: a year of 1-minute bars for 100 symbols fits easily. */
export const MAX_FRAME_BYTES = 1536 * 1024 * 1024;

function readFully(fd: number, buffer: Uint8Array): boolean {
  let offset = 0;
  while (offset < buffer.length) {
    let n: number;
    try {
      n = readSync(fd, buffer, offset, buffer.length - offset, null);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      throw err;
    }
    if (n === 0) return false;
    offset += n;
  }
  return true;
}

/** Where the attachments start in a body whose message is `length` bytes. */
function attachmentStart(length: number): number {
  return (4 + length + 7) & ~7;
}

const JSON_FLAG = 0x80000000;

/** Whether a frame body holds JSON (then it keeps no reference to the body's memory). */
export function isJsonBody(body: Uint8Array): boolean {
  return (body[3]! & 0x80) !== 0;
}

/** A frame body as its message; a V8 body must be in its own 8-byte aligned memory (attachments). */
export function decodeBody(body: Buffer): unknown {
  const raw = body.readUInt32LE(0);
  if (raw & JSON_FLAG) return JSON.parse(body.toString('utf8', 4, 4 + (raw & ~JSON_FLAG)));
  const message = deserialize(body.subarray(4, 4 + raw));
  return restoreBinaries(message, body.subarray(attachmentStart(raw)));
}

/** A small message without typed arrays as a JSON frame (NaN and undefined do not survive). */
export function encodeJsonFrame(value: unknown): Uint8Array[] {
  const text = JSON.stringify(value);
  const length = Buffer.byteLength(text);
  const frame = Buffer.allocUnsafe(8 + length);
  frame.writeUInt32LE(4 + length, 0);
  frame.writeUInt32LE((length | JSON_FLAG) >>> 0, 4);
  frame.write(text, 8);
  return [frame];
}

const header = Buffer.alloc(4);
/** Small frames are read here; a V8 one is then copied out, since its attachments stay in use. */
const scratch = Buffer.allocUnsafeSlow(64 * 1024);

/** The next message on `fd`, or undefined at end of input (the daemon closed the pipe). */
export function readFrame(fd: number): unknown {
  if (!readFully(fd, header)) return undefined;
  const length = header.readUInt32LE(0);
  if (length > MAX_FRAME_BYTES) throw new RangeError(`frame of ${length} bytes, at most ${MAX_FRAME_BYTES}`);
  // Not pooled: the attachments must sit 8-byte aligned in their own ArrayBuffer.
  let body = length <= scratch.length ? scratch.subarray(0, length) : Buffer.allocUnsafeSlow(length);
  if (!readFully(fd, body)) return undefined;
  if (body.buffer === scratch.buffer && !isJsonBody(body)) {
    const own = Buffer.allocUnsafeSlow(length);
    body.copy(own);
    body = own;
  }
  return decodeBody(body);
}

export function writeAll(fd: number, chunks: Uint8Array[]): void {
  for (const data of chunks) {
    let offset = 0;
    while (offset < data.length) {
      try {
        offset += writeSync(fd, data, offset, data.length - offset);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      }
    }
  }
}

/**
 * A frame as the chunks to write, the typed arrays' own memory among them (no copy). Serialises
 * first, so a message that cannot be serialised throws before anything is written.
 */
export function encodeFrame(value: unknown): Uint8Array[] {
  const { message, binaries, bytes } = extractBinaries(value);
  const body = serialize(message);
  const start = attachmentStart(body.length);
  const total = start + bytes;
  if (total > MAX_FRAME_BYTES)
    throw new RangeError(`a message of ${total} bytes, at most ${MAX_FRAME_BYTES}`);
  const head = Buffer.alloc(4 + start);
  head.writeUInt32LE(total, 0);
  head.writeUInt32LE(body.length, 4);
  body.copy(head, 8);
  const chunks: Uint8Array[] = [head];
  for (const b of binaries) {
    chunks.push(new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
    const pad = (8 - (b.byteLength % 8)) % 8;
    if (pad) chunks.push(new Uint8Array(pad));
  }
  return chunks;
}
