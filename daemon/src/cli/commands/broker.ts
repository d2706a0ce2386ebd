// `quanttrade broker <add|list|status|token|connect|disconnect|remove|key-gen|rotate-key|reconcile|differences>`:
// broker accounts from the shell, audited as 'system'. Access tokens are read from stdin
// (--token-stdin), never from the command line where `ps` and shell history would keep them. A
// running daemon picks up every change (new token, connect, disconnect) without a restart.
import { writeFileSync, existsSync } from 'node:fs';
import { z } from 'zod';
import {
  createDhanAccount,
  deleteAccount,
  generateKeyText,
  getAccount,
  listAccounts,
  loadBrokerKeyring,
  requireKeyring,
  rotateBrokerKey,
  setAccessToken,
  updateAccount,
  type BrokerAccountSummary,
} from '../../broker';
import { notifyAccountChanged } from '../../broker/account-credentials';
import { AppError } from '../../core/errors';
import { findUserForLogin } from '../../api/auth/users-store';
import { withTransaction, type Pool, type PoolClient } from '../../db/pool';
import { migrate } from '../../db/migration-runner';
import { packageRoot } from '../../config/package-root';
import { join } from 'node:path';
import { UsageError } from '../command';
import { cliConfig, cliLogger, withCliDatabase } from '../cli-database';
import { splitFlags, validateFlags } from '../flags';
import { printDifferences, printReport, reconcileFromCli } from './broker-reconcile';

const HELP = `Usage:
  quanttrade broker add --owner EMAIL --label L --client-id ID --token-stdin [--auto-renew] [--connect]
  quanttrade broker list
  quanttrade broker status [--id N]
  quanttrade broker token --id N --token-stdin [--client-id ID]
  quanttrade broker connect --id N          quanttrade broker disconnect --id N
  quanttrade broker remove --id N
  quanttrade broker key-gen --out PATH
  quanttrade broker rotate-key --new-key-file PATH
  quanttrade broker reconcile --id N        quanttrade broker differences [--id N] [--all]

The access token (from web.dhan.co, valid 24 h) is read from stdin:
  printf '%s' "$TOKEN" | quanttrade broker token --id 1 --token-stdin
Credentials are encrypted with the broker key (QUANTTRADE_BROKER_KEY_FILE); key-gen creates one.
rotate-key re-encrypts every account with a new key in one transaction; then point
QUANTTRADE_BROKER_KEY_FILE at the new file (QUANTTRADE_BROKER_PREVIOUS_KEY_FILE at the old one
lets running daemons read both until they restart).
reconcile compares the broker's orders, trades and positions with the ledger now, books what the
order updates missed and stores what nothing explains; differences lists those (--all: cleared too).
Database options as for quanttrade start.`;

const SYSTEM = { label: 'system' };
const idFlag = z.coerce.number().int().positive();
const SCHEMAS = {
  add: z.object({
    owner: z.string().trim().toLowerCase().min(3),
    label: z.string().trim().min(1).max(100),
    'client-id': z.string().trim().min(1),
    'token-stdin': z.boolean().optional(),
    'auto-renew': z.boolean().optional(),
    connect: z.boolean().optional(),
  }),
  list: z.object({}),
  status: z.object({ id: idFlag.optional() }),
  token: z.object({
    id: idFlag,
    'token-stdin': z.literal(true, { message: 'the switch --token-stdin' }),
    'client-id': z.string().trim().min(1).optional(),
  }),
  connect: z.object({ id: idFlag }),
  disconnect: z.object({ id: idFlag }),
  remove: z.object({ id: idFlag }),
  'key-gen': z.object({ out: z.string().min(1) }),
  'rotate-key': z.object({ 'new-key-file': z.string().min(1) }),
  reconcile: z.object({ id: idFlag }),
  differences: z.object({ id: idFlag.optional(), all: z.boolean().optional() }),
};
type Action = keyof typeof SCHEMAS;
const OWN = {
  owner: 'string',
  label: 'string',
  'client-id': 'string',
  'token-stdin': 'boolean',
  'auto-renew': 'boolean',
  connect: 'boolean',
  id: 'string',
  out: 'string',
  'new-key-file': 'string',
  all: 'boolean',
} as const;

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY)
    throw new UsageError('--token-stdin: pipe the token in (printf \'%s\' "$TOKEN" | quanttrade broker ...)');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

