import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors';
import { mapProcedureError } from './error-mapping';

/** An error shaped like the pg client's: a message, a SQLSTATE and the constraint's name. */
function pgError(code: string, constraint?: string): Error {
  return Object.assign(new Error(`pg says ${code}`), { code, constraint });
}

const internal = (cause: Error) => new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause });
const noInput = () => Promise.resolve(undefined);

describe('mapProcedureError', () => {
  it('maps an AppError by its kind', async () => {
    const mapped = await mapProcedureError(internal(new AppError('NOT_CONFIGURED', 'no key')), noInput);
    expect(mapped.code).toBe('CONFLICT');
    expect(mapped.message).toBe('no key');
  });

  it('answers PostgreSQL data exceptions (class 22) as bad input', async () => {
    const mapped = await mapProcedureError(internal(pgError('22003')), noInput);
    expect(mapped.code).toBe('BAD_REQUEST');
    expect(mapped.message).toMatch(/a value could not be stored/);
  });

  it('answers integrity violations (class 23): a duplicate is a conflict, a missing reference bad input', async () => {
    const duplicate = await mapProcedureError(internal(pgError('23505', 'users_email_key')), noInput);
    expect([duplicate.code, duplicate.message]).toEqual([
      'CONFLICT',
      'that already exists (users_email_key)',
    ]);
    const missing = await mapProcedureError(
      internal(pgError('23503', 'risk_profiles_owner_id_fkey')),
      noInput,
    );
    expect([missing.code, missing.message]).toEqual([
      'BAD_REQUEST',
      'a referenced row does not exist (risk_profiles_owner_id_fkey)',
    ]);
    const check = await mapProcedureError(internal(pgError('23514')), noInput);
    expect(check.code).toBe('BAD_REQUEST');
  });

  it('leaves anything else an internal error', async () => {
    const other = await mapProcedureError(internal(pgError('57P01')), noInput);
    expect(other.code).toBe('INTERNAL_SERVER_ERROR');
    expect((await mapProcedureError(internal(new Error('boom')), noInput)).code).toBe(
      'INTERNAL_SERVER_ERROR',
    );
  });
});
