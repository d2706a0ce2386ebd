// Every foreign key has an index that starts with its columns: without one, deleting or updating
// a referenced row (a user, a signal, a strategy) scans the whole referencing table under lock,
// and joins from the parent side cannot use an index. Checked on the fully migrated schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.drop();
});

describe('the migrated schema', () => {
  it('indexes the columns of every foreign key', async () => {
    const { rows } = await db.pool.query<{ fk: string }>(`
      SELECT format('%s (%s) -> %s', c.conrelid::regclass, (
               SELECT string_agg(a.attname, ', ' ORDER BY k.ord)
                 FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
             ), c.confrelid::regclass) AS fk
        FROM pg_constraint c
       WHERE c.contype = 'f'
         AND c.connamespace = 'public'::regnamespace
         AND NOT EXISTS (
               SELECT 1
                 FROM pg_index i
                WHERE i.indrelid = c.conrelid
                  AND (SELECT array_agg(x ORDER BY x)
                         FROM unnest((string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(c.conkey)]) x)
                    = (SELECT array_agg(x ORDER BY x) FROM unnest(c.conkey) x))
       ORDER BY 1`);
    expect(rows.map((r) => r.fk)).toEqual([]);
  });
});
