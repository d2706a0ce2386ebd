-- 017_broker_reconciliation: what connecting a broker link to the ledger needs — a modification
-- made at the venue as an order event of its own, the differences reconciliation cannot explain
-- (kept, alerted once, cleared when they stop showing), and every call of the broker's own kill
-- switch with its outcome. docs/trading.md "Reconciliation", docs/dhan.md "Kill switch".

-- Order events: a modification at the venue (quantity, limit or trigger price) ------------------
ALTER TABLE order_events DROP CONSTRAINT order_events_kind_check;
ALTER TABLE order_events ADD CONSTRAINT order_events_kind_check
  CHECK (kind IN ('created', 'sent', 'acknowledged', 'status', 'modified', 'fill', 'send_unknown',
                  'cancel_requested', 'closed'));

-- Differences ----------------------------------------------------------------------------------
-- One row per difference while it lasts: a pass that finds it again updates last_seen_at (and the
-- figures in detail) instead of adding a row, so an operator is alerted once per difference, not
-- once per pass. When a pass no longer finds it, it is resolved ('cleared'). An operator may
-- acknowledge one (a position they hold on purpose, outside QuantTrade): it stays listed as
-- acknowledged until it clears.
CREATE TABLE broker_differences (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id          bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  broker_account_id bigint NOT NULL REFERENCES broker_accounts (id) ON DELETE CASCADE,
  kind              text NOT NULL CHECK (kind IN ('unknown_order', 'missing_at_broker', 'status_conflict',
                                                  'fill_not_at_broker', 'overfilled', 'quantity_mismatch',
                                                  'position_mismatch')),
  -- What it is about, stable across passes: a client order id, a venue order id, or
  -- '<instrument key>|<product>' for a position.
  subject           text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
  message           text NOT NULL,
  -- The difference as reconciliation reported it (the latest figures).
  detail            jsonb NOT NULL,
  first_seen_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
  last_seen_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  times_seen        integer NOT NULL DEFAULT 1 CHECK (times_seen > 0),
  acknowledged_at   timestamptz,
  acknowledged_by   text,
  resolved_at       timestamptz,
  CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL))
);
CREATE UNIQUE INDEX broker_differences_open ON broker_differences (broker_account_id, kind, subject)
  WHERE resolved_at IS NULL;
CREATE INDEX broker_differences_account ON broker_differences (broker_account_id, first_seen_at DESC);
CREATE INDEX broker_differences_owner ON broker_differences (owner_id);

-- Broker kill-switch calls ---------------------------------------------------------------------
-- Append-only: every call of a broker's own kill switch (Dhan POST /killswitch) — made because a
-- QuantTrade kill switch was engaged, or asked for by an operator — with its outcome. A
-- successful activation for a switch, an account and an IST trading day is what keeps a daemon
-- from calling again (Dhan's switch lasts the trading day).
CREATE TABLE broker_kill_switch_calls (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id          bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  broker_account_id bigint NOT NULL REFERENCES broker_accounts (id) ON DELETE CASCADE,
  -- The QuantTrade switch that caused it; NULL for an operator's own request.
  kill_switch_id    bigint REFERENCES kill_switches (id) ON DELETE SET NULL,
  action            text NOT NULL CHECK (action IN ('activate', 'deactivate')),
  outcome           text NOT NULL CHECK (outcome IN ('ok', 'failed')),
  -- The broker's answer, or why it could not be reached.
  message           text NOT NULL,
  attempt           integer NOT NULL DEFAULT 1 CHECK (attempt > 0),
  trading_day       date NOT NULL,
  requested_by      text NOT NULL,
  daemon_id         text,
  at                timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX broker_kill_switch_calls_account ON broker_kill_switch_calls (broker_account_id, trading_day, kill_switch_id);
CREATE INDEX broker_kill_switch_calls_switch ON broker_kill_switch_calls (kill_switch_id);
CREATE INDEX broker_kill_switch_calls_owner ON broker_kill_switch_calls (owner_id);

CREATE FUNCTION broker_kill_switch_calls_append_only() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  -- Rows go only with their account or owner (a cascade runs below a referential-action trigger).
  IF TG_OP = 'UPDATE' AND NOT (OLD.kill_switch_id IS NOT NULL AND NEW.kill_switch_id IS NULL) THEN
    RAISE EXCEPTION 'broker_kill_switch_calls is append-only (% refused)', TG_OP USING ERRCODE = 'QTL02';
  END IF;
  IF TG_OP = 'DELETE' AND pg_trigger_depth() <= 1 THEN
    RAISE EXCEPTION 'broker_kill_switch_calls is append-only (% refused)', TG_OP USING ERRCODE = 'QTL02';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER broker_kill_switch_calls_append_only BEFORE UPDATE OR DELETE ON broker_kill_switch_calls
  FOR EACH ROW EXECUTE FUNCTION broker_kill_switch_calls_append_only();

-- Privileges and row-level security ------------------------------------------------------------
GRANT SELECT, UPDATE (acknowledged_at, acknowledged_by) ON broker_differences TO quanttrade_app;
GRANT SELECT, INSERT ON broker_kill_switch_calls TO quanttrade_app;
GRANT SELECT ON broker_differences, broker_kill_switch_calls TO quanttrade_readonly;

ALTER TABLE broker_differences ENABLE ROW LEVEL SECURITY;
CREATE POLICY owner_or_admin ON broker_differences USING (owner_id = app_user_id() OR app_is_admin())
  WITH CHECK (owner_id = app_user_id() OR app_is_admin());
ALTER TABLE broker_kill_switch_calls ENABLE ROW LEVEL SECURITY;
CREATE POLICY owner_or_admin ON broker_kill_switch_calls USING (owner_id = app_user_id() OR app_is_admin())
  WITH CHECK (owner_id = app_user_id() OR app_is_admin());
