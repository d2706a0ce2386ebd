// The first start's credentials: a JSON record of their own in a JSON log stream, a readable
// block on a terminal.
import { describe, expect, it } from 'vitest';
import { formatAnnouncement } from './start-announcement';

const admin = { email: 'admin@localhost', password: 'Xq3kmZ7pLw2vN9sT4rYb' };
const at = { now: 1_760_000_000_000, pid: 4242 };

describe('formatAnnouncement', () => {
  it('is one JSON line shaped like pino records when logs are JSON', () => {
    const text = formatAnnouncement(
      { url: 'http://127.0.0.1:8080', version: '1.0.0', firstAdmin: admin },
      {
        json: true,
        ...at,
      },
    );
    expect(text.endsWith('\n')).toBe(true);
    expect(text.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(text)).toMatchObject({
      level: 30,
      time: at.now,
      pid: at.pid,
      event: 'first_admin',
      email: admin.email,
      password: admin.password,
      url: 'http://127.0.0.1:8080',
      msg: expect.stringContaining('shown only once'),
    });
  });

  it('says nothing in a JSON stream when there is no first admin (the ready record has the URL)', () => {
    expect(formatAnnouncement({ url: 'http://h:1', version: '1' }, { json: true, ...at })).toBe('');
  });

  it('is a readable block otherwise', () => {
    const text = formatAnnouncement(
      { url: 'http://h:1', version: '1.0.0', firstAdmin: admin },
      {
        json: false,
        ...at,
      },
    );
    expect(text).toMatch(/^QuantTrade 1\.0\.0 is running: http:\/\/h:1\n/);
    expect(text).toContain(`  password: ${admin.password}\n`);
    expect(text).toContain('quanttrade user reset-password');
    expect(() => JSON.parse(text)).toThrow();
  });
});
