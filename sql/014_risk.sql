-- 014_risk: the pre-trade gate's records (issue 11) — versioned risk profiles assigned per
-- account and per deployment, every denial and warning, the profile version of every allowed
-- order, trading states and their history, kill switches (with a check inside the order write
-- and a NOTIFY to every daemon), funds figures, sectors and the portfolio-risk time series.
-- docs/risk.md describes how the rows move.

-- Profiles: a name and its current document; every change is a new version ------------------
ALTER TABLE risk_profiles
  ADD COLUMN description    text NOT NULL DEFAULT '' CHECK (length(description) <= 1000),
  -- The version new verdicts use; risk_profiles.limits mirrors that version's document.
  ADD COLUMN latest_version integer NOT NULL DEFAULT 1 CHECK (latest_version > 0),
  ADD COLUMN archived_at    timestamptz;

CREATE TABLE risk_profile_versions (
  profile_id      bigint NOT NULL REFERENCES risk_profiles (id) ON DELETE CASCADE,
  version         integer NOT NULL CHECK (version > 0),
  owner_id        bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- The validated, complete document: limits, soft, disabledRules, flattenOnHalt, extends.
  document        jsonb NOT NULL,
  created_by      text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (profile_id, version)
);
CREATE INDEX risk_profile_versions_owner ON risk_profile_versions (owner_id);

-- An account's profile; a deployment's own (deployments.risk_profile_id, 001) overrides it.
-- NULL: the conservative preset.
ALTER TABLE broker_accounts ADD COLUMN risk_profile_id bigint REFERENCES risk_profiles (id);
CREATE INDEX broker_accounts_risk_profile ON broker_accounts (risk_profile_id) WHERE risk_profile_id IS NOT NULL;

-- Violations: denials from the gate, warnings from the portfolio scan ------------------------
ALTER TABLE risk_violations
  ADD COLUMN broker_account_id bigint REFERENCES broker_accounts (id) ON DELETE CASCADE,
  -- The order the gate refused (never sent: it has no orders row), when it had an id.
  ADD COLUMN client_order_id   text CHECK (length(client_order_id) BETWEEN 1 AND 30),
  ADD COLUMN severity          text NOT NULL DEFAULT 'deny' CHECK (severity IN ('deny', 'warning')),
  ADD COLUMN scope             text CHECK (scope IN ('order', 'deployment', 'account', 'broker', 'global')),
  ADD COLUMN limit_name        text,
  -- The threshold and the value that crossed it, as text: rupees, units, a state, a time.
  ADD COLUMN limit_value       text,
  ADD COLUMN actual_value      text,
  ADD COLUMN profile_id        bigint REFERENCES risk_profiles (id) ON DELETE SET NULL,
  ADD COLUMN profile_version   integer,
  -- The rows of one verdict share it (a denial names every limit it crossed).
  ADD COLUMN check_id          uuid;
CREATE INDEX risk_violations_owner_recent ON risk_violations (owner_id, created_at DESC);
CREATE INDEX risk_violations_account ON risk_violations (broker_account_id, created_at DESC);
CREATE INDEX risk_violations_rule ON risk_violations (rule, created_at DESC);
CREATE INDEX risk_violations_profile ON risk_violations (profile_id) WHERE profile_id IS NOT NULL;

