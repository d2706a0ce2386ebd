// One exit code per kind of failure, whatever the command (README, "Exit codes").
import { describe, expect, it } from 'vitest';
import { AppError, validationError } from '../core/errors';
import { UsageError } from './command';
import { describeFailure, EXIT } from './exit-codes';

const fsError = (code: string, path: string) =>
  Object.assign(new Error(`${code}: failed, open '${path}'`), { code, path, syscall: 'open' });

describe('describeFailure', () => {
  it.each([
    ['a usage error', new UsageError('--x: got "y", expected z'), EXIT.usage],
    ['invalid input', validationError([{ path: 'symbol', value: '^', expected: 'a symbol' }]), EXIT.usage],
    ['an unknown name', new AppError('NOT_FOUND', 'unknown instrument NSE:NOSUCH'), EXIT.usage],
    ['an invalid configuration', new AppError('CONFIG_INVALID', 'invalid configuration'), EXIT.usage],
    [
      'a missing setting',
      new AppError('NOT_CONFIGURED', 'no broker key: quanttrade broker key-gen'),
      EXIT.usage,
    ],
    ['a missing file', fsError('ENOENT', '/tmp/x.csv'), EXIT.usage],
    ['an unwritable directory', fsError('EACCES', '/root/out'), EXIT.usage],
    ['a database that is down', new AppError('DEPENDENCY_UNAVAILABLE', 'cannot open'), EXIT.failure],
    ['a state conflict', new AppError('CONFLICT', 'a user with email a@b exists'), EXIT.failure],
    ['a refused login', new AppError('UNAUTHENTICATED', 'the token is invalid'), EXIT.failure],
    ['a strategy that failed while running', new AppError('STRATEGY_FAILED', 'onBar: too far'), EXIT.failure],
    ['a failed migration', new AppError('MIGRATION_FAILED', '003 failed'), EXIT.failure],
    ['a broken invariant', new AppError('INVARIANT_BROKEN', 'bug'), EXIT.failure],
    ['anything else', new TypeError('x is undefined'), EXIT.failure],
    ['a disk that is full', fsError('ENOSPC', '/tmp/out.json'), EXIT.failure],
  ])('%s → %i', (_, err, code) => {
    expect(describeFailure(err).code).toBe(code);
  });

  it('prints the message alone, except for bugs, which keep their stack', () => {
    expect(describeFailure(new AppError('NOT_FOUND', 'no user with email a@b')).message).toBe(
      'no user with email a@b',
    );
    expect(describeFailure(fsError('ENOENT', '/tmp/x.csv')).message).toBe(
      '/tmp/x.csv: no such file or directory',
    );
    expect(describeFailure(new TypeError('x is undefined')).message).toMatch(
      /^TypeError: x is undefined\n\s+at /,
    );
  });
});
