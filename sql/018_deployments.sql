-- 018_deployments: a deployment as data (issue 10 §2) — what it runs (strategy version, params,
-- symbols, timeframe, product, capital), its life-cycle state including 'paused', and every
-- transition stored with who moved it and why. See docs/trading.md "Deployments".
--
-- The columns have defaults only so that rows written before this migration (and tests that
-- insert bare rows for the ledger) stay valid; the API and CLI always give every field, checked
-- against the instrument master and the strategy (trading/deployments/deployment-validation.ts).

-- The spec --------------------------------------------------------------------------------------
ALTER TABLE deployments
  ADD COLUMN name        text NOT NULL DEFAULT '' CHECK (length(name) <= 100),
  -- Strategy parameters, validated against the version's schema at create and update time.
  ADD COLUMN params      jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(params) = 'object'),
  -- The universe as users write it ('NSE:TCS'), resolved against instruments when checked.
  ADD COLUMN symbols     text[] NOT NULL DEFAULT '{}' CHECK (cardinality(symbols) <= 500),
  ADD COLUMN timeframe   text NOT NULL DEFAULT '1d' CHECK (timeframe IN ('1m', '3m', '5m', '15m', '30m', '1h', '1d')),
  ADD COLUMN product     text NOT NULL DEFAULT 'CNC' CHECK (product IN ('CNC', 'INTRADAY', 'MARGIN')),
  ADD COLUMN capital     numeric(20, 2) NOT NULL DEFAULT 100000 CHECK (capital > 0),
  -- The trimmed stack of the failure that moved it to 'error' (error holds the message).
  ADD COLUMN error_stack text CHECK (length(error_stack) <= 8000);

-- A name picks one of the owner's deployments (CLI `deploy show NAME`); unnamed rows are exempt.
CREATE UNIQUE INDEX deployments_owner_name ON deployments (owner_id, name) WHERE name <> '';

-- States: 'paused' joins (no new entries; exits and stops still work) ---------------------------
DO $$
DECLARE c record;
BEGIN
  FOR c IN
    SELECT conname FROM pg_constraint
     WHERE conrelid = 'deployments'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) ~ 'status'
  LOOP
    EXECUTE format('ALTER TABLE deployments DROP CONSTRAINT %I', c.conname);
  END LOOP;
END
$$;
ALTER TABLE deployments ADD CONSTRAINT deployments_status_check
  CHECK (status IN ('stopped', 'starting', 'running', 'paused', 'stopping', 'halted', 'error'));

-- What the runner's supervisor scans: the deployments some daemon must hold.
DROP INDEX deployments_running;
CREATE INDEX deployments_to_run ON deployments (status) WHERE status IN ('starting', 'running', 'paused', 'stopping');

