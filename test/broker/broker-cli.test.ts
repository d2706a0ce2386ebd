// The built `quanttrade broker` commands against a test database (DATABASE_URL): a key made by
// key-gen, an account added with its token on stdin, a new token, connect/disconnect, key rotation
// re-encrypting every account, and no token in any output.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCredentials } from '../../daemon/src/broker/account-credentials';
import { loadBrokerKeyring } from '../../daemon/src/broker/broker-key';
import { createTokenAuthority } from '../../daemon/src/dev/dhan-fake/fake-tokens';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { runCli } from '../support/spawn-daemon';

let db: TestDatabase;
const dir = mkdtempSync(join(tmpdir(), 'qt-broker-cli-'));
const keyA = join(dir, 'a.key');
const keyB = join(dir, 'b.key');
const tokens = createTokenAuthority();
const outputs: string[] = [];

async function cli(args: string[], env: Record<string, string> = {}, input?: string) {
  const r = await runCli(['broker', ...args], { env: { DATABASE_URL: db.url, ...env }, input });
  outputs.push(r.stdout, r.stderr);
  return r;
}

beforeAll(async () => {
  db = await createTestDatabase();
  await db.pool.query(
    "INSERT INTO users (email, role, password_hash) VALUES ('trader@test.local', 'operator', 'x')",
  );
});
afterAll(async () => {
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('quanttrade broker', () => {
  it('key-gen writes a key only its owner can read, and never overwrites one', async () => {
    expect((await cli(['key-gen', '--out', keyA])).code).toBe(0);
    expect(statSync(keyA).mode & 0o777).toBe(0o600);
    expect(loadBrokerKeyring({ brokerKeyFile: keyA })!.current.id).toMatch(/^[0-9a-f]{16}$/);
    const again = await cli(['key-gen', '--out', keyA]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('exists; refusing to overwrite a key');
  });

  it('adds an account with the token from stdin, lists it masked with its expiry', async () => {
    const token = tokens.issue('1000000042');
    const noKey = await cli(
      [
        'add',
        '--owner',
        'trader@test.local',
        '--label',
        'main',
        '--client-id',
        '1000000042',
        '--token-stdin',
      ],
      {},
      token,
    );
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('quanttrade broker key-gen --out');
    const noStdin = await cli(
      ['add', '--owner', 'trader@test.local', '--label', 'main', '--client-id', '1000000042'],
      { QUANTTRADE_BROKER_KEY_FILE: keyA },
    );
    expect(noStdin.code).toBe(2);
    expect(noStdin.stderr).toContain('--token-stdin: required; the access token is read from stdin');
    const added = await cli(
      [
        'add',
        '--owner',
        'trader@test.local',
        '--label',
        'main',
        '--client-id',
        '1000000042',
        '--token-stdin',
        '--auto-renew',
      ],
      { QUANTTRADE_BROKER_KEY_FILE: keyA },
      `${token}\n`,
    );
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/added broker account \d+ \(main, client \*{6}0042\)/);
    const list = await cli(['list']);
    expect(list.stdout).toMatch(
      new RegExp(
        `\\tdhan\\tmain\\t\\*{6}0042\\ttoken until ${new Date(tokens.expiryOf(token)!).toISOString()}\\tconnect: off\\tlink: disconnected`,
      ),
    );
  });

  it('sets a new token, connects and disconnects; every change is audited', async () => {
    const token = tokens.issue('1000000042');
    const set = await cli(
      ['token', '--id', '1', '--token-stdin'],
      { QUANTTRADE_BROKER_KEY_FILE: keyA },
      token,
    );
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('account 1: new token set, valid until');
    const creds = await readCredentials(db.pool, loadBrokerKeyring({ brokerKeyFile: keyA })!, 1);
    expect(creds).toMatchObject({ clientId: '1000000042', accessToken: token, autoRenew: true });
    expect((await cli(['connect', '--id', '1'])).stdout).toContain('account 1: connecting');
    expect((await cli(['status', '--id', '1'])).stdout).toContain(
      'connect: on\tlink: waiting for a trader daemon',
    );
    expect((await cli(['remove', '--id', '1'])).stderr).toContain(
      'is connected: quanttrade broker disconnect --id 1 first',
    );
    expect((await cli(['disconnect', '--id', '1'])).code).toBe(0);
    const { rows } = await db.pool.query<{ action: string; actor: string }>(
      "SELECT action, actor FROM audit_log WHERE action LIKE 'broker.%' ORDER BY id",
    );
    expect(rows.map((r) => r.action)).toEqual([
      'broker.account_create',
      'broker.token_set',
      'broker.account_update',
      'broker.account_update',
    ]);
    expect(rows.every((r) => r.actor === 'system')).toBe(true);
  });

  it('rotate-key re-encrypts every account; the old key alone no longer reads them', async () => {
    expect((await cli(['key-gen', '--out', keyB])).code).toBe(0);
    const before = readFileSync(keyA, 'utf8');
    const rotated = await cli(['rotate-key', '--new-key-file', keyB], { QUANTTRADE_BROKER_KEY_FILE: keyA });
    expect(rotated.stderr).toBe('');
    expect(rotated.stdout).toContain('re-encrypted 1 account(s) with key');
    const next = loadBrokerKeyring({ brokerKeyFile: keyB })!;
    const old = loadBrokerKeyring({ brokerKeyFile: keyA })!;
    expect((await readCredentials(db.pool, next, 1)).clientId).toBe('1000000042');
    await expect(readCredentials(db.pool, old, 1)).rejects.toThrow(
      `encrypted with key ${next.current.id}, but this daemon has key ${old.current.id}`,
    );
    // During a rotation a daemon may hold both.
    expect(
      (
        await readCredentials(
          db.pool,
          loadBrokerKeyring({ brokerKeyFile: keyA, brokerPreviousKeyFile: keyB })!,
          1,
        )
      ).clientId,
    ).toBe('1000000042');
    expect(readFileSync(keyA, 'utf8')).toBe(before);
  });

  it('printed no token anywhere', () => {
    const all = outputs.join('\n');
    for (const t of tokens.issued()) expect(all).not.toContain(t.split('.')[2]!);
  });
});
