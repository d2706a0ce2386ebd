// The daemon's side of the sandbox framing (host/frame-io.ts has the layout and the process's
// side): frames out as chunks written straight from the typed arrays, frames in decoded from a
// byte stream. A frame longer than the limit is refused before it is buffered: the process on
// the other end is not trusted.
import { decodeBody, encodeFrame, encodeJsonFrame, isJsonBody } from './host/frame-io';

export { encodeFrame, encodeJsonFrame };

export class FrameTooLarge extends Error {}

export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private need = -1;

  constructor(
    private readonly maxBytes: number,
    private readonly onMessage: (message: unknown) => void,
  ) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (this.need < 0) {
        if (this.buffered < 4) return;
        this.need = this.take(4).readUInt32LE(0);
        if (this.need > this.maxBytes)
          throw new FrameTooLarge(`the sandbox sent a frame of ${this.need} bytes, at most ${this.maxBytes}`);
      }
      if (this.buffered < this.need) return;
      const taken = this.take(this.need);
      this.need = -1;
      // JSON is parsed where it lies; a V8 frame's attachments need their own aligned memory.
      if (isJsonBody(taken)) {
        this.onMessage(decodeBody(taken));
        continue;
      }
      const body = Buffer.allocUnsafeSlow(taken.length);
      taken.copy(body);
      this.onMessage(decodeBody(body));
    }
  }

  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.buffered);
    const out = all.subarray(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.buffered = rest.length;
    return out;
  }
}
