-- 006_foreign_key_indexes: an index leading with the columns of every foreign key.
--
-- Without one, deleting or re-keying a referenced row (a user, a signal, a strategy version, a
-- broker account) scans the whole referencing table while holding its lock, and per-owner or
-- per-instrument reads from the parent side cannot use an index. test/db/schema-indexes.test.ts
-- keeps it so for every later migration.
CREATE INDEX audit_log_actor ON audit_log (actor_user_id);
CREATE INDEX backtest_equity_owner ON backtest_equity (owner_id);
CREATE INDEX backtest_trades_owner ON backtest_trades (owner_id);
CREATE INDEX deployments_broker_account ON deployments (broker_account_id);
CREATE INDEX deployments_risk_profile ON deployments (risk_profile_id);
CREATE INDEX deployments_strategy_version ON deployments (strategy_id, strategy_version);
CREATE INDEX fills_owner ON fills (owner_id);
CREATE INDEX market_ingests_created_by ON market_ingests (created_by);
CREATE INDEX orders_broker_account ON orders (broker_account_id);
CREATE INDEX orders_instrument ON orders (instrument_id);
CREATE INDEX positions_broker_account ON positions (broker_account_id);
CREATE INDEX positions_instrument ON positions (instrument_id);
CREATE INDEX positions_owner ON positions (owner_id);
CREATE INDEX risk_violations_owner ON risk_violations (owner_id);
CREATE INDEX risk_violations_signal ON risk_violations (signal_id);
CREATE INDEX signals_instrument ON signals (instrument_id);
CREATE INDEX signals_owner ON signals (owner_id);
CREATE INDEX strategy_versions_owner ON strategy_versions (owner_id);
