-- 010_reader_role: a read-only login for analysts' tools (pandas, DuckDB's postgres scanner,
-- psql, BI tools): quanttrade_reader.
--
-- Why a role of its own rather than quanttrade_readonly WITH LOGIN: quanttrade_readonly is what
-- the daemon's SQL console switches to inside its own guarded transactions; a password on it
-- would be a second, unmanaged way in to the role the console relies on, and its settings could
-- not differ. quanttrade_reader is a member of quanttrade_readonly, so it inherits exactly the
-- same SELECT grants — the market data, strategies, backtests and their results, orders and
-- fills, the audit log, and of users, tokens and broker accounts only the columns that are not
-- secrets (001) — and nothing else: no INSERT/UPDATE/DELETE/TRUNCATE anywhere, no settings
-- table, no password hashes, no token hashes, no broker credentials. Its own settings:
--   * default_transaction_read_only: every transaction starts READ ONLY (a second fence; the
--     privileges are the real one, since a session may turn the setting off);
--   * app.role = 'admin': row-level security shows it every user's rows (it is an admin's read
--     credential, like the SQL console; RLS cannot scope a login that sets its own GUCs);
--   * statement_timeout 5 min, idle_in_transaction_session_timeout 10 min, 10 connections at
--     most: a runaway notebook cannot hold the database.
-- It is created NOLOGIN: `quanttrade reader enable` gives it a password and LOGIN, `quanttrade
-- reader disable` takes LOGIN away again (docs/python.md).
--
-- PostgreSQL lets every role take advisory locks; a reader holding one of the daemon's keys
-- (migrations, queue declaration, first admin) could stall every daemon's start. EXECUTE on the
-- advisory-lock functions is therefore revoked from PUBLIC and granted to the roles our code
-- runs as. Like 004, this needs a superuser: a non-superuser migrating an external database only
-- gets warnings, and docs/python.md says how an administrator applies it.
DO $$
BEGIN
  BEGIN
    CREATE ROLE quanttrade_reader NOLOGIN CONNECTION LIMIT 10;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
  END;
END
$$;

-- Roles and their settings are cluster-wide: databases migrated at the same moment (tests,
-- staging) race on the same catalog rows ("tuple concurrently updated"); the loser's statement
-- would have done the same thing, so it is retried once and then let go.
DO $$
DECLARE
  statements text[] := ARRAY[
    'GRANT quanttrade_readonly TO quanttrade_reader',
    'ALTER ROLE quanttrade_reader SET default_transaction_read_only = on',
    'ALTER ROLE quanttrade_reader SET app.role = ''admin''',
    'ALTER ROLE quanttrade_reader SET statement_timeout = ''5min''',
    'ALTER ROLE quanttrade_reader SET idle_in_transaction_session_timeout = ''10min'''];
  s text;
BEGIN
  FOREACH s IN ARRAY statements LOOP
    BEGIN
      EXECUTE s;
    EXCEPTION WHEN unique_violation OR internal_error THEN
      BEGIN
        EXECUTE s;
      EXCEPTION WHEN unique_violation OR internal_error THEN NULL;
      END;
    END;
  END LOOP;
END
$$;

DO $$
DECLARE f regprocedure;
BEGIN
  FOR f IN
    SELECT p.oid::regprocedure FROM pg_proc p
     WHERE p.pronamespace = 'pg_catalog'::regnamespace AND p.proname LIKE 'pg\_%advisory\_%'
  LOOP
    EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO quanttrade_app, %I', f, current_user);
  END LOOP;
END
$$;
