// `quanttrade user <add|list|set-role|disable|enable|token>`: account administration from the
// shell, audited as 'system'. Passwords are read from stdin (--password-stdin) or generated and
// printed once; they never appear on the command line (where `ps` and shell history see them).
import { z } from 'zod';
import { AppError } from '../../core/errors';
import type { Database } from '../../db/database';
import { changeAccount, createAccount, createToken, type Actor } from '../../api/auth/accounts';
import { ROLES, findUserForLogin, listUsers } from '../../api/auth/users-store';
import { migrate } from '../../db/migration-runner';
import { packageRoot } from '../../config/package-root';
import { join } from 'node:path';
import { UsageError } from '../command';
import { cliConfig, cliLogger, withCliDatabase } from '../cli-database';
import { splitFlags, validateFlags } from '../flags';

const HELP = `Usage:
  quanttrade user add --email E --role admin|operator|viewer [--password-stdin]
  quanttrade user list
  quanttrade user set-role --email E --role R
  quanttrade user disable --email E        quanttrade user enable --email E
  quanttrade user token --email E --name N [--expires-in-days D]

Without --password-stdin, add generates a password and prints it once. token prints a new API
token once (for scripts and quanttrade/client). Database options as for quanttrade start.`;

const SYSTEM: Actor = { label: 'system' };
const email = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[^@\s]+@[^@\s]+$/, 'an email address such as user@example.com');
const role = z.enum(ROLES);

const SCHEMAS = {
  add: z.object({ email, role, 'password-stdin': z.boolean().optional() }),
  list: z.object({}),
  'set-role': z.object({ email, role }),
  disable: z.object({ email }),
  enable: z.object({ email }),
  token: z.object({
    email,
    name: z.string().trim().min(1).max(100),
    'expires-in-days': z.coerce.number().int().min(1).max(3650).optional(),
  }),
};
type Action = keyof typeof SCHEMAS;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

async function userId(db: Database, address: string): Promise<number> {
  const user = await findUserForLogin(db.pool, address);
  if (!user) throw new AppError('NOT_FOUND', `no user with email ${address}`);
  return user.id;
}

async function perform(action: Action, flags: Record<string, unknown>, db: Database): Promise<void> {
  const deps = { pool: db.pool };
  const f = flags as {
    email: string;
    role: (typeof ROLES)[number];
    name: string;
    'expires-in-days'?: number;
  };
  if (action === 'list') {
    for (const u of await listUsers(db.pool))
      console.log(`${u.id}\t${u.email}\t${u.role}${u.disabledAt ? '\tdisabled' : ''}`);
  } else if (action === 'add') {
    let password: string | undefined;
    if (flags['password-stdin']) {
      password = await readStdin();
      if (password.length < 12)
        throw new UsageError(
          '--password-stdin: got a password shorter than 12 characters, expected at least 12',
        );
    }
    const { user, generatedPassword } = await createAccount(deps, SYSTEM, {
      email: f.email,
      role: f.role,
      password,
    });
    console.log(`created ${user.role} ${user.email} (id ${user.id})`);
    if (generatedPassword) console.log(`password: ${generatedPassword}\n(shown only this once)`);
  } else if (action === 'token') {
    const { token, row } = await createToken(deps, SYSTEM, {
      userId: await userId(db, f.email),
      name: f.name,
      expiresInDays: f['expires-in-days'],
    });
    console.log(`token ${row.id} (${row.name}) for ${f.email}:\n${token}\n(shown only this once)`);
  } else {
    const change = action === 'set-role' ? { role: f.role } : { disabled: action === 'disable' };
    const user = await changeAccount(deps, SYSTEM, await userId(db, f.email), change);
    console.log(`${user.email}: role ${user.role}${user.disabledAt ? ', disabled' : ''}`);
  }
}

export async function run(argv: string[]): Promise<number> {
  const [action, ...args] = argv;
  if (!action || action === '--help' || action === '-h' || args.includes('--help')) {
    console.log(HELP);
    return 0;
  }
  if (!(action in SCHEMAS))
    throw new UsageError(
      `unknown action '${action}', expected one of ${Object.keys(SCHEMAS).join(', ')}\n\n${HELP}`,
    );
  const own = {
    email: 'string',
    role: 'string',
    name: 'string',
    'expires-in-days': 'string',
    'password-stdin': 'boolean',
  } as const;
  const { values, rest } = splitFlags(args, own);
  const schema = SCHEMAS[action as Action];
  const foreign = Object.keys(values).filter((flag) => !(flag in schema.shape));
  if (foreign.length) {
    throw new UsageError(
      foreign.map((f) => `--${f}: not an option of 'quanttrade user ${action}'`).join('\n'),
    );
  }
  const flags = validateFlags(schema, values);
  const config = cliConfig(rest);
  const log = cliLogger(config);
  return withCliDatabase(config, log, async (db) => {
    await migrate(db.pool, join(packageRoot(), 'sql'), log);
    try {
      await perform(action as Action, flags, db);
      return 0;
    } catch (err) {
      if (err instanceof AppError && err.kind !== 'bug') {
        console.error(`quanttrade user ${action}: ${err.message}`);
        return err.kind === 'invalid' ? 2 : 1;
      }
      throw err;
    }
  });
}