-- Allowed orders: the profile versions the gate used, written with the order ------------------
CREATE TABLE risk_approvals (
  client_order_id            text PRIMARY KEY CHECK (length(client_order_id) BETWEEN 1 AND 30),
  owner_id                   bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  broker_account_id          bigint NOT NULL REFERENCES broker_accounts (id) ON DELETE CASCADE,
  deployment_id              bigint REFERENCES deployments (id) ON DELETE CASCADE,
  signal_id                  bigint REFERENCES signals (id) ON DELETE CASCADE,
  account_profile_id         bigint REFERENCES risk_profiles (id) ON DELETE SET NULL,
  account_profile_version    integer NOT NULL,
  -- 'preset:conservative' for an account without a profile.
  account_profile_name       text NOT NULL,
  deployment_profile_id      bigint REFERENCES risk_profiles (id) ON DELETE SET NULL,
  deployment_profile_version integer,
  deployment_profile_name    text,
  checked_at                 timestamptz NOT NULL,
  created_at                 timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX risk_approvals_owner ON risk_approvals (owner_id, created_at DESC);
CREATE INDEX risk_approvals_account ON risk_approvals (broker_account_id, created_at DESC);
CREATE INDEX risk_approvals_deployment ON risk_approvals (deployment_id) WHERE deployment_id IS NOT NULL;
CREATE INDEX risk_approvals_signal ON risk_approvals (signal_id) WHERE signal_id IS NOT NULL;
CREATE INDEX risk_approvals_account_profile ON risk_approvals (account_profile_id) WHERE account_profile_id IS NOT NULL;
CREATE INDEX risk_approvals_deployment_profile ON risk_approvals (deployment_profile_id) WHERE deployment_profile_id IS NOT NULL;

-- Trading states: the current one per scope, and every change --------------------------------
CREATE TABLE risk_trading_states (
  scope      text NOT NULL CHECK (scope IN ('account', 'deployment')),
  scope_id   bigint NOT NULL,
  owner_id   bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  state      text NOT NULL CHECK (state IN ('ACTIVE', 'REDUCING', 'HALTED')),
  source     text NOT NULL CHECK (source IN ('rule', 'operator', 'new_day')),
  reason     text NOT NULL,
  since      timestamptz NOT NULL,
  -- The IST trading day of peak_pnl (the day's highest P&L, for drawdown after a restart).
  day        date,
  peak_pnl   numeric(20, 2) NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, scope_id)
);
CREATE INDEX risk_trading_states_owner ON risk_trading_states (owner_id);

CREATE TABLE risk_state_changes (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  scope         text NOT NULL CHECK (scope IN ('account', 'deployment')),
  scope_id      bigint NOT NULL,
  from_state    text NOT NULL CHECK (from_state IN ('ACTIVE', 'REDUCING', 'HALTED')),
  to_state      text NOT NULL CHECK (to_state IN ('ACTIVE', 'REDUCING', 'HALTED')),
  source        text NOT NULL CHECK (source IN ('rule', 'operator', 'new_day')),
  rule          text,
  reason        text NOT NULL,
  -- 'system' for the rules and the day roll, 'user:<id>' for an operator.
  changed_by    text NOT NULL,
  actor_user_id bigint REFERENCES users (id) ON DELETE SET NULL,
  flatten       boolean NOT NULL DEFAULT false,
  at            timestamptz NOT NULL
);
CREATE INDEX risk_state_changes_scope ON risk_state_changes (scope, scope_id, at DESC);
CREATE INDEX risk_state_changes_owner ON risk_state_changes (owner_id, at DESC);
CREATE INDEX risk_state_changes_actor ON risk_state_changes (actor_user_id) WHERE actor_user_id IS NOT NULL;

-- Kill switches ------------------------------------------------------------------------------
CREATE TABLE kill_switches (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The account's owner for account and deployment switches; NULL for the global one.
  owner_id          bigint REFERENCES users (id) ON DELETE CASCADE,
  scope             text NOT NULL CHECK (scope IN ('global', 'account', 'deployment')),
  broker_account_id bigint REFERENCES broker_accounts (id) ON DELETE CASCADE,
  deployment_id     bigint REFERENCES deployments (id) ON DELETE CASCADE,
  flatten           boolean NOT NULL DEFAULT false,
  reason            text NOT NULL DEFAULT '' CHECK (length(reason) <= 500),
  engaged_by        text NOT NULL,
  engaged_by_user   bigint REFERENCES users (id) ON DELETE SET NULL,
  engaged_at        timestamptz NOT NULL DEFAULT clock_timestamp(),
  released_at       timestamptz,
  released_by       text,
  released_by_user  bigint REFERENCES users (id) ON DELETE SET NULL,
  release_reason    text CHECK (length(release_reason) <= 500),
  CHECK ((scope = 'global') = (broker_account_id IS NULL)),
  CHECK ((scope = 'global') = (owner_id IS NULL)),
  CHECK ((scope = 'deployment') = (deployment_id IS NOT NULL)),
  CHECK ((released_at IS NULL) = (released_by IS NULL))
);
-- One engaged switch per scope: engaging twice is a no-op, not a second row.
CREATE UNIQUE INDEX kill_switches_engaged ON kill_switches (scope, coalesce(broker_account_id, 0), coalesce(deployment_id, 0))
  WHERE released_at IS NULL;
CREATE INDEX kill_switches_owner ON kill_switches (owner_id, engaged_at DESC);
CREATE INDEX kill_switches_account ON kill_switches (broker_account_id) WHERE broker_account_id IS NOT NULL;
CREATE INDEX kill_switches_deployment ON kill_switches (deployment_id) WHERE deployment_id IS NOT NULL;
CREATE INDEX kill_switches_engaged_by ON kill_switches (engaged_by_user) WHERE engaged_by_user IS NOT NULL;
CREATE INDEX kill_switches_released_by ON kill_switches (released_by_user) WHERE released_by_user IS NOT NULL;

-- Engaging and writing orders are serialised by one advisory lock, so no order write can slip
-- past an engagement: each order check holds it shared until its transaction ends, and engaging
-- takes it exclusively (kill_switches_engage_lock). An engagement therefore commits after every
-- order write already under way, and every later write waits for it, then sees it. Shared
-- holders never wait for each other. The key is "qkill" in ASCII.
CREATE FUNCTION risk_kill_switch_lock_key() RETURNS bigint
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT 487133375596::bigint $$;

-- The engaged switch that stops orders of this account (and deployment), narrowest first; NULL
-- when none does. `app.risk_flatten_switch`, set with SET LOCAL by the runner while it writes
-- the flatten orders of a switch engaged with flatten, lets that switch's own orders through.
-- SECURITY DEFINER: the check must see every switch whatever row-level security shows the caller.
-- VOLATILE: its query takes a fresh snapshot after the lock, so it sees an engagement it waited for.
CREATE FUNCTION risk_blocking_kill_switch(p_account bigint, p_deployment bigint) RETURNS kill_switches
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
DECLARE
  v_exempt text := nullif(current_setting('app.risk_flatten_switch', true), '');
  v_switch kill_switches;
BEGIN
  PERFORM pg_advisory_xact_lock_shared(risk_kill_switch_lock_key());
  SELECT * INTO v_switch FROM kill_switches k
   WHERE k.released_at IS NULL
     AND (k.scope = 'global'
          OR (k.scope = 'account' AND k.broker_account_id = p_account)
          OR (k.scope = 'deployment' AND k.deployment_id = p_deployment))
     AND NOT (k.flatten AND v_exempt IS NOT NULL AND k.id::text = v_exempt)
   ORDER BY CASE k.scope WHEN 'deployment' THEN 0 WHEN 'account' THEN 1 ELSE 2 END
   LIMIT 1;
  IF v_switch.id IS NULL THEN
    RETURN NULL;
  END IF;
  RETURN v_switch;
END
$$;

-- Raises QTK01 when an engaged kill switch stops orders of this account and deployment. The
-- orders trigger below calls it on every order write that leads to a broker; the runner may
-- also call it first, in the same transaction, for a clearer error.
CREATE FUNCTION risk_assert_can_send(p_account bigint, p_deployment bigint) RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
DECLARE
  v_switch kill_switches := risk_blocking_kill_switch(p_account, p_deployment);
BEGIN
  IF v_switch.id IS NOT NULL THEN
    RAISE EXCEPTION '%', format('kill switch %s (%s) engaged by %s at %s: no orders for account %s%s',
      v_switch.id,
      CASE v_switch.scope WHEN 'global' THEN 'global' WHEN 'account' THEN 'account ' || v_switch.broker_account_id
                          ELSE 'deployment ' || v_switch.deployment_id END,
      v_switch.engaged_by, v_switch.engaged_at, p_account,
      CASE WHEN p_deployment IS NULL THEN '' ELSE ', deployment ' || p_deployment END)
      USING ERRCODE = 'QTK01', DETAIL = v_switch.reason,
            HINT = 'release it with quanttrade kill release or risk.killSwitch.release';
  END IF;
END
$$;

-- Only writes that lead to a broker are stopped: a new order (status new or sent) and the move
-- new → sent. Cancels, venue updates and the record of a refused order still go through.
CREATE FUNCTION orders_kill_switch() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF (TG_OP = 'INSERT' AND NEW.status IN ('new', 'sent'))
     OR (TG_OP = 'UPDATE' AND OLD.status = 'new' AND NEW.status = 'sent') THEN
    PERFORM risk_assert_can_send(NEW.broker_account_id, NEW.deployment_id);
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER orders_kill_switch BEFORE INSERT OR UPDATE OF status ON orders
  FOR EACH ROW EXECUTE FUNCTION orders_kill_switch();

-- Every daemon hears of a switch (and of a trading-state change) through the event bus'
-- channel, sent by the database at commit, whoever wrote it: the API, the CLI, psql. The
-- envelope is the bus' own (events/event-bus.ts); origin 'database' is no daemon, so the
-- daemon that wrote the row hears it too.
CREATE FUNCTION risk_notify_event(p_type text, p_owner bigint, p_payload jsonb) RETURNS void
  LANGUAGE plpgsql
  AS $$
DECLARE
  v_event jsonb := jsonb_build_object(
    'type', p_type, 'payload', p_payload, 'ownerId', p_owner, 'origin', 'database',
    'at', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));
