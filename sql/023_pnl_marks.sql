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
