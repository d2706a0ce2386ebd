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

-- SQL console ----------------------------------------------------------------------------------
-- Functions with effects outside the statement's own read-only transaction: writing WAL
-- (pg_logical_emit_message wrote 50 MB per call through READ ONLY), notifications on the
-- daemons' event channel, advisory locks other daemons wait on, large objects, consuming
-- transaction ids, signalling backends, exporting snapshots. EXECUTE is taken from PUBLIC —
-- so from quanttrade_readonly, the SQL console's role — and given back to the roles the daemon's
-- own code runs as. The console checks at run time that these stay shut (daemon/src/db/sql-console.ts);
-- on an external server migrated by a non-superuser the REVOKE only warns, and the console then
-- refuses to run.
DO $$
DECLARE
  fn regprocedure;
BEGIN
  FOR fn IN
    SELECT p.oid::regprocedure FROM pg_proc p
     WHERE p.pronamespace = 'pg_catalog'::regnamespace
       AND (p.proname IN ('pg_logical_emit_message', 'pg_notify', 'pg_advisory_lock', 'pg_advisory_lock_shared',
                          'pg_advisory_xact_lock', 'pg_advisory_xact_lock_shared', 'pg_try_advisory_lock',
                          'pg_try_advisory_lock_shared', 'pg_try_advisory_xact_lock',
                          'pg_try_advisory_xact_lock_shared', 'pg_advisory_unlock', 'pg_advisory_unlock_shared',
                          'pg_advisory_unlock_all', 'pg_cancel_backend', 'pg_terminate_backend', 'txid_current',
                          'pg_current_xact_id', 'pg_export_snapshot', 'loread', 'lowrite')
            OR p.proname LIKE 'lo\_%')
  LOOP
    EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', fn);
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO quanttrade_app, %I', fn, current_user);
  END LOOP;
END
$$;