function row(a: BrokerAccountSummary, state?: string): string {
  const expires = a.tokenExpiresAt
    ? `token until ${a.tokenExpiresAt}${Date.parse(a.tokenExpiresAt) < Date.now() ? ' (EXPIRED)' : ''}`
    : 'token expiry unknown';
  return [
    a.id,
    `owner ${a.ownerId}`,
    a.broker,
    a.label,
    a.clientIdHint ?? '-',
    a.hasCredentials ? expires : 'no credentials',
    a.linkEnabled ? 'connect: on' : 'connect: off',
    state ?? '',
  ]
    .join('\t')
    .trimEnd();
}

async function linkStates(pool: Pool): Promise<Map<number, string>> {
  const { rows } = await pool.query<{ id: number; state: string; detail: string | null; heartbeat_at: Date }>(
    'SELECT broker_account_id AS id, state, detail, heartbeat_at FROM broker_link_status',
  );
  return new Map(
    rows.map((r) => {
      const stale = Date.now() - r.heartbeat_at.getTime() > 30_000 && r.state !== 'disconnected';
      return [
        r.id,
        stale
          ? `link: disconnected (no daemon reported since ${r.heartbeat_at.toISOString()})`
          : `link: ${r.state}${r.detail ? ` (${r.detail})` : ''}`,
      ];
    }),
  );
}

async function perform(
  action: Action,
  f: Record<string, unknown>,
  pool: Pool,
  config: ReturnType<typeof cliConfig>,
): Promise<void> {
  const keyring = () => requireKeyring(loadBrokerKeyring(config));
  const inTx = <T>(fn: (db: PoolClient) => Promise<T>) => withTransaction(pool, fn);
  if (action === 'list' || action === 'status') {
    const states = await linkStates(pool);
    const accounts = f.id ? [await getAccount(pool, f.id as number)] : await listAccounts(pool);
    if (!accounts.length) console.log('no broker accounts (add one with quanttrade broker add)');
    for (const a of accounts)
      console.log(
        row(
          a,
          states.get(a.id) ?? (a.linkEnabled ? 'link: waiting for a trader daemon' : 'link: disconnected'),
        ),
      );
  } else if (action === 'add') {
    const user = await findUserForLogin(pool, f.owner as string);
    if (!user) throw new AppError('NOT_FOUND', `--owner: no user with email ${String(f.owner)}`);
    const k = keyring();
    const accessToken = await readStdin();
    const a = await inTx(async (db) => {
      const created = await createDhanAccount(
        db,
        k,
        {
          ownerId: user.id,
          label: f.label as string,
          clientId: f['client-id'] as string,
          accessToken,
          autoRenew: f['auto-renew'] === true,
        },
        SYSTEM,
      );
      return f.connect ? updateAccount(db, created.id, { linkEnabled: true }, SYSTEM) : created;
    });
    await notifyAccountChanged(pool, a.id, a.ownerId, f.connect ? 'connect' : 'created');
    console.log(
      `added broker account ${a.id} (${a.label}, client ${a.clientIdHint})${f.connect ? ', connecting' : ''}`,
    );
  } else if (action === 'token') {
    const k = keyring();
    const accessToken = await readStdin();
    const a = await inTx((db) =>
      setAccessToken(
        db,
        k,
        f.id as number,
        { accessToken, clientId: f['client-id'] as string | undefined },
        SYSTEM,
      ),
    );
    await notifyAccountChanged(pool, a.id, a.ownerId, 'token');
    console.log(
      `account ${a.id}: new token set${a.tokenExpiresAt ? `, valid until ${a.tokenExpiresAt}` : ''}; a running daemon applies it without a restart`,
    );
  } else if (action === 'connect' || action === 'disconnect') {
    const a = await inTx((db) =>
      updateAccount(db, f.id as number, { linkEnabled: action === 'connect' }, SYSTEM),
    );
    await notifyAccountChanged(pool, a.id, a.ownerId, action);
    console.log(
      `account ${a.id}: ${action === 'connect' ? 'connecting (a daemon with the trader role holds the link)' : 'disconnected'}`,
    );
  } else if (action === 'remove') {
    const a = await getAccount(pool, f.id as number);
    if (a.linkEnabled)
      throw new AppError(
        'CONFLICT',
        `account ${a.id} is connected: quanttrade broker disconnect --id ${a.id} first`,
      );
    await inTx((db) => deleteAccount(db, a.id, SYSTEM));
    await notifyAccountChanged(pool, a.id, a.ownerId, 'deleted');
    console.log(`removed broker account ${a.id}`);
  } else if (action === 'reconcile') {
    printReport(await reconcileFromCli(pool, config, cliLogger(config), f.id as number));
  } else if (action === 'differences') {
    await printDifferences(pool, { id: f.id as number | undefined, all: f.all === true });
  } else if (action === 'rotate-key') {
    const current = keyring();
    const next = loadBrokerKeyring({ brokerKeyFile: f['new-key-file'] as string })!.current;
    if (next.id === current.current.id)
      throw new UsageError('--new-key-file: that is the key in use already');
    const r = await rotateBrokerKey(pool, current, next);
    console.log(
      `re-encrypted ${r.reencrypted} account(s) with key ${r.newKeyId} (${r.alreadyCurrent} already on it).`,
    );
    console.log(
      `Now set QUANTTRADE_BROKER_KEY_FILE=${String(f['new-key-file'])} on every daemon (keep the old file as QUANTTRADE_BROKER_PREVIOUS_KEY_FILE until they restart).`,
    );
  }
}

