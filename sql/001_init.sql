-- 001_init: QuantTrade's core schema.
--
-- Conventions
--   * ids are bigint identities; times are timestamptz; enums are text with CHECK constraints
--     (cheap to extend in a later migration, readable in psql).
--   * Ledger amounts (prices, cash, PnL, costs) are numeric: exact, never float. Market-data bars
--     are double precision: they are observations, not bookings, and load 3-4x faster.
--   * Quantities are bigint and strictly positive where they describe an order or a fill.
--   * User-owned rows carry owner_id and are scoped by row-level security. The API runs user
--     requests under the role quanttrade_app with the per-transaction settings app.user_id and
--     app.role (see daemon/src/db/user-scope.ts); admins see everything. Background workers run as
--     the owning role and act for the system.
--   * A released migration is never edited: add 002_..., 003_... instead.

-- Roles ----------------------------------------------------------------------------------------
-- Roles are cluster-wide; several databases (tests, staging) may create them concurrently.
DO $$
BEGIN
  BEGIN
    CREATE ROLE quanttrade_app NOLOGIN;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
  END;
  BEGIN
    CREATE ROLE quanttrade_readonly NOLOGIN;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
  END;
END
$$;

-- The connecting role must be able to SET ROLE to both.
DO $$
BEGIN
  EXECUTE format('GRANT quanttrade_app TO %I', current_user);
  EXECUTE format('GRANT quanttrade_readonly TO %I', current_user);
EXCEPTION WHEN others THEN
  -- Already a member (or a superuser, for whom membership is implicit).
  NULL;
END
$$;

GRANT USAGE ON SCHEMA public TO quanttrade_app, quanttrade_readonly;

-- Request scope --------------------------------------------------------------------------------
CREATE FUNCTION app_user_id() RETURNS bigint
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.user_id', true), '')::bigint $$;

CREATE FUNCTION app_is_admin() RETURNS boolean
  LANGUAGE sql STABLE
  AS $$ SELECT coalesce(current_setting('app.role', true), '') = 'admin' $$;

CREATE FUNCTION touch_updated_at() RETURNS trigger
  LANGUAGE plpgsql
  AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;

