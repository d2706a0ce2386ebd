-- 013_ledger: the order ledger (outbox, append-only order events, fills, positions, EOD reports),
-- deployment leases with fencing tokens, and the paper venue's own books.
--
-- 001 created signals, orders, fills and positions with the engine's vocabulary and left them
-- empty; this migration gives them the broker's (core/order-lifecycle.ts) and what exact
-- booking needs. See docs/trading.md for how the rows move.
--
-- Amounts: values and P&L are numeric(20, 2) (whole paise: quantities times tick prices);
-- charges are numeric(24, 6) because a percentage commission can leave a fraction of a paisa
-- (engine/booked-amount.ts), and rounding it per fill would bias the sum.

-- Signals: the engine's order types, the strategy version and what the strategy attached -------
DO $$
DECLARE c record;
BEGIN
  FOR c IN
    SELECT conname, conrelid::regclass AS tbl
      FROM pg_constraint
     WHERE conrelid IN ('orders'::regclass, 'signals'::regclass)
       AND contype = 'c'
       AND pg_get_constraintdef(oid) ~ 'order_type'
  LOOP
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', c.tbl, c.conname);
  END LOOP;
END
$$;

ALTER TABLE signals
  ADD CONSTRAINT signals_order_type_check
    CHECK (order_type IN ('market', 'limit', 'stop', 'stop-limit', 'trailing-stop')),
  ADD COLUMN strategy_id      bigint,
  ADD COLUMN strategy_version integer,
  -- Free text the strategy gave the order (engine OrderRequest.tag).
  ADD COLUMN tag              text,
  -- Indicator values the strategy chose to attach, e.g. {"fast": 101.2, "slow": 99.8}.
  ADD COLUMN indicators       jsonb NOT NULL DEFAULT '{}',
  -- Why a signal was refused (a risk rule code, a validation message).
  ADD COLUMN status_reason    text,
  ADD FOREIGN KEY (strategy_id, strategy_version) REFERENCES strategy_versions (strategy_id, version);
CREATE INDEX signals_strategy_version ON signals (strategy_id, strategy_version);

-- Orders: the broker's vocabulary, exact fill totals, who ended it, the fencing token ---------
ALTER TABLE orders RENAME COLUMN reject_reason TO reason;
ALTER TABLE orders
  ADD CONSTRAINT orders_order_type_check
    CHECK (order_type IN ('MARKET', 'LIMIT', 'STOP_LOSS', 'STOP_LOSS_MARKET')),
  ADD CONSTRAINT orders_limit_price_given CHECK (order_type NOT IN ('LIMIT', 'STOP_LOSS') OR limit_price IS NOT NULL),
  ADD CONSTRAINT orders_trigger_price_given
    CHECK (order_type NOT IN ('STOP_LOSS', 'STOP_LOSS_MARKET') OR trigger_price IS NOT NULL),
  ADD CONSTRAINT orders_client_order_id_format CHECK (client_order_id ~ '^[A-Za-z0-9_-]{1,30}$'),
  -- Who ended the order (core ORDER_END_SOURCES); NULL while active and when filled.
  ADD COLUMN end_source          text CHECK (end_source IN ('strategy', 'risk', 'broker', 'operator', 'kill_switch',
                                                             'session', 'oco', 'recovery')),
  -- Cost model the fills are charged with ('india' picks the product's Indian model; or any
  -- costs/cost-model-by-name name). Stored so a restart books later fills the same way.
  ADD COLUMN cost_model          text NOT NULL DEFAULT 'none',
  ADD COLUMN filled_value        numeric(20, 2) NOT NULL DEFAULT 0 CHECK (filled_value >= 0),
  ADD COLUMN costs               numeric(24, 6) NOT NULL DEFAULT 0 CHECK (costs >= 0),
  -- The venue's own word for the status, as last reported (TRANSIT, PART_TRADED, ...).
  ADD COLUMN broker_status       text,
  ADD COLUMN acknowledged_at     timestamptz,
  ADD COLUMN closed_at           timestamptz,
  ADD COLUMN cancel_requested_at timestamptz,
  ADD COLUMN cancel_source       text CHECK (cancel_source IN ('strategy', 'risk', 'broker', 'operator', 'kill_switch',
                                                               'session', 'oco', 'recovery')),
  -- Fencing token of the lease under which the order was written and sent (NULL: no deployment).
  ADD COLUMN lease_token         bigint,
  ADD CONSTRAINT orders_end_source_when_ended
    CHECK (end_source IS NULL OR status IN ('cancelled', 'rejected', 'expired'));

