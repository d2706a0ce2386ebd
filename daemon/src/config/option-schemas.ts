// The schemas of the option catalogue (options.ts). Values arrive as strings (environment or
// argv); each schema turns a string into its typed value, or adds an issue whose message says
// what was expected, in words (it is shown to the operator as `expected …`).
import { z } from 'zod';

export function integer(min: number, max: number) {
  return z.string().transform((text, ctx) => {
    const n = Number(text.trim());
    if (!/^\d+$/.test(text.trim()) || n < min || n > max) {
      ctx.addIssue({ code: 'custom', message: `an integer from ${min} to ${max}` });
      return z.NEVER;
    }
    return n;
  });
}

export function oneOf<const T extends readonly string[]>(values: T) {
  return z.string().transform((text, ctx) => {
    const value = text.trim().toLowerCase();
    if (!(values as readonly string[]).includes(value)) {
      ctx.addIssue({ code: 'custom', message: `one of ${values.join(', ')}` });
      return z.NEVER;
    }
    return value as T[number];
  });
}

export const boolean = oneOf(['true', 'false', '1', '0', 'yes', 'no']).transform((v) =>
  ['true', '1', 'yes'].includes(v),
);

/** A comma-separated subset of `allowed`, returned in the order of `allowed`. */
export function listOf<const T extends readonly string[]>(allowed: T) {
  return z.string().transform((text, ctx) => {
    const list = text
      .split(',')
      .map((r) => r.trim().toLowerCase())
      .filter(Boolean);
    const bad = list.filter((r) => !(allowed as readonly string[]).includes(r));
    if (list.length === 0 || bad.length > 0) {
      ctx.addIssue({ code: 'custom', message: `a comma-separated list of ${allowed.join(', ')}` });
      return z.NEVER;
    }
    return allowed.filter((r) => list.includes(r)) as T[number][];
  });
}

export const databaseUrl = z
  .string()
  .optional()
  .transform((text, ctx) => {
    if (text === undefined || text.trim() === '') return undefined;
    let protocol = '';
    try {
      protocol = new URL(text).protocol;
    } catch {
      // reported below
    }
    if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
      ctx.addIssue({ code: 'custom', message: 'a postgres://user:password@host:port/database URL' });
      return z.NEVER;
    }
    return text;
  });

export const optionalSecret = (minLength: number) =>
  z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined || text === '') return undefined;
      if (text.length < minLength) {
        ctx.addIssue({ code: 'custom', message: `at least ${minLength} characters` });
        return z.NEVER;
      }
      return text;
    });

export const email = z.string().transform((text, ctx) => {
  const value = text.trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+$/.test(value)) {
    ctx.addIssue({ code: 'custom', message: 'an email address such as admin@example.com' });
    return z.NEVER;
  }
  return value;
});

export const nonEmpty = z.string().transform((text, ctx) => {
  if (text.trim() === '') {
    ctx.addIssue({ code: 'custom', message: 'a non-empty path' });
    return z.NEVER;
  }
  return text;
});

/** An http(s) base URL, such as a source API or a proxy in front of it. */
export const httpUrl = z.string().transform((text, ctx) => {
  let protocol = '';
  try {
    protocol = new URL(text.trim()).protocol;
  } catch {
    // reported below
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    ctx.addIssue({ code: 'custom', message: 'an http:// or https:// URL' });
    return z.NEVER;
  }
  return text.trim();
});

/** An optional credential or identifier given as one word (a pasted token with a space is a mistake). */
export const optionalWord = z
  .string()
  .optional()
  .transform((text, ctx) => {
    if (text === undefined || text.trim() === '') return undefined;
    if (/\s/.test(text.trim())) {
      ctx.addIssue({ code: 'custom', message: 'a single word without spaces' });
      return z.NEVER;
    }
    return text.trim();
  });
