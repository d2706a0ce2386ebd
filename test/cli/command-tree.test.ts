// Every registered command and sub-command, found by walking cli/commands/index.ts, answers
// -h/--help with its usage (exit 0) and names an unknown option (exit 2) — so a command added
// later is held to the same rules without a test of its own. Run in this process: only the
// framework answers these, no command's run() is reached.
import { describe, expect, it } from 'vitest';
import type { Command, CommandNode, Group } from '../../daemon/src/cli/command';
import { BUILT_IN_OPTIONS, daemonOptionSpecs } from '../../daemon/src/cli/command-args';
import { commands } from '../../daemon/src/cli/commands/index';
import { rootGroup } from '../../daemon/src/cli/main';
import { runCaptured } from '../support/cli-capture';

interface Found {
  path: string;
  node: CommandNode;
}

/** Depth first; each lazy entry's summary must be its command's own (the list shows the former). */
async function walk(): Promise<Found[]> {
  const found: Found[] = [];
  const visit = async (path: string, node: CommandNode, listed: string) => {
    expect(node.summary, `${path}: the summary listed by its parent`).toBe(listed);
    found.push({ path, node });
    if (node.kind !== 'group') return;
    for (const [word, entry] of Object.entries(node.commands))
      await visit(`${path} ${word}`, 'kind' in entry ? entry : await entry.load(), entry.summary);
  };
  const root = rootGroup();
  await visit('quanttrade', root, root.summary);
  return found;
}

const tree = await walk();
const leaves = tree.filter((f): f is { path: string; node: Command } => f.node.kind === 'command');
const groups = tree.filter((f): f is { path: string; node: Group } => f.node.kind === 'group');
const argv = (path: string, ...more: string[]) => [...path.split(' ').slice(1), ...more];

it('walks from the root: every command of cli/commands/index.ts', () => {
  expect(tree.filter((f) => f.path.split(' ').length === 2).map((f) => f.path)).toEqual(
    commands.map((c) => `quanttrade ${c.name}`),
  );
});

describe('the command tree', () => {
  it('holds every top-level command and their sub-commands', () => {
    expect(commands.length).toBeGreaterThanOrEqual(7);
    for (const name of ['quanttrade user add', 'quanttrade user reset-password', 'quanttrade data import'])
      expect(tree.map((f) => f.path)).toContain(name);
  });

  it('gives each option one meaning: no own option shadows a built-in or, silently, a daemon option', () => {
    const daemon = Object.keys(daemonOptionSpecs());
    for (const { path, node } of leaves) {
      const own = Object.keys(node.options ?? {});
      expect(
        own.filter((o) => o in BUILT_IN_OPTIONS),
        path,
      ).toEqual([]);
      if (node.daemonOptions)
        expect(
          own.filter((o) => daemon.includes(o)),
          path,
        ).toEqual([]);
      const shorts = Object.values({ ...node.options, ...BUILT_IN_OPTIONS }).flatMap((o) => o.short ?? []);
      expect(new Set(shorts).size, `${path}: short options`).toBe(shorts.length);
    }
  });
});

describe.each(tree.map((f) => [f.path, f] as const))('%s', (path, { node }) => {
  it('prints its usage for --help and -h, exit 0', async () => {
    for (const flag of ['--help', '-h']) {
      const r = await runCaptured(argv(path, flag));
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: ${path}( |$)`, 'm'));
      expect(r.stdout).toContain(node.summary);
    }
  });

  it('names an unknown option, exit 2', async () => {
    const r = await runCaptured(argv(path, '--no-such-option-anywhere'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown option --no-such-option-anywhere');
  });

  if (node.kind === 'command') {
    it('lists every option it accepts in its help', async () => {
      const { stdout } = await runCaptured(argv(path, '--help'));
      for (const [name, spec] of Object.entries(node.options ?? {})) {
        expect(stdout).toContain(`--${name}`);
        if (spec.short) expect(stdout).toContain(`-${spec.short}, --${name}`);
      }
      for (const arg of node.args ?? []) expect(stdout).toContain(arg.name);
    });
  } else {
    it('lists its sub-commands, and refuses an unknown one or none, exit 2', async () => {
      const { stdout } = await runCaptured(argv(path, '--help'));
      for (const word of Object.keys(node.commands)) expect(stdout).toMatch(new RegExp(`^  ${word} `, 'm'));
      const unknown = await runCaptured(argv(path, 'no-such-command'));
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain(`${path}: unknown command 'no-such-command'`);
      if (node.default) return; // the bare group runs its default command
      const none = await runCaptured(argv(path));
      expect(none.code).toBe(2);
      expect(none.stderr).toContain(`Usage: ${path} <command>`);
    });
  }
});

it('groups and leaves were both found', () => {
  expect(groups.length).toBeGreaterThan(2);
  expect(leaves.length).toBeGreaterThan(10);
});