-- Orders a recovery or an update lookup scans: active ones per account.
CREATE INDEX orders_active_account ON orders (broker_account_id, status)
  WHERE status IN ('new', 'sent', 'open', 'partially_filled');

-- Order events: append-only, one row per status change or fill, with the venue's raw payload --
CREATE TABLE order_events (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  order_id    bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  -- Idempotency key: `trade:<venue trade id>` for a fill, `status:<status>:<filled qty>` for a
  -- venue status, `sent`, `created`, ... A second delivery of the same update inserts nothing.
  event_key   text NOT NULL CHECK (length(event_key) BETWEEN 1 AND 200),
  kind        text NOT NULL CHECK (kind IN ('created', 'sent', 'acknowledged', 'status', 'fill', 'send_unknown',
                                            'cancel_requested', 'closed')),
  -- The order's status and filled quantity once this event was applied.
  status      text NOT NULL CHECK (status IN ('new', 'sent', 'open', 'partially_filled', 'filled', 'cancelled',
                                              'rejected', 'expired')),
  filled_qty  bigint NOT NULL CHECK (filled_qty >= 0),
  -- What wrote it: the ledger itself, a venue update, or restart recovery.
  source      text NOT NULL CHECK (source IN ('ledger', 'broker', 'recovery')),
  lease_token bigint,
  -- The venue's payload exactly as received (or the ledger's own details).
  payload     jsonb NOT NULL DEFAULT '{}',
  -- When the venue says it happened (exchange or venue time), if it says.
  venue_time  timestamptz,
  created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (order_id, event_key)
);
CREATE INDEX order_events_owner ON order_events (owner_id);

-- Append-only: a direct UPDATE or DELETE fails; rows go only with their order (a cascade runs
-- below a referential-action trigger, at depth 2).
CREATE FUNCTION order_events_append_only() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF TG_OP = 'UPDATE' OR pg_trigger_depth() <= 1 THEN
    RAISE EXCEPTION 'order_events is append-only (% refused)', TG_OP USING ERRCODE = 'QTL02';
  END IF;
  RETURN OLD;
END
$$;
CREATE TRIGGER order_events_append_only BEFORE UPDATE OR DELETE ON order_events
  FOR EACH ROW EXECUTE FUNCTION order_events_append_only();

-- Fills: exact value, realised P&L and every charge component --------------------------------
ALTER TABLE fills
  DROP COLUMN cost_breakdown,
  ALTER COLUMN costs TYPE numeric(24, 6),
  ADD COLUMN deployment_id     bigint REFERENCES deployments (id) ON DELETE SET NULL,
  ADD COLUMN broker_account_id bigint NOT NULL REFERENCES broker_accounts (id),
  ADD COLUMN instrument_id     bigint NOT NULL REFERENCES instruments (id),
  ADD COLUMN product           text NOT NULL CHECK (product IN ('CNC', 'INTRADAY', 'MARGIN', 'MTF')),
  ADD COLUMN side              text NOT NULL CHECK (side IN ('buy', 'sell')),
  ADD COLUMN value             numeric(20, 2) NOT NULL CHECK (value > 0),
  -- P&L this fill realised on its position (average-cost method), before charges.
  ADD COLUMN realised_pnl      numeric(20, 2) NOT NULL DEFAULT 0,
  ADD COLUMN brokerage         numeric(24, 6) NOT NULL DEFAULT 0,
  ADD COLUMN stt               numeric(24, 6) NOT NULL DEFAULT 0,
  ADD COLUMN exchange          numeric(24, 6) NOT NULL DEFAULT 0,
  ADD COLUMN sebi              numeric(24, 6) NOT NULL DEFAULT 0,
  ADD COLUMN ipft              numeric(24, 6) NOT NULL DEFAULT 0,
  ADD COLUMN stamp             numeric(24, 6) NOT NULL DEFAULT 0,
  ADD COLUMN gst               numeric(24, 6) NOT NULL DEFAULT 0,
  ADD COLUMN dp                numeric(24, 6) NOT NULL DEFAULT 0,
  ADD CONSTRAINT fills_costs_add_up CHECK (costs = brokerage + stt + exchange + sebi + ipft + stamp + gst + dp);
CREATE INDEX fills_deployment ON fills (deployment_id, filled_at);
CREATE INDEX fills_broker_account ON fills (broker_account_id, filled_at);
CREATE INDEX fills_instrument ON fills (instrument_id);

