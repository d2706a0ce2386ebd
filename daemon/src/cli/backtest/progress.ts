// A progress bar on stderr, drawn only when stderr is a terminal (never in pipes, files or CI
// logs). Redraws are limited to every 100 ms so a fast run is not slowed by the terminal.
const WIDTH = 30;

export interface ProgressBar {
  update(fraction: number, detail?: string): void;
  done(): void;
}

const SILENT: ProgressBar = { update() {}, done() {} };

export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  if (!stream.isTTY) return SILENT;
  let last = 0;
  let drawn = false;
  const draw = (fraction: number, detail = '') => {
    const f = Math.min(1, Math.max(0, fraction));
    const filled = Math.round(f * WIDTH);
    stream.write(
      `\r${label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${(f * 100).toFixed(0).padStart(3)}% ${detail}`,
    );
    drawn = true;
  };
  return {
    update(fraction, detail) {
      const now = performance.now();
      if (now - last < 100 && fraction < 1) return;
      last = now;
      draw(fraction, detail);
    },
    done() {
      if (drawn) stream.write('\r\x1b[2K');
    },
  };
}
