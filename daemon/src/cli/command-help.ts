// --help for every command and group, generated from their declarations so that the text and
// what the parser accepts cannot drift apart.
import { describeDaemonOptions } from '../config/config-help';
import type { ArgSpec, Command, Group, OptionSpec } from './command';
import { BUILT_IN_OPTIONS } from './command-args';

const EXIT_LINE = 'Exit codes: 0 ok, 1 failed, 2 bad usage or input (README, "Exit codes").';
const MAX_LEFT = 30;

function argText(spec: ArgSpec): string {
  const name = spec.variadic ? `${spec.name}…` : spec.name;
  return spec.optional ? `[${name}]` : name;
}

/** One line per form; a form starting with a space continues the one before it. */
function usageLines(path: string, forms: readonly string[]): string[] {
  return forms.map((form, i) => {
    const lead = i === 0 ? 'Usage:' : '      ';
    if (form.startsWith(' ')) return `${lead} ${' '.repeat(path.length)}${form}`;
    return `${lead} ${path}${form ? ` ${form}` : ''}`;
  });
}

function defaultUsage(command: Command): string {
  const args = (command.args ?? []).map(argText);
  const hasOptions = Object.keys(command.options ?? {}).length > 0 || command.daemonOptions;
  return [...(hasOptions ? ['[options]'] : []), ...args].join(' ');
}

function optionLeft(name: string, spec: OptionSpec): string {
  const long = spec.type === 'string' ? `--${name} ${spec.value}` : `--${name}`;
  return spec.short ? `-${spec.short}, ${long}` : `    ${long}`;
}

type Row = [left: string, text: string];

function widthOf(rows: readonly Row[]): number {
  return Math.min(MAX_LEFT, Math.max(0, ...rows.map(([left]) => left.length)));
}

/** Two columns; a left cell too wide puts its text on the next line. */
function columns(rows: readonly Row[], width = widthOf(rows)): string[] {
  const pad = ' '.repeat(width + 4);
  return rows.flatMap(([left, text]) => {
    const [first = '', ...more] = text.split('\n');
    const head =
      left.length > width ? [`  ${left}`, `${pad}${first}`] : [`  ${left.padEnd(width)}  ${first}`];
    return [...head, ...more.map((line) => `${pad}${line}`)];
  });
}

function optionSections(command: Command): Map<string, Row[]> {
  const sections = new Map<string, Row[]>();
  const args = command.args ?? [];
  if (args.length)
    sections.set(
      'Arguments',
      args.map((a) => [argText(a), a.describe]),
    );
  for (const [name, spec] of Object.entries(command.options ?? {})) {
    const title = spec.section ?? 'Options';
    if (!sections.has(title)) sections.set(title, []);
    sections.get(title)!.push([optionLeft(name, spec), spec.describe]);
  }
  return sections;
}

function daemonSection(command: Command): string[] {
  if (command.daemonOptions === 'own')
    return ['', 'Options (each also an environment variable; a flag wins):', describeDaemonOptions()];
  if (command.daemonOptions)
    return [
      '',
      'The database and data sources are those of `quanttrade start`: --home DIR, --database-url URL',
      'and its other options (quanttrade start --help), or their environment variables.',
    ];
  return [];
}

/** A leaf's help; for a group's default command, the group's sub-commands follow. */
export function commandHelp(path: string, command: Command, group?: Group): string {
  const usage = command.usage ?? defaultUsage(command);
  const forms = [...(typeof usage === 'string' ? [usage] : usage), ...(group ? ['<command> [options]'] : [])];
  const sections = optionSections(command);
  const builtIns = Object.entries(BUILT_IN_OPTIONS).map(([n, s]): Row => [optionLeft(n, s), s.describe]);
  const width = widthOf([...[...sections.values()].flat(), ...builtIns]);
  return [
    ...usageLines(path, forms),
    '',
    ...(group ? [group.summary, '', `Without a command: ${command.summary}`] : [command.summary]),
    ...(command.description ? ['', command.description] : []),
    ...[...sections].flatMap(([title, rows]) => ['', `${title}:`, ...columns(rows, width)]),
    ...daemonSection(command),
    '',
    ...columns(builtIns, width),
    EXIT_LINE,
    ...(group
      ? ['', 'Commands:', ...commandList(group), '', `${path} <command> --help shows its options.`]
      : []),
  ].join('\n');
}

function commandList(group: Group): string[] {
  return columns(Object.entries(group.commands).map(([name, entry]): Row => [name, entry.summary]));
}

export function groupHelp(path: string, group: Group, banner?: string): string {
  return [
    ...(banner ? [banner, ''] : []),
    `Usage: ${path} <command> [options]`,
    '',
    group.summary,
    ...(group.description ? ['', group.description] : []),
    '',
    'Commands:',
    ...commandList(group),
    '',
    `${path} <command> --help shows its options.`,
  ].join('\n');
}