-- Positions: cost basis instead of a rounded average, marks, and the day's columns -------------
-- cost_basis is the signed value of the open quantity at its entry prices (long > 0, short < 0),
-- kept exact: a closing fill releases basis·closed/held rounded to the paisa, and closing to zero
-- releases what is left, so a round trip realises exactly sell value − buy value.
ALTER TABLE positions
  ALTER COLUMN costs TYPE numeric(24, 6),
  ADD COLUMN cost_basis       numeric(20, 2) NOT NULL DEFAULT 0,
  ADD COLUMN buy_qty          bigint NOT NULL DEFAULT 0 CHECK (buy_qty >= 0),
  ADD COLUMN sell_qty         bigint NOT NULL DEFAULT 0 CHECK (sell_qty >= 0),
  ADD COLUMN buy_value        numeric(20, 2) NOT NULL DEFAULT 0,
  ADD COLUMN sell_value       numeric(20, 2) NOT NULL DEFAULT 0,
  -- Mark-to-market price (the last fill or the last price the runner reported).
  ADD COLUMN last_price       numeric(20, 4),
  ADD COLUMN last_price_at    timestamptz,
  -- The IST trading date the day_* columns describe; rolled on the first fill or mark of a new day.
  ADD COLUMN day              date,
  -- Quantity and mark carried into that day (start of day).
  ADD COLUMN sod_qty          bigint NOT NULL DEFAULT 0,
  ADD COLUMN sod_price        numeric(20, 4),
  ADD COLUMN day_buy_qty      bigint NOT NULL DEFAULT 0,
  ADD COLUMN day_sell_qty     bigint NOT NULL DEFAULT 0,
  ADD COLUMN day_buy_value    numeric(20, 2) NOT NULL DEFAULT 0,
  ADD COLUMN day_sell_value   numeric(20, 2) NOT NULL DEFAULT 0,
  ADD COLUMN day_realised_pnl numeric(20, 2) NOT NULL DEFAULT 0,
  ADD COLUMN day_costs        numeric(24, 6) NOT NULL DEFAULT 0,
  ADD COLUMN unrealised_pnl   numeric(20, 2) GENERATED ALWAYS AS (
    CASE WHEN net_qty = 0 THEN 0
         WHEN last_price IS NULL THEN NULL
         ELSE round(net_qty * last_price - cost_basis, 2) END) STORED,
  -- Day P&L before charges: value now − value carried in + the day's sales − the day's purchases.
  ADD COLUMN day_pnl          numeric(20, 2) GENERATED ALWAYS AS (
    CASE WHEN (net_qty <> 0 AND last_price IS NULL) OR (sod_qty <> 0 AND sod_price IS NULL) THEN NULL
         ELSE round(net_qty * coalesce(last_price, 0) - sod_qty * coalesce(sod_price, 0)
                    + day_sell_value - day_buy_value, 2) END) STORED;
CREATE INDEX positions_open ON positions (broker_account_id) WHERE net_qty <> 0;

-- Positions per account: the deployments' rows (and manual orders') added up.
CREATE VIEW account_positions WITH (security_invoker = true) AS
  SELECT owner_id, broker_account_id, instrument_id, product,
         sum(net_qty)::bigint AS net_qty,
         sum(cost_basis) AS cost_basis,
         sum(realised_pnl) AS realised_pnl,
         sum(unrealised_pnl) AS unrealised_pnl,
         sum(day_pnl) AS day_pnl,
         sum(costs) AS costs,
         sum(day_costs) AS day_costs,
         (array_agg(last_price ORDER BY last_price_at DESC NULLS LAST))[1] AS last_price,
         max(updated_at) AS updated_at
    FROM positions
   GROUP BY owner_id, broker_account_id, instrument_id, product;

-- Leases: which daemon runs a deployment, with a fencing token ---------------------------------
-- A daemon holds a deployment while it renews the lease before expires_at (database time). Each
-- acquisition draws a new token from a sequence, so tokens only grow, across releases too. Every
-- order write of a deployment runs with app.lease_token set (SET LOCAL) and the orders trigger
-- below checks, in that transaction, that it is still the current, unexpired token.
CREATE SEQUENCE lease_tokens;

CREATE TABLE leases (
  deployment_id bigint PRIMARY KEY REFERENCES deployments (id) ON DELETE CASCADE,
  owner_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- The holding daemon (host:pid:random, chosen by the daemon).
  holder        text NOT NULL CHECK (length(holder) BETWEEN 1 AND 200),
  token         bigint NOT NULL CHECK (token > 0),
  ttl_ms        integer NOT NULL CHECK (ttl_ms >= 100),
  acquired_at   timestamptz NOT NULL,
  renewed_at    timestamptz NOT NULL,
  expires_at    timestamptz NOT NULL
);
CREATE INDEX leases_owner ON leases (owner_id);