BEGIN
  IF p_owner IS NULL THEN
    v_event := v_event - 'ownerId';
  END IF;
  PERFORM pg_notify('quanttrade_events', v_event::text);
END
$$;

-- Any engagement — from the API, the CLI or psql — waits for the order writes under way.
CREATE FUNCTION kill_switches_engage_lock() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(risk_kill_switch_lock_key());
  RETURN NEW;
END
$$;
CREATE TRIGGER kill_switches_engage_lock BEFORE INSERT ON kill_switches
  FOR EACH ROW EXECUTE FUNCTION kill_switches_engage_lock();

CREATE FUNCTION kill_switches_notify() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  PERFORM risk_notify_event('risk.kill_switch', NEW.owner_id,
    jsonb_build_object(
      'action', CASE WHEN NEW.released_at IS NULL THEN 'engaged' ELSE 'released' END,
      'id', NEW.id, 'scope', NEW.scope, 'accountId', NEW.broker_account_id, 'deploymentId', NEW.deployment_id,
      'flatten', NEW.flatten, 'reason', left(NEW.reason, 200), 'by', coalesce(NEW.released_by, NEW.engaged_by),
      'engagedAt', (extract(epoch FROM NEW.engaged_at) * 1000)::bigint));
  RETURN NULL;
END
$$;
CREATE TRIGGER kill_switches_notify AFTER INSERT OR UPDATE OF released_at, flatten ON kill_switches
  FOR EACH ROW EXECUTE FUNCTION kill_switches_notify();

