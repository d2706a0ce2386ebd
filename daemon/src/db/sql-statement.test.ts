import { describe, expect, it } from 'vitest';
import { classifyStatement } from './sql-statement';

const accepted: [string, string][] = [
  ['SELECT 1', 'select'],
  ['  select * from strategies;  ', 'select'],
  ['SELECT 1; -- done; really', 'select'],
  ['WITH x AS (SELECT 1 AS a) SELECT a FROM x', 'with'],
  ['VALUES (1, 2), (3, 4)', 'values'],
  ['TABLE strategies', 'table'],
  ['SHOW statement_timeout', 'show'],
  ['EXPLAIN SELECT * FROM strategies', 'explain'],
  ['EXPLAIN (FORMAT JSON, VERBOSE) SELECT 1', 'explain'],
  ['(SELECT 1) UNION (SELECT 2)', 'select'],
  ["SELECT 'it''s; DELETE FROM x' AS s", 'select'],
  ["SELECT E'\\'; DELETE FROM x' AS s", 'select'],
  ['SELECT $$; DROP TABLE x$$, $q$;$q$', 'select'],
  ['SELECT "update", "delete;" FROM (SELECT 1 AS "update", 2 AS "delete;") t', 'select'],
  ['/* a /* nested */ comment; */ SELECT 1', 'select'],
  ['SELECT updated_at, inserted FROM t', 'select'],
];

const refused: [string, RegExp][] = [
  ['COPY (SELECT 1) TO STDOUT', /COPY is not a read statement/],
  ['copy strategies to stdout', /COPY is not a read statement/],
  ['SELECT 1; SELECT 2', /one statement at a time/],
  ["SELECT 1 /* ; */; UPDATE strategies SET name = 'x'", /one statement at a time/],
  ['DELETE FROM strategies', /DELETE is not a read statement/],
  ['WITH d AS (DELETE FROM strategies RETURNING *) SELECT * FROM d', /DELETE has no place/],
  ['SELECT * INTO copy_of FROM strategies', /INTO has no place/],
  ['SELECT * FROM strategies FOR UPDATE', /UPDATE has no place/],
  ['EXPLAIN ANALYZE SELECT 1', /EXPLAIN ANALYZE runs the statement/],
  ['EXPLAIN (ANALYZE) SELECT 1', /EXPLAIN ANALYZE runs the statement/],
  ['EXPLAIN (FORMAT TEXT, ANALYSE true) SELECT 1', /EXPLAIN ANALYZE runs the statement/],
  ['EXPLAIN VERBOSE ANALYZE SELECT 1', /EXPLAIN ANALYZE runs the statement/],
  ['EXPLAIN DELETE FROM strategies', /EXPLAIN works on a read statement/],
  ['EXPLAIN ANALYZE DELETE FROM strategies', /EXPLAIN ANALYZE runs the statement/],
  ['EXPLAIN WITH d AS (DELETE FROM x RETURNING 1) SELECT 1', /DELETE has no place/],
  ['EXPLAIN CREATE TABLE x (a int)', /EXPLAIN works on a read statement/],
  ['DO $$ BEGIN END $$', /DO is not a read statement/],
  ['CALL p()', /CALL is not a read statement/],
  ['BEGIN', /BEGIN is not a read statement/],
  ['SET ROLE postgres', /SET is not a read statement/],
  ['LISTEN x', /LISTEN is not a read statement/],
  ["NOTIFY x, 'y'", /NOTIFY is not a read statement/],
  ['DECLARE c CURSOR FOR SELECT 1', /DECLARE is not a read statement/],
  ["SELECT 'unterminated", /not closed/],
  ['SELECT /* unterminated', /not closed/],
  ['SELECT $x$ never closed', /not closed/],
  ['', /empty/],
  [';', /empty/],
  ['-- only a comment', /empty/],
];

describe('classifyStatement', () => {
  it.each(accepted)('accepts %s', (sql, kind) => {
    const result = classifyStatement(sql);
    expect(result).toMatchObject({ ok: true, kind });
  });

  it.each(refused)('refuses %s', (sql, reason) => {
    const result = classifyStatement(sql);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });

  it('drops only the trailing semicolon, not one inside a comment after it', () => {
    expect(classifyStatement('SELECT 1; -- a;b')).toEqual({ ok: true, kind: 'select', text: 'SELECT 1' });
  });
});
