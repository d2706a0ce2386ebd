-- 016_first_start_marker: the daemon's first start on a database, recorded, so that it happens
-- once whoever migrated the database. It used to mean "this start applied the first migration",
-- so a database migrated beforehand (`quanttrade migrate`, or a `user add` before the first
-- start) never had one and got no demo data. Now the first daemon to start claims the setting
-- first_daemon_start (cli/prepare-database.ts, db/settings-store.ts).
--
-- A database some daemon has already run on has had its first start. pg-boss creates its schema
-- when a daemon starts, never in `quanttrade migrate` or any other command, so its presence says so.
INSERT INTO settings (key, value)
SELECT 'first_daemon_start', jsonb_build_object('at', now(), 'by', 'migration 016 (a daemon had run before)')
WHERE EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'pgboss')
ON CONFLICT (key) DO NOTHING;