CREATE FUNCTION risk_state_changes_notify() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  PERFORM risk_notify_event('risk.trading_state', NEW.owner_id,
    jsonb_build_object(
      'scope', NEW.scope, 'scopeId', NEW.scope_id, 'from', NEW.from_state, 'to', NEW.to_state,
      'source', NEW.source, 'rule', NEW.rule, 'reason', left(NEW.reason, 300), 'by', NEW.changed_by,
      'flatten', NEW.flatten, 'at', (extract(epoch FROM NEW.at) * 1000)::bigint));
  RETURN NULL;
END
$$;
CREATE TRIGGER risk_state_changes_notify AFTER INSERT ON risk_state_changes
  FOR EACH ROW EXECUTE FUNCTION risk_state_changes_notify();

-- Funds figures, sectors, the portfolio-risk time series ---------------------------------------
-- The latest funds figure per account (capital for limits written as a share of it, leverage):
-- written by whatever knows it — the paper venue, the Dhan link, an operator.
CREATE TABLE risk_account_funds (
  broker_account_id bigint PRIMARY KEY REFERENCES broker_accounts (id) ON DELETE CASCADE,
  owner_id          bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  capital           numeric(20, 2) NOT NULL,
  available         numeric(20, 2),
  source            text NOT NULL CHECK (length(source) BETWEEN 1 AND 50),
  as_of             timestamptz NOT NULL
);
CREATE INDEX risk_account_funds_owner ON risk_account_funds (owner_id);

