-- 007_security: what the security review (issue 9) needed from the schema.

-- Password guesses ---------------------------------------------------------------------------
-- Sign-in and password-change attempts, reserved before the password is checked
-- (daemon/src/api/auth/attempt-limiter.ts): a 'pending' row counts like a failure, so parallel
-- requests cannot all pass the limit before any of them is recorded. audit_log still records
-- who failed; this table only counts. Rows older than a day are pruned by the daemon.
CREATE TABLE auth_attempts (
  id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind    text NOT NULL CHECK (kind IN ('login', 'password')),
  -- The lower-cased email of a sign-in, 'user:<id>' for a password change.
  subject text NOT NULL,
  ip      inet NOT NULL,
  at      timestamptz NOT NULL DEFAULT now(),
  outcome text NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'failed', 'ok'))
);
CREATE INDEX auth_attempts_subject ON auth_attempts (kind, subject, at DESC);
CREATE INDEX auth_attempts_ip ON auth_attempts (kind, ip, at DESC);
CREATE INDEX auth_attempts_at ON auth_attempts (at);

-- Sessions -----------------------------------------------------------------------------------
-- Session tokens are signed, not stored; each carries the user's session epoch when it was
-- issued. A password change increments the epoch, which ends every other session of the user
-- at once (daemon/src/api/auth/session-tokens.ts).
ALTER TABLE users ADD COLUMN session_epoch integer NOT NULL DEFAULT 0 CHECK (session_epoch >= 0);
GRANT SELECT (session_epoch) ON users TO quanttrade_app;
