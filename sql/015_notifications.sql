-- 015_notifications: where operators send events (webhooks, Telegram) and the durable delivery
-- log that is also the outbox (docs/notifications.md).
--
-- notification_channels: one row per destination a user set up. The secret (a webhook's HMAC key,
-- a Telegram bot token) is AES-256-GCM ciphertext made with a key that never enters the database
-- (secrets/secret-box.ts); secret_key_id names that key so a daemon holding another one says so.
-- notification_deliveries: one row per message to send. The dispatcher claims due rows with
-- FOR UPDATE SKIP LOCKED and a lease (a daemon killed mid-send leaves a row whose lease expires
-- and another daemon sends it again: delivery is at least once, each message carries its id).
-- A rate-limited event becomes a 'digested' row attached to the channel's one open digest.

CREATE TABLE notification_channels (
  id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id               bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name                   text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  kind                   text NOT NULL CHECK (kind IN ('webhook', 'telegram')),
  -- Not secret: the webhook URL or the Telegram chat id.
  target                 text NOT NULL CHECK (length(target) BETWEEN 1 AND 2000),
  secret_encrypted       bytea,
  secret_key_id          text,
  -- The last characters of the secret, to recognise it (never enough to use it).
  secret_hint            text,
  events                 text[] NOT NULL DEFAULT '{}',
  enabled                boolean NOT NULL DEFAULT true,
  rate_limit_per_minute  integer NOT NULL DEFAULT 6 CHECK (rate_limit_per_minute BETWEEN 1 AND 600),
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notification_channels_owner ON notification_channels (owner_id);
CREATE INDEX notification_channels_events ON notification_channels USING gin (events) WHERE enabled;

CREATE TABLE notification_deliveries (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  channel_id       bigint NOT NULL REFERENCES notification_channels (id) ON DELETE CASCADE,
  owner_id         bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- The notification kind (event-catalogue.ts), 'test' or 'digest'.
  kind             text NOT NULL CHECK (kind ~ '^[a-z_]+$'),
  -- The bus event name it came from, when it came from one.
  event_type       text,
  -- Identifies the bus event: every daemon hears it, one row is written.
  event_key        text,
  title            text NOT NULL,
  body             text NOT NULL,
  payload          jsonb NOT NULL DEFAULT '{}',
  status           text NOT NULL CHECK (status IN ('pending', 'sending', 'delivered', 'failed', 'digested')),
  digest_id        bigint REFERENCES notification_deliveries (id) ON DELETE SET NULL,
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  lease_until      timestamptz,
  last_error       text,
  response_status  integer,
  created_at       timestamptz NOT NULL DEFAULT now(),
  delivered_at     timestamptz
);
CREATE UNIQUE INDEX notification_deliveries_event ON notification_deliveries (channel_id, event_key)
  WHERE event_key IS NOT NULL;
CREATE INDEX notification_deliveries_due ON notification_deliveries (next_attempt_at)
  WHERE status IN ('pending', 'sending');
CREATE INDEX notification_deliveries_channel ON notification_deliveries (channel_id, created_at DESC);
CREATE INDEX notification_deliveries_owner ON notification_deliveries (owner_id);
CREATE INDEX notification_deliveries_digest ON notification_deliveries (digest_id) WHERE digest_id IS NOT NULL;
-- At most one open digest (not yet claimed by a dispatcher) per channel.
CREATE UNIQUE INDEX notification_deliveries_open_digest ON notification_deliveries (channel_id)
  WHERE kind = 'digest' AND status = 'pending' AND attempts = 0;

GRANT SELECT, INSERT, UPDATE, DELETE ON notification_channels, notification_deliveries TO quanttrade_app;
-- The SQL console and the reader login see the settings and the log, never the secrets (nor the
-- target: a webhook URL often carries a token of its own, as Slack's do).
GRANT SELECT (id, owner_id, name, kind, secret_hint, events, enabled, rate_limit_per_minute,
              created_at, updated_at) ON notification_channels TO quanttrade_readonly;
GRANT SELECT ON notification_deliveries TO quanttrade_readonly;

ALTER TABLE notification_channels ENABLE ROW LEVEL SECURITY;
CREATE POLICY owner_or_admin ON notification_channels
  USING (owner_id = app_user_id() OR app_is_admin())
  WITH CHECK (owner_id = app_user_id() OR app_is_admin());
ALTER TABLE notification_deliveries ENABLE ROW LEVEL SECURITY;
CREATE POLICY owner_or_admin ON notification_deliveries
  USING (owner_id = app_user_id() OR app_is_admin())
  WITH CHECK (owner_id = app_user_id() OR app_is_admin());
