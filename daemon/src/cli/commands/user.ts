// `quanttrade user <add|list|set-role|disable|enable|reset-password|token>`: account
// administration from the shell, audited as 'system'. Passwords are read from stdin
// (--password-stdin) or generated and printed once; they never appear on the command line.
import { z } from 'zod';
import { AppError } from '../../core/errors';
import type { Pool } from '../../db/pool';
import {
  changeAccount,
  createAccount,
  createToken,
  resetPassword,
  type Actor,
} from '../../api/auth/accounts';
import { ROLES, findUserForLogin, listUsers } from '../../api/auth/users-store';
import { defineCommand, defineGroup } from '../command';
import { withCommandDatabase } from '../cli-database';
import { readSecretFromStdin } from '../stdin-secret';

const SYSTEM: Actor = { label: 'system' };
const MIN_PASSWORD = 12;
const email = z
  .string({ message: 'an email address such as user@example.com' })
  .trim()
  .toLowerCase()
  .regex(/^[^@\s]+@[^@\s]+$/, 'an email address such as user@example.com');
const role = z.enum(ROLES);

const EMAIL = { type: 'string', value: 'E', describe: "the account's email address" } as const;
const ROLE = { type: 'string', value: 'ROLE', describe: ROLES.join(', ') } as const;
const PASSWORD_STDIN = {
  type: 'boolean',
  describe: `read the password from stdin (at least ${MIN_PASSWORD} characters) instead of generating one`,
} as const;

async function userId(pool: Pool, address: string): Promise<number> {
  const user = await findUserForLogin(pool, address);
  if (!user) throw new AppError('NOT_FOUND', `no user with email ${address}`);
  return user.id;
}

function printPassword(generated: string | undefined): void {
  if (generated) console.log(`password: ${generated}\n(shown only this once)`);
}

const add = defineCommand({
  summary: 'Add a user; the password is generated and printed once, or read from stdin',
  usage: '--email E --role admin|operator|viewer [--password-stdin]',
  options: { email: EMAIL, role: ROLE, 'password-stdin': PASSWORD_STDIN },
  schema: z.object({ email, role, 'password-stdin': z.boolean().optional() }),
  daemonOptions: true,
  async run(inv) {
    const f = inv.options;
    const password = f['password-stdin']
      ? await readSecretFromStdin('password-stdin', 'password', MIN_PASSWORD)
      : undefined;
    return withCommandDatabase(inv, async ({ pool }) => {
      const { user, generatedPassword } = await createAccount({ pool }, SYSTEM, { ...f, password });
      console.log(`created ${user.role} ${user.email} (id ${user.id})`);
      printPassword(generatedPassword);
      return 0;
    });
  },
});

const list = defineCommand({
  summary: 'List the users: id, email, role, and whether disabled',
  daemonOptions: true,
  async run(inv) {
    return withCommandDatabase(inv, async ({ pool }) => {
      for (const u of await listUsers(pool))
        console.log(`${u.id}\t${u.email}\t${u.role}${u.disabledAt ? '\tdisabled' : ''}`);
      return 0;
    });
  },
});

type Role = (typeof ROLES)[number];

async function applyChange(
  inv: Parameters<typeof withCommandDatabase>[0],
  address: string,
  change: { role?: Role; disabled?: boolean },
): Promise<number> {
  return withCommandDatabase(inv, async ({ pool }) => {
    const user = await changeAccount({ pool }, SYSTEM, await userId(pool, address), change);
    console.log(`${user.email}: role ${user.role}${user.disabledAt ? ', disabled' : ''}`);
    return 0;
  });
}

const setRole = defineCommand({
  summary: "Change a user's role",
  usage: '--email E --role R',
  options: { email: EMAIL, role: ROLE },
  schema: z.object({ email, role }),
  daemonOptions: true,
  run: (inv) => applyChange(inv, inv.options.email, { role: inv.options.role }),
});

const disable = defineCommand({
  summary: 'Disable an account: it can no longer sign in or use its tokens',
  usage: '--email E',
  options: { email: EMAIL },
  schema: z.object({ email }),
  daemonOptions: true,
  run: (inv) => applyChange(inv, inv.options.email, { disabled: true }),
});

const enable = defineCommand({
  summary: 'Enable a disabled account again',
  usage: '--email E',
  options: { email: EMAIL },
  schema: z.object({ email }),
  daemonOptions: true,
  run: (inv) => applyChange(inv, inv.options.email, { disabled: false }),
});

const resetPasswordCommand = defineCommand({
  summary: "Set a user's new password: generated and printed once, or read from stdin",
  usage: '--email E [--password-stdin]',
  description:
    'For an administrator who lost the first-start password, or a user locked out. Sessions\nalready signed in stay valid until they expire (QUANTTRADE_SESSION_TTL).',
  options: { email: EMAIL, 'password-stdin': PASSWORD_STDIN },
  schema: z.object({ email, 'password-stdin': z.boolean().optional() }),
  daemonOptions: true,
  async run(inv) {
    const password = inv.options['password-stdin']
      ? await readSecretFromStdin('password-stdin', 'password', MIN_PASSWORD)
      : undefined;
    return withCommandDatabase(inv, async ({ pool }) => {
      const id = await userId(pool, inv.options.email);
      const { user, generatedPassword } = await resetPassword({ pool }, SYSTEM, id, password);
      console.log(`new password set for ${user.email}${user.disabledAt ? ' (the account is disabled)' : ''}`);
      printPassword(generatedPassword);
      return 0;
    });
  },
});

const token = defineCommand({
  summary: 'Create an API token for scripts and quanttrade/client (printed once; only its hash is kept)',
  usage: '--email E --name N [--expires-in-days D]',
  options: {
    email: EMAIL,
    name: { type: 'string', value: 'N', describe: 'what the token is for, e.g. scripts' },
    'expires-in-days': { type: 'string', value: 'D', describe: 'days until it expires (default: never)' },
  },
  schema: z.object({
    email,
    name: z.string({ message: 'a name for the token, e.g. scripts' }).trim().min(1).max(100),
    'expires-in-days': z.coerce.number().int().min(1).max(3650).optional(),
  }),
  daemonOptions: true,
  async run(inv) {
    const f = inv.options;
    return withCommandDatabase(inv, async ({ pool }) => {
      const { token, row } = await createToken({ pool }, SYSTEM, {
        userId: await userId(pool, f.email),
        name: f.name,
        expiresInDays: f['expires-in-days'],
      });
      console.log(`token ${row.id} (${row.name}) for ${f.email}:\n${token}\n(shown only this once)`);
      return 0;
    });
  },
});

export const command = defineGroup({
  summary: 'Accounts: add users, change roles, disable them, reset passwords, create API tokens',
  description: 'Changes are audited as "system". Over the API, admins have the same (users.*).',
  commands: {
    add,
    list,
    'set-role': setRole,
    disable,
    enable,
    'reset-password': resetPasswordCommand,
    token,
  },
});
