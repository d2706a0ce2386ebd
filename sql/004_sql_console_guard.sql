-- 004_sql_console_guard: make quanttrade_readonly a role that cannot leave itself.
--
-- The console's SQL console (daemon/src/db/sql-console.ts) runs each statement in a READ ONLY
-- transaction after SET LOCAL ROLE quanttrade_readonly. PostgreSQL checks SET ROLE and
-- SET SESSION AUTHORIZATION against the *session* user, which is the daemon's own privileged
-- login, so a statement that could run SET by itself would switch straight back to it, read the
-- secrets 001 withholds (password hashes, settings) or call superuser-only functions. Two doors
-- let a single statement do that, and both are closed here:
--   * set_config('role', ...) / set_config('session_authorization', ...) inside a SELECT;
--   * SET ROLE inside a DO block (plpgsql's inline handler).
-- Both are granted back to the roles our own code runs as. Functions already written in plpgsql
-- keep working: calling a function needs no USAGE on its language, only creating one does.
-- The console checks at run time that these doors are still shut and refuses to run otherwise
-- (a non-superuser migrating an external database cannot revoke them: REVOKE then only warns).
REVOKE EXECUTE ON FUNCTION pg_catalog.set_config(text, text, boolean) FROM PUBLIC;
REVOKE USAGE ON LANGUAGE plpgsql FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pg_catalog.set_config(text, text, boolean) TO quanttrade_app;

DO $$
BEGIN
  EXECUTE format('GRANT EXECUTE ON FUNCTION pg_catalog.set_config(text, text, boolean) TO %I', current_user);
  EXECUTE format('GRANT USAGE ON LANGUAGE plpgsql TO %I', current_user);
END
$$;