function keyGen(out: string): number {
  if (existsSync(out)) throw new UsageError(`--out: ${out} exists; refusing to overwrite a key`);
  writeFileSync(out, `${generateKeyText()}\n`, { mode: 0o600, flag: 'wx' });
  console.log(
    `wrote a new broker key to ${out} (mode 600). Set QUANTTRADE_BROKER_KEY_FILE=${out} and keep a backup: credentials encrypted with it cannot be read without it.`,
  );
  return 0;
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
  const { values, rest } = splitFlags(args, OWN);
  const schema = SCHEMAS[action as Action];
  const foreign = Object.keys(values).filter((flag) => !(flag in schema.shape));
  if (foreign.length)
    throw new UsageError(
      foreign.map((x) => `--${x}: not an option of 'quanttrade broker ${action}'`).join('\n'),
    );
  const flags = validateFlags(schema, values) as Record<string, unknown>;
  if ((action === 'add' || action === 'token') && flags['token-stdin'] !== true)
    throw new UsageError(
      `--token-stdin: required; the access token is read from stdin, never from the command line (printf '%s' "$TOKEN" | quanttrade broker ${action} ... --token-stdin)`,
    );
  if (action === 'key-gen') return keyGen(flags.out as string);
  const config = cliConfig(rest);
  const log = cliLogger(config);
  return withCliDatabase(config, log, async (db) => {
    await migrate(db.pool, join(packageRoot(), 'sql'), log);
    try {
      await perform(action as Action, flags, db.pool, config);
      return 0;
    } catch (err) {
      if (err instanceof AppError && err.kind !== 'bug') {
        console.error(`quanttrade broker ${action}: ${err.message}`);
        // A missing broker key is the command's configuration (exit 2, like a bad flag).
        return err.kind === 'invalid' || err.code === 'CONFIG_INVALID' || err.code === 'NOT_CONFIGURED'
          ? 2
          : 1;
      }
      throw err;
    }
  });
}
