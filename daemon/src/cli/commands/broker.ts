// `quanttrade broker <add|list|status|token|connect|disconnect|remove|key-gen|rotate-key|reconcile|differences>`:
// broker accounts from the shell, audited as 'system'. Access tokens are read from stdin
// (--token-stdin), never from the command line where `ps` and shell history would keep them. A
// running daemon picks up every change (new token, connect, disconnect) without a restart.
import { writeFileSync, existsSync } from 'node:fs';
import type { Logger } from 'pino';
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
import type { Config } from '../../config/load-config';
import { withTransaction, type Pool, type PoolClient } from '../../db/pool';
import { withCommandDatabase } from '../cli-database';
import { defineCommand, defineGroup, UsageError, type Command, type OptionSpecs } from '../command';
import { printDifferences, printReport, reconcileFromCli } from './broker-reconcile';

const TOKEN_NOTE =
  'The access token (from web.dhan.co, valid 24 h) is read from stdin:\n' +
  '  printf \'%s\' "$TOKEN" | quanttrade broker token --id 1 --token-stdin\n' +
  'Credentials are encrypted with the broker key (QUANTTRADE_BROKER_KEY_FILE); key-gen creates one.';

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
    'token-stdin': z.boolean().optional(),
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
const ID = { type: 'string', value: 'N', describe: 'the broker account' } as const;
const OPTIONS = {
  add: {
    owner: { type: 'string', value: 'EMAIL', describe: "the owner's email (a QuantTrade user)" },
    label: { type: 'string', value: 'L', describe: 'a name for the account' },
    'client-id': { type: 'string', value: 'ID', describe: 'the Dhan client id' },
    'token-stdin': { type: 'boolean', describe: 'read the access token from stdin (required)' },
    'auto-renew': { type: 'boolean', describe: 'renew the token before it expires' },
    connect: { type: 'boolean', describe: 'connect at once' },
  },
  list: {},
  status: { id: { ...ID, describe: 'one account (default: all)' } },
  token: {
    id: ID,
    'token-stdin': { type: 'boolean', describe: 'read the new access token from stdin (required)' },
    'client-id': { type: 'string', value: 'ID', describe: 'a new Dhan client id' },
  },
  connect: { id: ID },
  disconnect: { id: ID },
  remove: { id: ID },
  'key-gen': { out: { type: 'string', value: 'PATH', describe: 'the new key file (never overwritten)' } },
  'rotate-key': {
    'new-key-file': { type: 'string', value: 'PATH', describe: 'the key to re-encrypt with', input: 'file' },
  },
  reconcile: { id: ID },
  differences: {
    id: { ...ID, describe: 'one account (default: all)' },
    all: { type: 'boolean', describe: 'cleared differences too' },
  },
} satisfies Record<Action, OptionSpecs>;

const USAGES: Record<Action, string> = {
  add: '--owner EMAIL --label L --client-id ID --token-stdin [--auto-renew] [--connect]',
  list: '',
  status: '[--id N]',
  token: '--id N --token-stdin [--client-id ID]',
  connect: '--id N',
  disconnect: '--id N',
  remove: '--id N',
  'key-gen': '--out PATH',
  'rotate-key': '--new-key-file PATH',
  reconcile: '--id N',
  differences: '[--id N] [--all]',
};

const SUMMARIES: Record<Action, string> = {
  add: 'Add a Dhan account with its access token (from stdin)',
  list: 'Every broker account with its token expiry and link state',
  status: "An account's (or every account's) link state",
  token: "Set an account's new daily access token (from stdin)",
  connect: 'Connect an account (a daemon with the trader role holds the link)',
  disconnect: 'Disconnect an account',
  remove: 'Remove a disconnected account',
  'key-gen': 'Write a new broker key file (mode 600)',
  'rotate-key': 'Re-encrypt every account with a new broker key, in one transaction',
  reconcile: "Reconcile an account now: the broker's orders, trades and positions against the ledger",
  differences: 'Differences reconciliation could not explain (--all: cleared ones too)',
};

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
  config: Config,
  log: Logger,
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
    printReport(await reconcileFromCli(pool, config, log, f.id as number));
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

function brokerCommand(action: Action): Command {
  return defineCommand({
    summary: SUMMARIES[action],
    usage: USAGES[action],
    options: OPTIONS[action] as OptionSpecs,
    schema: SCHEMAS[action],
    description: action === 'add' || action === 'token' ? TOKEN_NOTE : undefined,
    daemonOptions: true,
    async run(inv) {
      const flags = inv.options as Record<string, unknown>;
      if ((action === 'add' || action === 'token') && flags['token-stdin'] !== true)
        throw new UsageError(
          `--token-stdin: required; the access token is read from stdin, never from the command line (printf '%s' "$TOKEN" | quanttrade broker ${action} ... --token-stdin)`,
        );
      if (action === 'key-gen') return keyGen(flags.out as string);
      return withCommandDatabase(inv, async ({ pool, config, log }) => {
        await perform(action, flags, pool, config, log);
        return 0;
      });
    },
  });
}

export const command = defineGroup({
  summary: 'Broker accounts: add Dhan credentials, set the daily token, connect, status, keys',
  description:
    'Audited as "system". A running daemon picks up every change (new token, connect, disconnect)\n' +
    'without a restart. rotate-key re-encrypts every account with a new key; then point\n' +
    'QUANTTRADE_BROKER_KEY_FILE at the new file (QUANTTRADE_BROKER_PREVIOUS_KEY_FILE at the old one\n' +
    "lets running daemons read both until they restart). reconcile compares the broker's orders,\n" +
    'trades and positions with the ledger now, books what the order updates missed and stores what\n' +
    'nothing explains; differences lists those. docs/dhan.md.',
  commands: Object.fromEntries(
    (Object.keys(SCHEMAS) as Action[]).map((action) => [action, brokerCommand(action)]),
  ),
});
