// `quanttrade dev dhan-fake`, built and run as a child process: it prints its URLs and a token,
// answers Dhan's documented REST with that token (and DH-901 without it), and stops on SIGTERM.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../daemon/src/config/package-root';
import { runCli } from '../support/spawn-daemon';
import { eventually } from '../support/dhan';

describe('quanttrade dev dhan-fake', () => {
  it('serves the documented API as a sandbox until stopped', async () => {
    await runCli(['dev', '--help']); // builds dist/ when stale
    const child = spawn(
      process.execPath,
      [join(packageRoot(), 'bin/quanttrade.js'), 'dev', 'dhan-fake', '--port', '0', '--tick-ms', '100'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    try {
      await eventually(() => out.includes('Ctrl-C stops it.'), 30_000, 'the banner');
      const rest = /QUANTTRADE_DHAN_BASE_URL=(\S+)/.exec(out)![1]!;
      expect(out).toMatch(/QUANTTRADE_DHAN_FEED_URL=ws:\/\/127\.0\.0\.1:\d+\/feed/);
      expect(out).toMatch(/QUANTTRADE_DHAN_ORDER_UPDATE_URL=ws:\/\/127\.0\.0\.1:\d+\/order-updates/);
      const token = out
        .split('\n')
        .find((l) => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(l.trim()))!
        .trim();
      const funds = await fetch(`${rest}/fundlimit`, { headers: { 'access-token': token } });
      expect(funds.status).toBe(200);
      expect(await funds.json()).toMatchObject({
        dhanClientId: '1000000001',
        availabelBalance: expect.any(Number),
      });
      const refused = await fetch(`${rest}/fundlimit`, { headers: { 'access-token': 'nope' } });
      expect(refused.status).toBe(401);
      expect(await refused.json()).toMatchObject({ errorCode: 'DH-901' });
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
  });
});