-- The deployment's own held_by/heartbeat_at columns would be a second truth: the lease is it.
ALTER TABLE deployments DROP COLUMN held_by, DROP COLUMN heartbeat_at;

-- Raises unless the transaction carries the current, unexpired lease token of the deployment.
-- FOR SHARE holds the lease row until commit, so a takeover (an UPDATE) waits for this write
-- to finish instead of overtaking it.
CREATE FUNCTION ledger_check_fence(p_deployment bigint) RETURNS bigint
  LANGUAGE plpgsql
  AS $$
DECLARE
  v_token text := nullif(current_setting('app.lease_token', true), '');
  v_current bigint;
  v_expires timestamptz;
BEGIN
  IF v_token IS NULL THEN
    RAISE EXCEPTION 'deployment %: order write without a lease token', p_deployment USING ERRCODE = 'QTL01';
  END IF;
  SELECT token, expires_at INTO v_current, v_expires FROM leases WHERE deployment_id = p_deployment FOR SHARE;
  IF v_current IS NULL OR v_current <> v_token::bigint OR v_expires <= clock_timestamp() THEN
    RAISE EXCEPTION 'deployment %: lease token % is not the current lease (current %, expires %)',
      p_deployment, v_token, coalesce(v_current::text, 'none'), coalesce(v_expires::text, 'never')
      USING ERRCODE = 'QTL01';
  END IF;
  RETURN v_current;
END
$$;

-- Fenced order writes: creating a deployment's order, sending it (new → sent), asking to cancel.
-- Venue updates (acknowledgements, fills, cancellations) are facts and are not fenced.
CREATE FUNCTION orders_fence() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF NEW.deployment_id IS NULL THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'INSERT'
     OR (OLD.status = 'new' AND NEW.status = 'sent')
     OR (NEW.cancel_requested_at IS DISTINCT FROM OLD.cancel_requested_at) THEN
    NEW.lease_token := ledger_check_fence(NEW.deployment_id);
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER orders_fence BEFORE INSERT OR UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION orders_fence();

-- End-of-day reports -------------------------------------------------------------------------
CREATE TABLE eod_reports (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  deployment_id bigint NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
  trading_date  date NOT NULL,
  -- trades, P&L by component, charges by component, positions carried (docs/trading.md).
  report        jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (deployment_id, trading_date)
);
CREATE INDEX eod_reports_owner ON eod_reports (owner_id);

-- Instruments: the exchange's freeze quantity (orders above it must be sliced) ----------------
ALTER TABLE instruments ADD COLUMN IF NOT EXISTS freeze_qty integer CHECK (freeze_qty > 0);