-- Sectors where known (no data source ships them): by exposure grouping in risk.scan.
CREATE TABLE instrument_sectors (
  instrument_id bigint PRIMARY KEY REFERENCES instruments (id) ON DELETE CASCADE,
  sector        text NOT NULL CHECK (length(sector) BETWEEN 1 AND 100),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE risk_portfolio_snapshots (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id          bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  broker_account_id bigint NOT NULL REFERENCES broker_accounts (id) ON DELETE CASCADE,
  at                timestamptz NOT NULL,
  gross             numeric(20, 2) NOT NULL,
  net               numeric(20, 2) NOT NULL,
  long_value        numeric(20, 2) NOT NULL,
  short_value       numeric(20, 2) NOT NULL,
  open_positions    integer NOT NULL,
  capital           numeric(20, 2),
  leverage          double precision,
  day_pnl           numeric(20, 2),
  intraday_drawdown numeric(20, 2),
  var95             numeric(20, 2),
  es95              numeric(20, 2),
  var99             numeric(20, 2),
  es99              numeric(20, 2),
  beta              double precision,
  beta_exposure     numeric(20, 2),
  return_days       integer NOT NULL DEFAULT 0,
  -- By symbol and by sector, soft-limit breaches, what could not be priced.
  details           jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX risk_portfolio_snapshots_account ON risk_portfolio_snapshots (broker_account_id, at DESC);
CREATE INDEX risk_portfolio_snapshots_owner ON risk_portfolio_snapshots (owner_id, at DESC);

-- Privileges and row-level security ----------------------------------------------------------
REVOKE EXECUTE ON FUNCTION risk_blocking_kill_switch(bigint, bigint), risk_assert_can_send(bigint, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION risk_blocking_kill_switch(bigint, bigint), risk_assert_can_send(bigint, bigint) TO quanttrade_app;

GRANT SELECT, INSERT ON risk_profile_versions, risk_approvals, risk_state_changes TO quanttrade_app;
GRANT SELECT, INSERT, UPDATE ON risk_trading_states, kill_switches, risk_account_funds TO quanttrade_app;
GRANT SELECT ON risk_portfolio_snapshots, instrument_sectors TO quanttrade_app;
GRANT SELECT ON risk_profile_versions, risk_approvals, risk_state_changes, risk_trading_states, kill_switches,
  risk_account_funds, risk_portfolio_snapshots, instrument_sectors TO quanttrade_readonly;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['risk_profile_versions', 'risk_approvals', 'risk_trading_states', 'risk_state_changes',
                           'risk_account_funds', 'risk_portfolio_snapshots']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY owner_or_admin ON %I USING (owner_id = app_user_id() OR app_is_admin()) '
      'WITH CHECK (owner_id = app_user_id() OR app_is_admin())', t);
  END LOOP;
END
$$;

-- Everyone sees the global switch (it stops them too) and any operator may engage it; only
-- admins release it.
ALTER TABLE kill_switches ENABLE ROW LEVEL SECURITY;
CREATE POLICY kill_switches_read ON kill_switches FOR SELECT
  USING (scope = 'global' OR owner_id = app_user_id() OR app_is_admin());
CREATE POLICY kill_switches_engage ON kill_switches FOR INSERT
  WITH CHECK (scope = 'global' OR owner_id = app_user_id() OR app_is_admin());
CREATE POLICY kill_switches_release ON kill_switches FOR UPDATE
  USING (app_is_admin() OR (scope <> 'global' AND owner_id = app_user_id()))
  WITH CHECK (app_is_admin() OR (scope <> 'global' AND owner_id = app_user_id()));
