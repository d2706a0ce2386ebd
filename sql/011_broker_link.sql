-- 011_broker_link: what the Dhan broker link needs on top of 001's broker_accounts — token expiry
-- and which key encrypted the credentials, the operator's wish to keep the link connected, the
-- link's state as the daemon holding it reports it, and request counters shared by every daemon
-- that uses the same Dhan account (so that together they stay within Dhan's limits).

-- Accounts -------------------------------------------------------------------------------------
-- credentials_encrypted (001) holds the client id and the access token, AES-256-GCM. client_id
-- keeps only a masked hint (******0001) for lists: the real one is inside the ciphertext.
ALTER TABLE broker_accounts
  -- Id of the key that encrypted the credentials (a hash prefix, never the key): a daemon with
  -- another key says so instead of failing to decrypt.
  ADD COLUMN key_id           text,
  -- When the access token expires (read from the token itself, or from the broker's profile).
  ADD COLUMN token_expires_at timestamptz,
  ADD COLUMN token_set_at     timestamptz,
  -- The operator wants the link up (broker.connect); a daemon with the trader role holds it.
  ADD COLUMN link_enabled     boolean NOT NULL DEFAULT false,
  -- Renew the 24 h token through the API before it expires.
  ADD COLUMN auto_renew       boolean NOT NULL DEFAULT false,
  ADD CONSTRAINT broker_accounts_key CHECK ((credentials_encrypted IS NULL) = (key_id IS NULL));

CREATE INDEX broker_accounts_enabled ON broker_accounts (id) WHERE link_enabled;

-- Link state -----------------------------------------------------------------------------------
-- Written by the daemon that holds the link (advisory lock per account), read by every daemon's
-- API: status is visible wherever the operator asks.
CREATE TABLE broker_link_status (
  broker_account_id bigint PRIMARY KEY REFERENCES broker_accounts (id) ON DELETE CASCADE,
  owner_id          bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  state             text NOT NULL CHECK (state IN ('disconnected', 'connecting', 'connected', 'degraded',
                                                   'circuit_open', 'auth_expired', 'stopped')),
  detail            text,
  daemon_id         text,
  since             timestamptz NOT NULL DEFAULT now(),
  heartbeat_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX broker_link_status_owner ON broker_link_status (owner_id);

GRANT SELECT ON broker_link_status TO quanttrade_app;
GRANT SELECT (broker_account_id, owner_id, state, detail, since, heartbeat_at) ON broker_link_status TO quanttrade_readonly;
ALTER TABLE broker_link_status ENABLE ROW LEVEL SECURITY;
CREATE POLICY owner_or_admin ON broker_link_status USING (owner_id = app_user_id() OR app_is_admin());

-- Request limits -------------------------------------------------------------------------------
-- One row per request sent, kept for the longest window (a day for orders). limit_key is a
-- hash of the Dhan client id (broker/dhan/limiter-key.ts), never the id. Unlogged: counters are
-- not worth WAL, and a server crash only forgets the last day's counts. Neither the app role nor
-- the read-only role can read them.
CREATE UNLOGGED TABLE broker_rate_events (
  limit_key text NOT NULL,
  category  text NOT NULL,
  at        timestamptz NOT NULL
);
CREATE INDEX broker_rate_events_key ON broker_rate_events (limit_key, category, at);

-- After a 429 the category pauses, then runs at half its per-second rate for a while.
CREATE UNLOGGED TABLE broker_rate_state (
  limit_key    text NOT NULL,
  category     text NOT NULL,
  paused_until timestamptz NOT NULL,
  slowed_until timestamptz NOT NULL,
  PRIMARY KEY (limit_key, category)
);

-- Reserves one request slot, or says how long to wait. Windows slide (p_windows_ms, p_limits:
-- e.g. {1100, 60100} and {10, 250}); p_day_limit counts the IST calendar day. An advisory lock per
-- key and category serialises daemons, and the database clock is the one clock they share.
-- Returns 0 when the slot is taken, else milliseconds until it is worth asking again.
CREATE FUNCTION broker_rate_reserve(p_key text, p_category text, p_windows_ms integer[], p_limits integer[],
                                    p_day_limit integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  t         timestamptz;
  st        broker_rate_state%ROWTYPE;
  wait_ms   double precision := 0;
  lim       integer;
  n         integer;
  edge      timestamptz;
  day_start timestamptz;
  keep_from timestamptz;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('broker_rate/' || p_key || '/' || p_category, 0));
  -- The clock is read after the lock: a reservation that queued behind another must not count
  -- from the time it started waiting.
  t := clock_timestamp();
  SELECT * INTO st FROM broker_rate_state WHERE limit_key = p_key AND category = p_category;
  -- A missing row leaves st's fields NULL, and a NULL comparison is not true.
  IF st.paused_until > t THEN
    RETURN ceil(extract(epoch FROM st.paused_until - t) * 1000)::integer;
  END IF;
  keep_from := t - make_interval(secs => (SELECT max(w) FROM unnest(p_windows_ms) w) / 1000.0);
  FOR i IN 1 .. coalesce(array_length(p_windows_ms, 1), 0) LOOP
    lim := p_limits[i];
    IF i = 1 AND st.slowed_until > t THEN lim := greatest(1, lim / 2); END IF;
    edge := t - make_interval(secs => p_windows_ms[i] / 1000.0);
    SELECT count(*) INTO n FROM broker_rate_events
     WHERE limit_key = p_key AND category = p_category AND at > edge;
    IF n >= lim THEN
      -- The slot frees when the (n - lim + 1)-th oldest request in the window leaves it.
      SELECT at INTO edge FROM broker_rate_events
       WHERE limit_key = p_key AND category = p_category AND at > edge
       ORDER BY at OFFSET n - lim LIMIT 1;
      wait_ms := greatest(wait_ms, extract(epoch FROM edge - t) * 1000 + p_windows_ms[i]);
    END IF;
  END LOOP;
  IF p_day_limit IS NOT NULL THEN
    day_start := date_trunc('day', t AT TIME ZONE 'UTC' + interval '5 hours 30 minutes')
                 - interval '5 hours 30 minutes';
    day_start := day_start AT TIME ZONE 'UTC';
    keep_from := least(keep_from, day_start);
    SELECT count(*) INTO n FROM broker_rate_events
     WHERE limit_key = p_key AND category = p_category AND at >= day_start;
    IF n >= p_day_limit THEN
      wait_ms := greatest(wait_ms, extract(epoch FROM day_start + interval '1 day' - t) * 1000);
    END IF;
  END IF;
  IF wait_ms > 0 THEN
    RETURN least(ceil(wait_ms), 2147483647)::integer;
  END IF;
  INSERT INTO broker_rate_events (limit_key, category, at) VALUES (p_key, p_category, t);
  DELETE FROM broker_rate_events WHERE limit_key = p_key AND category = p_category AND at < keep_from;
  RETURN 0;
END $$;

CREATE FUNCTION broker_rate_penalize(p_key text, p_category text, p_pause_ms integer, p_slow_ms integer)
RETURNS void LANGUAGE sql AS $$
  INSERT INTO broker_rate_state (limit_key, category, paused_until, slowed_until)
  VALUES (p_key, p_category, clock_timestamp() + make_interval(secs => p_pause_ms / 1000.0),
          clock_timestamp() + make_interval(secs => (p_pause_ms + p_slow_ms) / 1000.0))
  ON CONFLICT (limit_key, category) DO UPDATE
    SET paused_until = greatest(broker_rate_state.paused_until, EXCLUDED.paused_until),
        slowed_until = greatest(broker_rate_state.slowed_until, EXCLUDED.slowed_until);
$$;

REVOKE ALL ON FUNCTION broker_rate_reserve(text, text, integer[], integer[], integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION broker_rate_penalize(text, text, integer, integer) FROM PUBLIC;
