// Command-line flags: values, yes/no switches (with or without =value) and what is left over.
import { describe, expect, it } from 'vitest';
import { UsageError } from './command';
import { splitFlags } from './flags';

const OWN = { status: 'boolean', 'data-dir': 'string' } as const;

describe('splitFlags', () => {
  it('reads string flags with a space or =, switches without a value, and leaves the rest', () => {
    const { values, rest } = splitFlags(['--data-dir', '/tmp/x', '--status', 'extra', '--other=1'], OWN);
    expect(values).toEqual({ 'data-dir': '/tmp/x', status: true });
    expect(rest).toEqual(['extra', '--other=1']);
    expect(splitFlags(['--data-dir=/tmp/y'], OWN).values).toEqual({ 'data-dir': '/tmp/y' });
  });

  it('accepts true/yes/1 and false/no/0 after a switch', () => {
    expect(splitFlags(['--status=false'], OWN).values).toEqual({ status: false });
    expect(splitFlags(['--status=NO'], OWN).values).toEqual({ status: false });
    expect(splitFlags(['--status=1'], OWN).values).toEqual({ status: true });
  });

  it('refuses any other value after a switch, naming the flag and the value', () => {
    expect(() => splitFlags(['--status=maybe'], OWN)).toThrow(UsageError);
    expect(() => splitFlags(['--status=maybe'], OWN)).toThrow(
      '--status: got "maybe", expected no value (a switch), or true/false',
    );
  });
});