-- Settings (daemon-wide secrets such as the session-token signing key) -------------------------
CREATE TABLE settings (
  key        text PRIMARY KEY,
  value      jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Users and tokens -----------------------------------------------------------------------------
CREATE TABLE users (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email         text NOT NULL CHECK (email = lower(email) AND email ~ '^[^@\s]+@[^@\s]+$'),
  password_hash text NOT NULL,
  role          text NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
  disabled_at   timestamptz,
  last_login_at timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (email)
);
CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CREATE TABLE api_tokens (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  -- sha256 of the token; the token itself is shown once and never stored.
  token_hash   bytea NOT NULL UNIQUE,
  -- First characters of the token, so users can tell tokens apart.
  prefix       text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  expires_at   timestamptz,
  revoked_at   timestamptz
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Brokers --------------------------------------------------------------------------------------
CREATE TABLE broker_accounts (
  id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id              bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  broker                text NOT NULL CHECK (broker IN ('dhan', 'paper')),
  label                 text NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
  client_id             text,
  -- AES-256-GCM ciphertext of the credentials JSON (iv || tag || data); never logged.
  credentials_encrypted bytea,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  UNIQUE (owner_id, label)
);
CREATE TRIGGER broker_accounts_touch BEFORE UPDATE ON broker_accounts FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- Market data ----------------------------------------------------------------------------------
CREATE TABLE instruments (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  exchange    text NOT NULL CHECK (exchange IN ('NSE', 'BSE')),
  segment     text NOT NULL CHECK (segment IN ('NSE_EQ', 'BSE_EQ', 'NSE_FNO', 'BSE_FNO', 'IDX_I')),
  kind        text NOT NULL CHECK (kind IN ('equity', 'future', 'option', 'index')),
  symbol      text NOT NULL CHECK (length(symbol) BETWEEN 1 AND 64),
  name        text,
  security_id text,
  isin        text,
  tick_size   numeric(12, 4) NOT NULL DEFAULT 0.05 CHECK (tick_size > 0),
  lot_size    integer NOT NULL DEFAULT 1 CHECK (lot_size > 0),
  expiry      date,
  strike      numeric(14, 4),
  option_type text CHECK (option_type IN ('CE', 'PE')),
  -- Where the row came from: 'dhan-master', 'import', 'yahoo', 'synthetic', ...
  source      text NOT NULL,
  synthetic   boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (exchange, symbol),
  CHECK ((kind = 'option') = (option_type IS NOT NULL))
);
CREATE UNIQUE INDEX instruments_security ON instruments (segment, security_id) WHERE security_id IS NOT NULL;
CREATE INDEX instruments_symbol_prefix ON instruments (lower(symbol) text_pattern_ops);
CREATE TRIGGER instruments_touch BEFORE UPDATE ON instruments FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CREATE TABLE bars (
  instrument_id bigint NOT NULL REFERENCES instruments (id) ON DELETE CASCADE,
  timeframe     text NOT NULL CHECK (timeframe ~ '^[0-9]+[mhd]$'),
  ts            timestamptz NOT NULL,
  open          double precision NOT NULL,
  high          double precision NOT NULL,
  low           double precision NOT NULL,
  close         double precision NOT NULL,
  volume        double precision NOT NULL DEFAULT 0 CHECK (volume >= 0),
  PRIMARY KEY (instrument_id, timeframe, ts)
);

-- Strategies: a strategy is a named, owned thing; what it runs is an immutable version.
CREATE TABLE strategies (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description    text NOT NULL DEFAULT '',
  latest_version integer NOT NULL DEFAULT 1 CHECK (latest_version > 0),
  archived_at    timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX strategies_owner ON strategies (owner_id, created_at DESC);
CREATE TRIGGER strategies_touch BEFORE UPDATE ON strategies FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CREATE TABLE strategy_versions (
  strategy_id bigint NOT NULL REFERENCES strategies (id) ON DELETE CASCADE,
  version     integer NOT NULL CHECK (version > 0),
  owner_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- Built-in template name (e.g. 'sma-cross'); code strategies are a later addition.
  template    text NOT NULL,
  params      jsonb NOT NULL DEFAULT '{}',
  -- { "symbols": ["RELIANCE", ...], "timeframe": "1d" }
  universe    jsonb NOT NULL,
  -- { "model": "india-delivery" | "percent" | "flat" | "none", ... }
  cost_model  jsonb NOT NULL DEFAULT '{"model":"none"}',
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (strategy_id, version)
);

-- Backtests ------------------------------------------------------------------------------------
CREATE TABLE backtests (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id            bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind                text NOT NULL DEFAULT 'single' CHECK (kind IN ('single', 'sweep', 'walk-forward')),
  parent_id           bigint REFERENCES backtests (id) ON DELETE CASCADE,
  strategy_id         bigint,
  strategy_version    integer,
  -- Everything needed to run it again: template, params, universe, range, cash, costs.
  spec                jsonb NOT NULL,
  status              text NOT NULL DEFAULT 'queued'
                      CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  progress            real NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  bars_per_second     real,
  job_id              uuid,
  error               text,
  cancel_requested_at timestamptz,
  stats               jsonb,
  initial_cash        numeric(20, 2) NOT NULL CHECK (initial_cash > 0),
  final_value         numeric(20, 2),
  range_from          timestamptz,
  range_to            timestamptz,
  queued_at           timestamptz NOT NULL DEFAULT now(),
  started_at          timestamptz,
  finished_at         timestamptz,
  FOREIGN KEY (strategy_id, strategy_version) REFERENCES strategy_versions (strategy_id, version),
  CHECK (range_from IS NULL OR range_to IS NULL OR range_from <= range_to)
);
CREATE INDEX backtests_owner ON backtests (owner_id, queued_at DESC);
CREATE INDEX backtests_parent ON backtests (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX backtests_active ON backtests (status) WHERE status IN ('queued', 'running');
CREATE INDEX backtests_strategy ON backtests (strategy_id, strategy_version);

-- A compact equity curve per backtest: parallel arrays, written once with the results.
CREATE TABLE backtest_equity (
  backtest_id bigint PRIMARY KEY REFERENCES backtests (id) ON DELETE CASCADE,
  owner_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  ts          bigint[] NOT NULL,
  equity      double precision[] NOT NULL,
  CHECK (cardinality(ts) = cardinality(equity))
);

CREATE TABLE backtest_trades (
  backtest_id bigint NOT NULL REFERENCES backtests (id) ON DELETE CASCADE,
  seq         integer NOT NULL CHECK (seq >= 0),
  owner_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  symbol      text NOT NULL,
  side        text NOT NULL CHECK (side IN ('long', 'short')),
  qty         numeric(20, 4) NOT NULL CHECK (qty > 0),
  entry_time  timestamptz NOT NULL,
  entry_price numeric(20, 4) NOT NULL,
  exit_time   timestamptz NOT NULL,
  exit_price  numeric(20, 4) NOT NULL,
  pnl         numeric(20, 2) NOT NULL,
  net_pnl     numeric(20, 2) NOT NULL,
  costs       numeric(20, 2) NOT NULL DEFAULT 0,
  -- The primary key makes a re-run result write idempotent: no duplicate trade rows.
  PRIMARY KEY (backtest_id, seq),
  CHECK (entry_time <= exit_time)
);

-- Risk -----------------------------------------------------------------------------------------
CREATE TABLE risk_profiles (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id   bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  -- Rule limits, e.g. {"maxOrderValue": 500000, "maxDailyLoss": 20000, ...}; validated by zod.
  limits     jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (owner_id, name)
);
CREATE TRIGGER risk_profiles_touch BEFORE UPDATE ON risk_profiles FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- Live trading ---------------------------------------------------------------------------------
CREATE TABLE deployments (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id          bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  strategy_id       bigint NOT NULL,
  strategy_version  integer NOT NULL,
  broker_account_id bigint NOT NULL REFERENCES broker_accounts (id),
  risk_profile_id   bigint REFERENCES risk_profiles (id),
  mode              text NOT NULL CHECK (mode IN ('paper', 'live')),
  status            text NOT NULL DEFAULT 'stopped'
                    CHECK (status IN ('stopped', 'starting', 'running', 'stopping', 'halted', 'error')),
  -- Which daemon holds it (leader lock) and when it last proved it is alive.
  held_by           text,
  heartbeat_at      timestamptz,
  error             text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (strategy_id, strategy_version) REFERENCES strategy_versions (strategy_id, version)
);
CREATE INDEX deployments_owner ON deployments (owner_id);
CREATE INDEX deployments_running ON deployments (status) WHERE status IN ('starting', 'running');
CREATE TRIGGER deployments_touch BEFORE UPDATE ON deployments FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CREATE TABLE signals (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  deployment_id bigint NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
  -- Deterministic key (bar time + order index within the bar): a replay after a restart
  -- produces the same key, and the unique constraint stops a second signal (and order).
  signal_key    text NOT NULL,
  instrument_id bigint NOT NULL REFERENCES instruments (id),
  side          text NOT NULL CHECK (side IN ('buy', 'sell')),
  qty           bigint NOT NULL CHECK (qty > 0),
  order_type    text NOT NULL CHECK (order_type IN ('market', 'limit', 'stop', 'stop_limit')),
  limit_price   numeric(20, 4) CHECK (limit_price > 0),
  trigger_price numeric(20, 4) CHECK (trigger_price > 0),
  bar_time      timestamptz NOT NULL,
  status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (deployment_id, signal_key)
);
CREATE INDEX signals_deployment ON signals (deployment_id, created_at DESC);

CREATE TABLE orders (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id          bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  deployment_id     bigint REFERENCES deployments (id) ON DELETE SET NULL,
  signal_id         bigint UNIQUE REFERENCES signals (id),
  broker_account_id bigint NOT NULL REFERENCES broker_accounts (id),
  -- Our id, sent to Dhan as correlationId (max 30 chars): written before the order is sent,
  -- so a crash between write and send is recovered by looking the order up, never resending.
  client_order_id   text NOT NULL UNIQUE CHECK (length(client_order_id) BETWEEN 1 AND 30),
  broker_order_id   text,
  instrument_id     bigint NOT NULL REFERENCES instruments (id),
  side              text NOT NULL CHECK (side IN ('buy', 'sell')),
  qty               bigint NOT NULL CHECK (qty > 0),
  filled_qty        bigint NOT NULL DEFAULT 0 CHECK (filled_qty >= 0),
  order_type        text NOT NULL CHECK (order_type IN ('market', 'limit', 'stop', 'stop_limit')),
  product           text NOT NULL CHECK (product IN ('CNC', 'INTRADAY', 'MARGIN', 'MTF')),
  validity          text NOT NULL DEFAULT 'DAY' CHECK (validity IN ('DAY', 'IOC')),
  limit_price       numeric(20, 4) CHECK (limit_price > 0),
  trigger_price     numeric(20, 4) CHECK (trigger_price > 0),
  avg_fill_price    numeric(20, 4),
  status            text NOT NULL DEFAULT 'new'
                    CHECK (status IN ('new', 'sent', 'open', 'partially_filled', 'filled', 'cancelled', 'rejected', 'expired')),
  reject_reason     text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  sent_at           timestamptz,
  updated_at        timestamptz NOT NULL DEFAULT now(),
  CHECK (filled_qty <= qty),
  CHECK (order_type NOT IN ('limit', 'stop_limit') OR limit_price IS NOT NULL),
  CHECK (order_type NOT IN ('stop', 'stop_limit') OR trigger_price IS NOT NULL)
);
CREATE INDEX orders_deployment ON orders (deployment_id, created_at DESC);
CREATE INDEX orders_owner ON orders (owner_id, created_at DESC);
CREATE INDEX orders_open ON orders (status) WHERE status IN ('new', 'sent', 'open', 'partially_filled');
CREATE INDEX orders_broker_id ON orders (broker_order_id) WHERE broker_order_id IS NOT NULL;
CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CREATE TABLE fills (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id        bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  order_id        bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  broker_trade_id text NOT NULL,
  qty             bigint NOT NULL CHECK (qty > 0),
  price           numeric(20, 4) NOT NULL CHECK (price > 0),
  filled_at       timestamptz NOT NULL,
  costs           numeric(20, 2) NOT NULL DEFAULT 0 CHECK (costs >= 0),
  -- Cost components (brokerage, stt, exchange, sebi, stamp, gst, ...), each a numeric string.
  cost_breakdown  jsonb NOT NULL DEFAULT '{}',
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (order_id, broker_trade_id)
);

CREATE TABLE positions (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id          bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  deployment_id     bigint REFERENCES deployments (id) ON DELETE SET NULL,
  broker_account_id bigint NOT NULL REFERENCES broker_accounts (id),
  instrument_id     bigint NOT NULL REFERENCES instruments (id),
  product           text NOT NULL CHECK (product IN ('CNC', 'INTRADAY', 'MARGIN', 'MTF')),
  net_qty           bigint NOT NULL DEFAULT 0,
  avg_price         numeric(20, 4) NOT NULL DEFAULT 0,
  realised_pnl      numeric(20, 2) NOT NULL DEFAULT 0,
  costs             numeric(20, 2) NOT NULL DEFAULT 0,
  updated_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE NULLS NOT DISTINCT (deployment_id, broker_account_id, instrument_id, product)
);
CREATE TRIGGER positions_touch BEFORE UPDATE ON positions FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CREATE TABLE risk_violations (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  deployment_id bigint REFERENCES deployments (id) ON DELETE CASCADE,
  signal_id     bigint REFERENCES signals (id) ON DELETE CASCADE,
  -- Stable rule code, e.g. 'max_order_value'.
  rule          text NOT NULL,
  message       text NOT NULL,
  details       jsonb NOT NULL DEFAULT '{}',
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX risk_violations_deployment ON risk_violations (deployment_id, created_at DESC);

-- Audit ----------------------------------------------------------------------------------------
-- Append-only: the app role may insert and read (admins), never update or delete.
CREATE TABLE audit_log (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at            timestamptz NOT NULL DEFAULT now(),
  actor_user_id bigint REFERENCES users (id) ON DELETE SET NULL,
  -- 'user:<id>', 'token:<id>', 'system', or the email tried in a failed login.
  actor         text NOT NULL,
  action        text NOT NULL CHECK (action ~ '^[a-z_]+\.[a-z_.]+$'),
  target        text,
  ip            inet,
  details       jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at ON audit_log (at DESC);
CREATE INDEX audit_log_action ON audit_log (action, at DESC);

-- Privileges -----------------------------------------------------------------------------------
GRANT SELECT, INSERT, UPDATE, DELETE ON
  strategies, strategy_versions, backtests, backtest_equity, backtest_trades, risk_profiles,
  deployments, signals, orders, fills, positions, risk_violations, broker_accounts
  TO quanttrade_app;
GRANT SELECT ON instruments, bars TO quanttrade_app;
GRANT SELECT, INSERT ON audit_log TO quanttrade_app;
GRANT SELECT (id, email, role, disabled_at, last_login_at, created_at, updated_at) ON users TO quanttrade_app;
GRANT SELECT (id, user_id, name, prefix, created_at, last_used_at, expires_at, revoked_at) ON api_tokens TO quanttrade_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO quanttrade_app;

-- The read-only role (SQL console): SELECT only, and never secrets.
GRANT SELECT ON
  instruments, bars, strategies, strategy_versions, backtests, backtest_equity, backtest_trades,
  risk_profiles, deployments, signals, orders, fills, positions, risk_violations, audit_log
  TO quanttrade_readonly;
GRANT SELECT (id, email, role, disabled_at, last_login_at, created_at, updated_at) ON users TO quanttrade_readonly;
GRANT SELECT (id, user_id, name, prefix, created_at, last_used_at, expires_at, revoked_at) ON api_tokens TO quanttrade_readonly;
GRANT SELECT (id, owner_id, broker, label, client_id, created_at, updated_at) ON broker_accounts TO quanttrade_readonly;

-- Row-level security ---------------------------------------------------------------------------
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['strategies', 'strategy_versions', 'backtests', 'backtest_equity', 'backtest_trades',
                           'risk_profiles', 'deployments', 'signals', 'orders', 'fills', 'positions',
                           'risk_violations', 'broker_accounts']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY owner_or_admin ON %I USING (owner_id = app_user_id() OR app_is_admin()) '
      'WITH CHECK (owner_id = app_user_id() OR app_is_admin())', t);
  END LOOP;
END
$$;

ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY audit_read ON audit_log FOR SELECT USING (app_is_admin() OR actor_user_id = app_user_id());
CREATE POLICY audit_append ON audit_log FOR INSERT WITH CHECK (true);
