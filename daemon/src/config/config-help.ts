// `quanttrade start --help`, generated from the option catalogue so it can never drift from it.
import { OPTIONS, type OptionKey, type OptionSpec } from './options';

export function configHelp(): string {
  const keys = Object.keys(OPTIONS) as OptionKey[];
  const rows = keys.map((key) => {
    const spec: OptionSpec = OPTIONS[key];
    return {
      left: `--${spec.flag} ${spec.arg}`,
      env: spec.env,
      text: `${spec.describe} Default: ${spec.defaultText ?? 'unset'}.`,
    };
  });
  const width = Math.max(...rows.map((r) => r.left.length));
  const lines = rows.map((r) => `  ${r.left.padEnd(width)}  ${r.env}\n  ${' '.repeat(width)}  ${r.text}`);
  return [
    'Usage: quanttrade start [options]',
    '',
    'Starts the daemon: PostgreSQL (embedded unless DATABASE_URL is set), migrations, the job queue,',
    'the API and console on http://HOST:PORT. Every option can also be set by its environment',
    'variable; a flag wins over the environment.',
    '',
    'Options:',
    ...lines,
  ].join('\n');
}
