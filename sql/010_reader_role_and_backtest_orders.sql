-- 010_reader_role_and_backtest_orders, part 1: a read-only login for analysts' tools (pandas, DuckDB's postgres scanner,
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

-- Part 2: a backtest's orders ----------------------------------------------------------------------
-- Every order of a finished run (the engine's order log: filled, cancelled, rejected, and those
-- still pending at the end), written once with the results in the same statement, as parallel
-- arrays in one row like backtest_equity: one row costs the write path far less than a row per
-- order, and the only reader wants them all, in order (exports, `quanttrade export backtest`).
-- Element i is order id i + 1. Prices and costs are exact decimals (NULL where there is none: no
-- limit price on a market order, no fill on a cancelled one); times are epoch ms.
CREATE TABLE backtest_orders (
  backtest_id  bigint PRIMARY KEY REFERENCES backtests (id) ON DELETE CASCADE,
  owner_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  symbol       text[] NOT NULL,
  side         text[] NOT NULL,
  type         text[] NOT NULL,
  status       text[] NOT NULL,
  reason       text[] NOT NULL,
  tag          text[] NOT NULL,
  qty          numeric[] NOT NULL,
  limit_price  numeric[] NOT NULL,
  stop_price   numeric[] NOT NULL,
  created_ms   bigint[] NOT NULL,
  done_ms      bigint[] NOT NULL,
  fill_price   numeric[] NOT NULL,
  costs        numeric[] NOT NULL,
  parent_id    integer[] NOT NULL,
  oco_id       integer[] NOT NULL,
  CHECK (cardinality(side) = cardinality(symbol) AND cardinality(status) = cardinality(symbol)
         AND cardinality(fill_price) = cardinality(symbol) AND cardinality(costs) = cardinality(symbol))
);
CREATE INDEX backtest_orders_owner ON backtest_orders (owner_id);
ALTER TABLE backtest_orders
  ALTER COLUMN symbol SET STORAGE EXTERNAL, ALTER COLUMN qty SET STORAGE EXTERNAL,
  ALTER COLUMN fill_price SET STORAGE EXTERNAL, ALTER COLUMN created_ms SET STORAGE EXTERNAL,
  ALTER COLUMN done_ms SET STORAGE EXTERNAL;

ALTER TABLE backtest_orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY owner_or_admin ON backtest_orders USING (owner_id = app_user_id() OR app_is_admin())
  WITH CHECK (owner_id = app_user_id() OR app_is_admin());
GRANT SELECT, INSERT, UPDATE, DELETE ON backtest_orders TO quanttrade_app;
GRANT SELECT ON backtest_orders TO quanttrade_readonly;
