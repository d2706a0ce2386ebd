// The one command-line parser, table by table: values, switches, negative numbers, `--`, and
// every kind of mistake named.
import { describe, expect, it } from 'vitest';
import { defineCommand } from './command';
import { parseCommandLine } from './command-args';

const command = defineCommand({
  summary: 'a command for these tests',
  options: {
    cash: { type: 'string', value: 'RUPEES', describe: 'cash' },
    param: { type: 'string', value: 'K=V', short: 'p', multiple: true, describe: 'repeatable' },
    quiet: { type: 'boolean', short: 'q', describe: 'a switch' },
  },
  args: [{ name: 'FILE', describe: 'a file', optional: true }],
  daemonOptions: true,
  run: async () => 0,
});

const parse = (...argv: string[]) => parseCommandLine(argv, command);

describe('parseCommandLine', () => {
  it.each([
    [['--cash', '5000'], { cash: '5000' }],
    [['--cash=5000'], { cash: '5000' }],
    [['--cash', '-5000'], { cash: '-5000' }],
    [['--cash', '-0.5'], { cash: '-0.5' }],
    [['--cash', '-.5'], { cash: '-.5' }],
    [['--cash', '-1e3'], { cash: '-1e3' }],
    [['--cash=--odd'], { cash: '--odd' }],
    [['-p', 'a=1', '--param', 'b=-2', '-pc=3'], { param: ['a=1', 'b=-2', 'c=3'] }],
    [['-q'], { quiet: true }],
    [['--quiet=no'], { quiet: false }],
    [['--quiet=YES'], { quiet: true }],
  ])('reads %j as %j', (argv, values) => {
    const line = parse(...argv);
    expect(line.problems).toEqual([]);
    expect(line.values).toEqual(values);
  });

  it('takes everything after -- as arguments, options included', () => {
    const line = parse('-q', '--', '--help');
    expect(line.values).toEqual({ quiet: true });
    expect(line.help).toBe(false);
    expect(line.args).toEqual(['--help']);
    expect(parse('--', '-5').args).toEqual(['-5']);
  });

  it('sees -h, --help and --no-color anywhere before --, grouped switches too', () => {
    expect(parse('--cash', '1', '-h').help).toBe(true);
    expect(parse('-qh').help).toBe(true);
    expect(parse('-qh').values).toEqual({ quiet: true });
    expect(parse('--no-color').noColor).toBe(true);
  });

  it('passes the daemon options on for the configuration, in order', () => {
    const line = parse('--home', '/srv/qt', '--cash', '1', '--database-url=postgres://h/db');
    expect(line.daemonArgv).toEqual(['--home=/srv/qt', '--database-url=postgres://h/db']);
    expect(line.values).toEqual({ cash: '1' });
  });

  it.each([
    [['--frobnicate'], 'unknown option --frobnicate'],
    [['-z'], 'unknown option -z'],
    [['--frob=1'], 'unknown option --frob'],
    [['--cash'], '--cash: got nothing, expected a value (--cash RUPEES)'],
    [
      ['--cash', '--quiet'],
      "--cash: got the option --quiet, expected a value (--cash RUPEES); write --cash=--quiet for a value that starts with '-'",
    ],
    [['--cash', '-x5'], '--cash: got the option -x5, expected a value (--cash RUPEES)'],
    [['--quiet=maybe'], '--quiet: got "maybe", expected no value (a switch), or true/false'],
    [['a.csv', 'b.csv'], "unexpected argument 'b.csv'"],
  ])('names the mistake in %j', (argv, problem) => {
    expect(parse(...argv).problems.join('\n')).toContain(problem);
  });

  it('collects every problem, not only the first', () => {
    expect(parse('--x', '--y', '--cash').problems).toEqual([
      'unknown option --x',
      'unknown option --y',
      '--cash: got nothing, expected a value (--cash RUPEES)',
    ]);
  });

  it('names a missing required argument', () => {
    const needsId = defineCommand({
      summary: 's',
      args: [{ name: 'ID', describe: 'a backtest id' }],
      run: async () => 0,
    });
    expect(parseCommandLine([], needsId).problems).toEqual(['ID: got nothing, expected a backtest id']);
    expect(parseCommandLine(['--home', 'x'], needsId).problems).toEqual(['unknown option --home']);
  });
});
