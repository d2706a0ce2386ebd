// Where an export's bytes go: a file, an HTTP response. Writers await each write, so a slow
// reader (a download over a slow link) slows the export down instead of filling memory.
import type { Writable } from 'node:stream';

export interface ByteSink {
  write(chunk: Uint8Array | string): Promise<void>;
}

/** A sink over a Node stream that waits for 'drain' when the stream's buffer is full. */
export function streamSink(stream: Writable): ByteSink {
  return {
    write(chunk) {
      if (stream.destroyed) return Promise.reject(new Error('the output was closed'));
      if (stream.write(chunk)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const done = (err?: Error) => {
          stream.off('drain', onDrain);
          stream.off('close', onClose);
          stream.off('error', done);
          if (err) reject(err);
          else resolve();
        };
        const onDrain = () => done();
        const onClose = () => done(new Error('the output was closed'));
        stream.once('drain', onDrain);
        stream.once('close', onClose);
        stream.once('error', done);
      });
    },
  };
}
