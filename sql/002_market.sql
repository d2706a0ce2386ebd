-- 002_market: what the bar store holds, and market-data ingest jobs.

-- One row per (instrument, timeframe) with bars: first/last bar time and the count, kept exact
-- by every write in the same transaction as the bars (counting a 10M-row table on each
-- `data list` or instrument search would take seconds).
CREATE TABLE bar_coverage (
  instrument_id bigint NOT NULL REFERENCES instruments (id) ON DELETE CASCADE,
  timeframe     text NOT NULL CHECK (timeframe ~ '^[0-9]+[mhd]$'),
  first_ts      timestamptz NOT NULL,
  last_ts       timestamptz NOT NULL,
  bar_count     bigint NOT NULL CHECK (bar_count > 0),
  -- Where the latest write came from: 'csv', 'yahoo', 'dhan', 'synthetic', ...
  source        text NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instrument_id, timeframe),
  CHECK (first_ts <= last_ts)
);

-- A data.ingest job as users see it: what was asked, how far it got, and how it ended.
-- The pg-boss job carries the id; progress is written here and published on the event bus.
CREATE TABLE market_ingests (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind          text NOT NULL CHECK (kind IN ('csv', 'yahoo', 'dhan', 'synthetic', 'instruments')),
  -- The request (symbol, timeframe, dates, file name ...), as validated by the API.
  request       jsonb NOT NULL,
  status        text NOT NULL DEFAULT 'queued'
                CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
  -- 0..1
  progress      real NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
  bars_written  bigint NOT NULL DEFAULT 0,
  -- On failure: the message and, for bad files, the first bad lines ({line, reason}).
  error         text,
  error_details jsonb,
  job_id        text,
  created_by    bigint REFERENCES users (id) ON DELETE SET NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX market_ingests_recent ON market_ingests (created_at DESC);
CREATE TRIGGER market_ingests_touch BEFORE UPDATE ON market_ingests FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- Market data is shared by every user: readable by the app and the read-only console roles.
GRANT SELECT ON bar_coverage, market_ingests TO quanttrade_app, quanttrade_readonly;

-- Bulk loads: a foreign key fires one trigger query per inserted row, which made a 1M-bar COPY
-- several times slower than the copy itself. The bar writer instead checks (and KEY SHARE-locks)
-- the instrument once per write, in the same transaction, which gives the same guarantee; the
-- cascade on instrument deletion is kept by a statement-level trigger.
ALTER TABLE bars DROP CONSTRAINT bars_instrument_id_fkey;

CREATE FUNCTION delete_instrument_bars() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  DELETE FROM bars b USING deleted_instruments d WHERE b.instrument_id = d.id;
  RETURN NULL;
END
$$;

CREATE TRIGGER instruments_delete_bars AFTER DELETE ON instruments
  REFERENCING OLD TABLE AS deleted_instruments
  FOR EACH STATEMENT EXECUTE FUNCTION delete_instrument_bars();
