// Runs `quanttrade …` in this process (cli/main.ts runCli) with its framework output captured:
// help, usage errors and failures. What commands print themselves goes to the real console.
import { Writable } from 'node:stream';
import { runCli } from '../../daemon/src/cli/main';

export interface CapturedRun {
  code: number;
  stdout: string;
  stderr: string;
}

function sink(): { stream: Writable & { isTTY?: boolean }; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { stream, text: () => chunks.join('') };
}

export async function runCaptured(
  argv: readonly string[],
  env: Record<string, string | undefined> = {},
): Promise<CapturedRun> {
  const out = sink();
  const err = sink();
  const code = await runCli(argv, { stdout: out.stream, stderr: err.stream, env, cwd: process.cwd() });
  return { code, stdout: out.text(), stderr: err.text() };
}
