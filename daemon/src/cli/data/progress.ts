// A progress bar on stderr for long data work: redrawn in place on a terminal (at most every
// 100 ms), silent otherwise so logs and pipes stay clean; `done()` prints the final line.

export interface Progress {
  update(done: number, total: number): void;
  done(message: string): void;
}

const WIDTH = 30;

export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = Boolean(stream.isTTY);
  let last = 0;
  const started = Date.now();
  return {
    update(done, total) {
      if (!tty) return;
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      const fraction = total > 0 ? Math.min(1, done / total) : 0;
      const filled = Math.round(fraction * WIDTH);
      const rate = done / Math.max(0.001, (now - started) / 1000);
      stream.write(
        `\r${label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ` +
          `${done.toLocaleString('en-IN')}/${total.toLocaleString('en-IN')} (${Math.round(rate).toLocaleString('en-IN')}/s)`,
      );
    },
    done(message) {
      if (tty) stream.write('\r\x1b[K');
      stream.write(`${message} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    },
  };
}