-- Transitions: one row per change, written in the transaction that changes the status -----------
CREATE TABLE deployment_events (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  deployment_id bigint NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
  owner_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- NULL for the row written when the deployment is created.
  from_status   text CHECK (from_status IN ('stopped', 'starting', 'running', 'paused', 'stopping', 'halted', 'error')),
  to_status     text NOT NULL CHECK (to_status IN ('stopped', 'starting', 'running', 'paused', 'stopping', 'halted',
                                                   'error')),
  -- The user who asked (API, CLI); NULL when the daemon moved it on its own.
  actor_user_id bigint REFERENCES users (id) ON DELETE SET NULL,
  -- What moved it: 'user', 'runner', 'risk', 'recovery', ...
  actor         text NOT NULL CHECK (actor ~ '^[a-z][a-z_]{0,29}$'),
  daemon_id     text CHECK (length(daemon_id) <= 200),
  reason        text CHECK (length(reason) <= 2000),
  at            timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX deployment_events_deployment ON deployment_events (deployment_id, id);
CREATE INDEX deployment_events_owner ON deployment_events (owner_id);
CREATE INDEX deployment_events_actor_user ON deployment_events (actor_user_id) WHERE actor_user_id IS NOT NULL;

-- The history is append-only (rows go only with their deployment, through the cascade).
CREATE FUNCTION deployment_events_append_only() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF TG_OP = 'UPDATE' OR pg_trigger_depth() <= 1 THEN
    RAISE EXCEPTION 'deployment_events is append-only (% refused)', TG_OP USING ERRCODE = 'QTD01';
  END IF;
  RETURN OLD;
END
$$;
CREATE TRIGGER deployment_events_append_only BEFORE UPDATE OR DELETE ON deployment_events
  FOR EACH ROW EXECUTE FUNCTION deployment_events_append_only();

-- Every transition reaches every daemon as the bus event 'deployment.changed', sent by the
-- database at commit (risk_notify_event, sql/014: the bus' envelope on its channel) — whoever
-- wrote it, and never for a transition that rolled back.
CREATE FUNCTION deployment_events_notify() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  PERFORM risk_notify_event('deployment.changed', NEW.owner_id,
    jsonb_build_object(
      'deploymentId', NEW.deployment_id, 'ownerId', NEW.owner_id, 'eventId', NEW.id,
      'from', NEW.from_status, 'to', NEW.to_status, 'actor', NEW.actor,
      'reason', left(NEW.reason, 300), 'daemonId', NEW.daemon_id));
  RETURN NULL;
END
$$;
CREATE TRIGGER deployment_events_notify AFTER INSERT ON deployment_events
  FOR EACH ROW EXECUTE FUNCTION deployment_events_notify();

-- Privileges and row-level security ------------------------------------------------------------
GRANT SELECT, INSERT ON deployment_events TO quanttrade_app;
GRANT SELECT ON deployment_events TO quanttrade_readonly;
ALTER TABLE deployment_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY owner_or_admin ON deployment_events USING (owner_id = app_user_id() OR app_is_admin())
  WITH CHECK (owner_id = app_user_id() OR app_is_admin());

-- Ledger events on the bus ----------------------------------------------------------------------
-- The order ledger's changes reach every daemon's subscribers (API subscriptions, the console) the
-- same way: sent by the database at commit, whoever wrote them. Small payloads (ids, states,
-- amounts as text); the rows are the truth. Marks (last-price updates) are not announced: they
-- come with every tick, and the P&L subscription reads the positions instead.
CREATE FUNCTION ledger_order_events_notify() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE o record;
BEGIN
  SELECT deployment_id, broker_account_id, client_order_id, instrument_id, side, qty INTO o
    FROM orders WHERE id = NEW.order_id;
  PERFORM risk_notify_event('trading.order', NEW.owner_id,
    jsonb_build_object(
      'orderId', NEW.order_id, 'eventId', NEW.id, 'deploymentId', o.deployment_id, 'brokerAccountId', o.broker_account_id,
      'clientOrderId', o.client_order_id, 'instrumentId', o.instrument_id, 'side', o.side, 'qty', o.qty,
      'kind', NEW.kind, 'status', NEW.status, 'filledQty', NEW.filled_qty, 'source', NEW.source));
  RETURN NULL;
END
$$;
CREATE TRIGGER order_events_notify AFTER INSERT ON order_events
  FOR EACH ROW EXECUTE FUNCTION ledger_order_events_notify();

CREATE FUNCTION ledger_fills_notify() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  PERFORM risk_notify_event('trading.fill', NEW.owner_id,
    jsonb_build_object(
      'fillId', NEW.id, 'orderId', NEW.order_id, 'deploymentId', NEW.deployment_id,
      'brokerAccountId', NEW.broker_account_id, 'instrumentId', NEW.instrument_id, 'side', NEW.side,
      'qty', NEW.qty, 'price', NEW.price::text, 'value', NEW.value::text, 'realisedPnl', NEW.realised_pnl::text,
      'costs', NEW.costs::text,
      'filledAt', to_char(NEW.filled_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')));
  RETURN NULL;
END
$$;
CREATE TRIGGER fills_notify AFTER INSERT ON fills FOR EACH ROW EXECUTE FUNCTION ledger_fills_notify();

CREATE FUNCTION ledger_positions_notify() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  PERFORM risk_notify_event('trading.position', NEW.owner_id,
    jsonb_build_object(
      'deploymentId', NEW.deployment_id, 'brokerAccountId', NEW.broker_account_id, 'instrumentId', NEW.instrument_id,
      'product', NEW.product, 'netQty', NEW.net_qty, 'realisedPnl', NEW.realised_pnl::text));
  RETURN NULL;
END
$$;
CREATE TRIGGER positions_notify_insert AFTER INSERT ON positions
  FOR EACH ROW EXECUTE FUNCTION ledger_positions_notify();
CREATE TRIGGER positions_notify_update AFTER UPDATE ON positions
  FOR EACH ROW WHEN (OLD.net_qty IS DISTINCT FROM NEW.net_qty OR OLD.realised_pnl IS DISTINCT FROM NEW.realised_pnl)
  EXECUTE FUNCTION ledger_positions_notify();
