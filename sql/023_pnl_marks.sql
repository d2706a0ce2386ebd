-- 023_pnl_marks: a deployment's P&L through the day, stored as it moves, so the console draws
-- the intraday P&L curve from the session's start (not from when a page was opened) and the
-- deployment list can show the last bar a deployment saw. The runner writes one row per bar
-- step of each deployment it holds, after marking its positions at the bar's close: the
-- figures are the positions' own numeric sums at that moment (trading/ledger/pnl-marks.ts).
CREATE TABLE deployment_pnl_marks (
  deployment_id  bigint NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
  owner_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- When the mark was taken, on the runner's clock (the bar's end as the runner saw it).
  at             timestamptz NOT NULL,
  -- The start of the bar (of the deployment's timeframe) the mark follows.
  bar_time       timestamptz NOT NULL,
  -- The IST trading date of `at`: the day the day_pnl describes.
  day            date NOT NULL,
  realised_pnl   numeric(20, 2) NOT NULL,
  unrealised_pnl numeric(20, 2) NOT NULL,
  -- Gross day P&L of the positions rolled to `day` (as the EOD report sums it).
  day_pnl        numeric(20, 2) NOT NULL,
  costs          numeric(24, 2) NOT NULL,
  -- realised + unrealised − costs, as trading.summary's net P&L.
  net_pnl        numeric(24, 2) NOT NULL,
  PRIMARY KEY (deployment_id, at)
);
CREATE INDEX deployment_pnl_marks_owner ON deployment_pnl_marks (owner_id);
CREATE INDEX deployment_pnl_marks_day ON deployment_pnl_marks (deployment_id, day);

-- Written by the trader daemon (the owning role); API requests read their own under RLS.
GRANT SELECT ON deployment_pnl_marks TO quanttrade_app, quanttrade_readonly;
ALTER TABLE deployment_pnl_marks ENABLE ROW LEVEL SECURITY;
CREATE POLICY owner_or_admin ON deployment_pnl_marks USING (owner_id = app_user_id() OR app_is_admin())
  WITH CHECK (owner_id = app_user_id() OR app_is_admin());

-- Trading events the notifications owe a channel (notifications/event-catalogue.ts,
-- docs/notifications.md) that nothing announced: an order rejected, a deployment in error, an
-- end-of-day report saved. Sent by the database at commit, whoever wrote the row (the runner,
-- the CLI, recovery), on the bus' channel like the ledger's own events (sql/018).
CREATE FUNCTION trading_order_rejected_notify() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  PERFORM risk_notify_event('trading.order_rejected', NEW.owner_id,
    jsonb_build_object(
      'orderId', NEW.id, 'deploymentId', NEW.deployment_id, 'brokerAccountId', NEW.broker_account_id,
      'clientOrderId', NEW.client_order_id,
      'symbol', (SELECT exchange || ':' || symbol FROM instruments WHERE id = NEW.instrument_id),
      'side', NEW.side, 'qty', NEW.qty, 'reason', NEW.reason));
  RETURN NULL;
END
$$;
CREATE TRIGGER orders_rejected_notify_insert AFTER INSERT ON orders
  FOR EACH ROW WHEN (NEW.status = 'rejected') EXECUTE FUNCTION trading_order_rejected_notify();
CREATE TRIGGER orders_rejected_notify_update AFTER UPDATE OF status ON orders
  FOR EACH ROW WHEN (NEW.status = 'rejected' AND OLD.status IS DISTINCT FROM 'rejected')
  EXECUTE FUNCTION trading_order_rejected_notify();

CREATE FUNCTION trading_deployment_error_notify() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE d record;
BEGIN
  SELECT name, error INTO d FROM deployments WHERE id = NEW.deployment_id;
  PERFORM risk_notify_event('trading.deployment_error', NEW.owner_id,
    jsonb_build_object('deploymentId', NEW.deployment_id, 'name', d.name,
                       'error', coalesce(d.error, NEW.reason), 'actor', NEW.actor));
  RETURN NULL;
END
$$;
CREATE TRIGGER deployment_events_error_notify AFTER INSERT ON deployment_events
  FOR EACH ROW WHEN (NEW.to_status = 'error') EXECUTE FUNCTION trading_deployment_error_notify();

CREATE FUNCTION trading_eod_report_notify() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  PERFORM risk_notify_event('trading.eod_report', NEW.owner_id,
    jsonb_build_object(
      'deploymentId', NEW.deployment_id, 'tradingDate', NEW.trading_date::text,
      'netPnl', NEW.report #>> '{pnl,net}', 'dayPnl', NEW.report #>> '{pnl,dayPnl}',
      'trades', coalesce(jsonb_array_length(NEW.report -> 'trades'), 0)));
  RETURN NULL;
END
$$;
CREATE TRIGGER eod_reports_notify AFTER INSERT OR UPDATE ON eod_reports
  FOR EACH ROW EXECUTE FUNCTION trading_eod_report_notify();
