// The daemon's options for `quanttrade start --help`, generated from the option catalogue so the
// help can never drift from it.
import { OPTIONS, type OptionKey, type OptionSpec } from './options';

/** Every option: flag and placeholder, environment variable, meaning and default. */
export function describeDaemonOptions(): string {
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
  return rows.map((r) => `  ${r.left.padEnd(width)}  ${r.env}\n  ${' '.repeat(width)}  ${r.text}`).join('\n');
}
