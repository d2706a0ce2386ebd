// Option values checked by a command's schema: each problem names the flag, the value and what
// was expected; a missing required option is described by its own help line.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { OptionSpecs } from './command';
import { validateOptions } from './command-input';

const options = {
  name: { type: 'string', value: 'NAME', describe: "the strategy's name in the daemon" },
  id: { type: 'string', value: 'N', describe: 'the broker account' },
  force: { type: 'boolean', describe: 'overwrite' },
} as const satisfies OptionSpecs;
const schema = z.object({
  name: z.string().min(1),
  id: z.coerce.number().int().positive().optional(),
  force: z.boolean().optional(),
});

describe('validateOptions', () => {
  it('returns the schema output when the values pass', () => {
    expect(validateOptions(schema, { name: 'x', id: '3' }, options)).toEqual({
      ok: true,
      value: { name: 'x', id: 3 },
    });
  });

  it.each([
    [{}, "--name: got nothing, expected the strategy's name in the daemon (--name NAME)"],
    [{ name: '' }, '--name: got "", expected a string of length >= 1'],
    [{ name: 'x', id: '-3' }, '--id: got "-3", expected a number > 0'],
  ])('%j → %s', (values, problem) => {
    expect(validateOptions(schema, values, options)).toEqual({ ok: false, problems: [problem] });
  });

  it('lists every problem at once', () => {
    const checked = validateOptions(schema, { id: 'x' }, options);
    expect(checked.ok ? [] : checked.problems).toHaveLength(2);
  });
});