-- The paper venue: a separate simulated broker with its own books ----------------------------
-- It is a venue, not a view of the ledger: the ledger asks it questions as it would ask Dhan,
-- and reconciliation and fault tests count the orders it holds.
CREATE TABLE paper_accounts (
  broker_account_id bigint PRIMARY KEY REFERENCES broker_accounts (id) ON DELETE CASCADE,
  owner_id          bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  starting_capital  numeric(20, 2) NOT NULL CHECK (starting_capital > 0),
  -- Capital − purchases + sales − charges, exact.
  cash              numeric(24, 6) NOT NULL,
  -- 'india' (by product and instrument kind) or a costs/cost-model-by-name name.
  cost_model        text NOT NULL DEFAULT 'india',
  -- Slippage on marketable fills: none, ticks:N or bps:N (engine/slippage.ts).
  slippage          text NOT NULL DEFAULT 'none',
  -- Margin blocked per rupee of exposure: INTRADAY here, MARGIN per instrument below, CNC 1.
  intraday_margin   numeric(6, 4) NOT NULL DEFAULT 0.2 CHECK (intraday_margin > 0 AND intraday_margin <= 1),
  -- {"NSE:NIFTY26JANFUT": 0.12, ...}; an instrument not listed needs its full value (1).
  margin_rates      jsonb NOT NULL DEFAULT '{}',
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX paper_accounts_owner ON paper_accounts (owner_id);
CREATE TRIGGER paper_accounts_touch BEFORE UPDATE ON paper_accounts FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CREATE TABLE paper_orders (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id          bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  broker_account_id bigint NOT NULL REFERENCES paper_accounts (broker_account_id) ON DELETE CASCADE,
  client_order_id   text NOT NULL CHECK (client_order_id ~ '^[A-Za-z0-9_-]{1,30}$'),
  instrument_id     bigint NOT NULL REFERENCES instruments (id),
  side              text NOT NULL CHECK (side IN ('buy', 'sell')),
  qty               bigint NOT NULL CHECK (qty > 0),
  filled_qty        bigint NOT NULL DEFAULT 0 CHECK (filled_qty >= 0),
  filled_value      numeric(20, 2) NOT NULL DEFAULT 0,
  order_type        text NOT NULL CHECK (order_type IN ('MARKET', 'LIMIT', 'STOP_LOSS', 'STOP_LOSS_MARKET')),
  product           text NOT NULL CHECK (product IN ('CNC', 'INTRADAY', 'MARGIN')),
  validity          text NOT NULL CHECK (validity IN ('DAY', 'IOC')),
  limit_price       numeric(20, 4),
  trigger_price     numeric(20, 4),
  status            text NOT NULL CHECK (status IN ('open', 'partially_filled', 'filled', 'cancelled', 'rejected',
                                                    'expired')),
  reason            text,
  -- Passed the funds check (at the first bar after it was placed or modified).
  accepted          boolean NOT NULL DEFAULT false,
  -- A STOP_LOSS (stop-limit) whose trigger has been touched: it now works as a limit order.
  triggered         boolean NOT NULL DEFAULT false,
  -- The session a DAY order belongs to (it expires at that session's close).
  session_date      date NOT NULL,
  placed_at         timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL,
  modifications     integer NOT NULL DEFAULT 0,
  UNIQUE (broker_account_id, client_order_id),
  CHECK (filled_qty <= qty)
);
CREATE INDEX paper_orders_owner ON paper_orders (owner_id);
CREATE INDEX paper_orders_instrument ON paper_orders (instrument_id);
CREATE INDEX paper_orders_working ON paper_orders (broker_account_id, instrument_id)
  WHERE status IN ('open', 'partially_filled');

CREATE TABLE paper_trades (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id          bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  broker_account_id bigint NOT NULL REFERENCES paper_accounts (broker_account_id) ON DELETE CASCADE,
  order_id          bigint NOT NULL REFERENCES paper_orders (id) ON DELETE CASCADE,
  qty               bigint NOT NULL CHECK (qty > 0),
  price             numeric(20, 4) NOT NULL CHECK (price > 0),
  value             numeric(20, 2) NOT NULL,
  -- Charges debited from the paper cash for this trade (the contract-note components summed).
  charges           numeric(24, 6) NOT NULL DEFAULT 0,
  -- Venue time of the trade: the bar's start time in replay, the tick's time live.
  traded_at         timestamptz NOT NULL
);
CREATE INDEX paper_trades_owner ON paper_trades (owner_id);
CREATE INDEX paper_trades_order ON paper_trades (order_id);
CREATE INDEX paper_trades_account ON paper_trades (broker_account_id, traded_at);

CREATE TABLE paper_positions (
  broker_account_id bigint NOT NULL REFERENCES paper_accounts (broker_account_id) ON DELETE CASCADE,
  instrument_id     bigint NOT NULL REFERENCES instruments (id),
  product           text NOT NULL CHECK (product IN ('CNC', 'INTRADAY', 'MARGIN')),
  owner_id          bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  net_qty           bigint NOT NULL DEFAULT 0,
  cost_basis        numeric(20, 2) NOT NULL DEFAULT 0,
  realised_pnl      numeric(20, 2) NOT NULL DEFAULT 0,
  last_price        numeric(20, 4),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (broker_account_id, instrument_id, product)
);
CREATE INDEX paper_positions_owner ON paper_positions (owner_id);
CREATE INDEX paper_positions_instrument ON paper_positions (instrument_id);

-- Privileges and row-level security ----------------------------------------------------------
-- The trader daemon writes as the owning role (system work); API requests run as quanttrade_app
-- under row-level security and may read these, add order events (an operator's cancel request)
-- and manage their paper accounts. Order events are never updated or deleted by anyone.
GRANT SELECT, INSERT ON order_events TO quanttrade_app;
GRANT SELECT ON leases, eod_reports, paper_orders, paper_trades, paper_positions, account_positions TO quanttrade_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON paper_accounts TO quanttrade_app;
GRANT SELECT ON order_events, leases, eod_reports, paper_accounts, paper_orders, paper_trades, paper_positions,
  account_positions TO quanttrade_readonly;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['order_events', 'leases', 'eod_reports', 'paper_accounts', 'paper_orders', 'paper_trades',
                           'paper_positions']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY owner_or_admin ON %I USING (owner_id = app_user_id() OR app_is_admin()) '
      'WITH CHECK (owner_id = app_user_id() OR app_is_admin())', t);
  END LOOP;
END
$$;
