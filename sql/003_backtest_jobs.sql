-- 003_backtest_jobs: what the backtest service needs on top of 001's tables — run attempts and a
-- liveness heartbeat (crash recovery), booked cash and costs, sweep/walk-forward bookkeeping,
-- the drawdown and benchmark series of the compact equity curve, and guards against duplicates.

-- Runs ---------------------------------------------------------------------------------------
ALTER TABLE backtests
  -- Incremented each time a worker claims the run. The result write is conditional on the
  -- attempt it started with, so a run superseded after its daemon was presumed dead can never
  -- write a second set of results.
  ADD COLUMN attempt        integer NOT NULL DEFAULT 0 CHECK (attempt >= 0),
  -- Written by the worker every second while it runs; a stale heartbeat means the daemon died
  -- (SIGKILL, power loss) and another daemon hands the job back to the queue.
  ADD COLUMN heartbeat_at   timestamptz,
  -- Which daemon runs (or last ran) it: for operators chasing a stuck run.
  ADD COLUMN worker         text,
  ADD COLUMN bars_processed bigint CHECK (bars_processed >= 0),
  -- Booked amounts of a finished run, exact to the paisa.
  ADD COLUMN final_cash     numeric(20, 2),
  ADD COLUMN total_costs    numeric(20, 2),
  -- Sweeps and walk-forward runs: the statistic children are ranked by, and for children their
  -- place in the plan ({"role": "in-sample" | "out-of-sample" | "grid", "fold": 0, "point": 3}).
  ADD COLUMN rank_by        text,
  ADD COLUMN plan           jsonb NOT NULL DEFAULT '{}';

-- The reaper scans running rows by heartbeat; list pages filter by owner and status.
CREATE INDEX backtests_heartbeat ON backtests (heartbeat_at) WHERE status = 'running';
CREATE INDEX backtests_owner_status ON backtests (owner_id, status, queued_at DESC);
CREATE UNIQUE INDEX backtests_job ON backtests (job_id) WHERE job_id IS NOT NULL;

-- A walk-forward fold gets exactly one out-of-sample child, however many coordinators race.
CREATE UNIQUE INDEX backtests_walk_forward_fold ON backtests (parent_id, ((plan ->> 'fold')::int))
  WHERE plan ->> 'role' = 'out-of-sample';

-- Equity ---------------------------------------------------------------------------------------
-- The engine keeps at most a few thousand points; each carries the deepest drawdown inside the
-- span it summarises, so a chart of the compact curve still shows the worst fall.
ALTER TABLE backtest_equity
  ADD COLUMN drawdown  double precision[] NOT NULL DEFAULT '{}',
  ADD COLUMN benchmark double precision[] NOT NULL DEFAULT '{}';

-- Strategies -----------------------------------------------------------------------------------
-- A user's live strategies have distinct names (archived ones may repeat).
CREATE UNIQUE INDEX strategies_owner_name ON strategies (owner_id, lower(name)) WHERE archived_at IS NULL;
