// What the SQL console accepts, decided from the statement's text before PostgreSQL sees it: one
// read statement — SELECT, WITH … SELECT, VALUES, TABLE, SHOW, or EXPLAIN (without ANALYZE) of
// one of those. The database still enforces read-only-ness (READ ONLY transaction, a role without
// write privileges, sql-console.ts); this first gate refuses what must never reach it at all:
// COPY (whose protocol the console's client cannot speak — it crashed the daemon), several
// statements, DO/CALL, transaction control, LISTEN/NOTIFY, cursors, SET, and writes.
//
// The scanner knows SQL's quoting — 'strings' (with '' and E'\'' escapes), "identifiers",
// $tag$ dollar quotes $tag$, -- line and nested /* block */ comments — so keywords and semicolons
// inside them are not mistaken for real ones.

export type StatementKind = 'select' | 'with' | 'values' | 'table' | 'show' | 'explain';

export type Classified = { ok: true; kind: StatementKind; text: string } | { ok: false; reason: string };

interface Token {
  /** Upper-cased bare word, or the punctuation character; '' for literals and quoted names. */
  word: string;
  /** Parenthesis depth at the token. */
  depth: number;
}

const READ_STARTS: Record<string, StatementKind> = {
  SELECT: 'select',
  WITH: 'with',
  VALUES: 'values',
  TABLE: 'table',
  SHOW: 'show',
  EXPLAIN: 'explain',
};

/** Bare keywords that have no place in a read statement, wherever they appear. */
const FORBIDDEN = new Set([
  'INSERT',
  'UPDATE',
  'DELETE',
  'MERGE',
  'COPY',
  'INTO',
  'CALL',
  'DO',
  'LOCK',
  'TRUNCATE',
]);

/** Splits `sql` into tokens; undefined when a quote or comment is never closed. */
function scan(sql: string): { tokens: Token[]; semicolons: { token: number; offset: number }[] } | undefined {
  const tokens: Token[] = [];
  const semicolons: { token: number; offset: number }[] = [];
  let depth = 0;
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? n : end + 1;
    } else if (c === '/' && next === '*') {
      let level = 1;
      i += 2;
      while (i < n && level > 0) {
        const pair = sql.slice(i, i + 2);
        if (pair === '/*' || pair === '*/') {
          level += pair === '/*' ? 1 : -1;
          i += 2;
        } else {
          i++;
        }
      }
      if (level > 0) return undefined;
    } else if (c === "'" || ((c === 'E' || c === 'e') && next === "'")) {
      const escapes = c !== "'";
      i += escapes ? 2 : 1;
      for (;;) {
        if (i >= n) return undefined;
        if (escapes && sql[i] === '\\') i += 2;
        else if (sql[i] === "'" && sql[i + 1] === "'") i += 2;
        else if (sql[i] === "'") break;
        else i++;
      }
      i++;
      tokens.push({ word: '', depth });
    } else if (c === '"') {
      const end = sql.indexOf('"', i + 1);
      if (end === -1) return undefined;
      // "" inside a quoted identifier is an escaped quote: keep going.
      i = end + 1;
      while (sql[i] === '"') {
        const more = sql.indexOf('"', i + 1);
        if (more === -1) return undefined;
        i = more + 1;
      }
      tokens.push({ word: '', depth });
    } else if (c === '$' && /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.test(sql.slice(i, i + 66))) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 66))![0];
      const end = sql.indexOf(tag, i + tag.length);
      if (end === -1) return undefined;
      i = end + tag.length;
      tokens.push({ word: '', depth });
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_$]/.test(sql[j]!)) j++;
      tokens.push({ word: sql.slice(i, j).toUpperCase(), depth });
      i = j;
    } else {
      if (c === '(') depth++;
      if (c === ')') depth = Math.max(0, depth - 1);
      if (c === ';') semicolons.push({ token: tokens.length, offset: i });
      tokens.push({ word: c, depth });
      i++;
    }
  }
  return { tokens, semicolons };
}

/** The EXPLAIN options and the statement explained, or why it is refused. */
function checkExplain(tokens: Token[]): string | undefined {
  let k = 1;
  if (tokens[k]?.word === '(') {
    while (k < tokens.length && !(tokens[k]!.word === ')' && tokens[k]!.depth === 0)) {
      if (tokens[k]!.word === 'ANALYZE' || tokens[k]!.word === 'ANALYSE')
        return 'EXPLAIN ANALYZE runs the statement';
      k++;
    }
    k++;
  }
  while (['ANALYZE', 'ANALYSE', 'VERBOSE'].includes(tokens[k]?.word ?? '')) {
    if (tokens[k]!.word !== 'VERBOSE') return 'EXPLAIN ANALYZE runs the statement';
    k++;
  }
  const explained = tokens[k]?.word ?? '';
  if (!['SELECT', 'WITH', 'VALUES', 'TABLE', '('].includes(explained)) {
    return 'EXPLAIN works on a read statement (SELECT, WITH, VALUES or TABLE) here';
  }
  return undefined;
}

/** Decides whether the console may run `sql`; the accepted text has its trailing semicolon removed. */
export function classifyStatement(sql: string): Classified {
  const scanned = scan(sql);
  if (!scanned) return { ok: false, reason: 'a quote or comment is not closed' };
  const { tokens, semicolons } = scanned;
  // One trailing semicolon is fine; any other means several statements.
  const last = semicolons.at(-1);
  const trailing = last !== undefined && last.token === tokens.length - 1;
  if (semicolons.length > (trailing ? 1 : 0)) return { ok: false, reason: 'one statement at a time' };
  const body = trailing ? tokens.slice(0, -1) : tokens;
  if (body.length === 0) return { ok: false, reason: 'the statement is empty' };
  let first = 0;
  while (body[first]?.word === '(') first++;
  const kind = READ_STARTS[body[first]?.word ?? ''];
  if (!kind) {
    const word = body[first]?.word || 'that';
    return { ok: false, reason: `${word} is not a read statement` };
  }
  const text = trailing ? sql.slice(0, last!.offset) : sql;
  if (kind === 'show' && first === 0) return { ok: true, kind, text };
  if (kind === 'explain') {
    const problem = checkExplain(body.slice(first));
    if (problem) return { ok: false, reason: problem };
  }
  const forbidden = body.find((t) => FORBIDDEN.has(t.word));
  if (forbidden) return { ok: false, reason: `${forbidden.word} has no place in a read statement` };
  return { ok: true, kind, text };
}
