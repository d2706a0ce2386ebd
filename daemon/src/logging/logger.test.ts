import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';
import { createRecentLogs } from './recent-logs';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { lines, destination };
}

describe('logger', () => {
  it('redacts passwords, tokens and the password inside connection strings', () => {
    const { lines, destination } = capture();
    const log = createLogger({ level: 'info', format: 'json', destination, isTerminal: false });
    log.info(
      {
        password: 'pw1-secret',
        user: { token: 'qtk_abcdefghijklmnop' },
        databaseUrl: 'postgres://a:pw2@h/db',
        config: { dhanAccessToken: 'dhan-jwt-1' },
      },
      'x',
    );
    log.error(
      { err: new Error('connect to postgres://app:pw3@db:5432/qt failed') },
      'could not reach postgres://app:pw4@db/qt',
    );
    log.warn('token qtk_AAAAAAAAAAAAAAAAAAAA leaked? no');
    const text = lines.join('');
    for (const secret of [
      'pw1-secret',
      'abcdefghijklmnop',
      'pw2',
      'pw3',
      'pw4',
      'AAAAAAAAAAAA',
      'dhan-jwt-1',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('postgres://app:*****@db:5432/qt');
    expect(lines).toHaveLength(3);
  });

  it('writes JSON off a terminal and keeps warnings and errors for the console', () => {
    const { lines, destination } = capture();
    const recent = createRecentLogs(2);
    const log = createLogger({ level: 'info', format: 'auto', destination, isTerminal: false, recent });
    log.info('fine');
    log.warn({ module: 'jobs' }, 'first');
    log.error({ err: new Error('boom') }, 'second');
    log.error('third');
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 30, msg: 'fine' });
    expect(recent.list().map((e) => e.msg)).toEqual(['third', 'second']);
    expect(recent.list()[1]).toMatchObject({ level: 'error', err: 'boom' });
    // The count goes on past the ring's capacity (the heartbeat carries it).
    expect(recent.count()).toBe(3);
  });

  it('colours readable lines on a terminal unless told not to (NO_COLOR, --no-color)', () => {
    const write = (colour: boolean | undefined) => {
      const { lines, destination } = capture();
      createLogger({ level: 'info', format: 'pretty', destination, isTerminal: true, colour }).info('hello');
      return lines.join('');
    };
    expect(write(undefined)).toContain('\x1b[');
    expect(write(true)).toContain('\x1b[');
    const plain = write(false);
    expect(plain).toContain('hello');
    expect(plain).not.toContain('\x1b[');
  });
});
