// Secrets (passwords, broker tokens) reach commands on stdin (`--password-stdin`), never on the
// command line, where `ps` and shell history would keep them.
import { UsageError } from './command';

/** All of stdin without its final newline; refused when shorter than `minLength`. */
export async function readSecretFromStdin(flag: string, what: string, minLength = 1): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const secret = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (secret.length < minLength)
    throw new UsageError(
      `--${flag}: got ${secret.length ? `a ${what} shorter than ${minLength} characters` : 'nothing on stdin'}, expected at least ${minLength} characters`,
    );
  return secret;
}
