-- 005_backtest_equity_storage: store the equity curves uncompressed.
--
-- Each backtest writes four arrays of up to a few thousand float8 (backtest_equity, 003): past
-- the TOAST threshold, PostgreSQL tries pglz on every one, which measured as half the cost of a
-- small backtest's whole result write, and saves next to nothing on random-looking floats.
-- EXTERNAL keeps them out of line, as before, but never compressed.
ALTER TABLE backtest_equity
  ALTER COLUMN ts SET STORAGE EXTERNAL,
  ALTER COLUMN equity SET STORAGE EXTERNAL,
  ALTER COLUMN drawdown SET STORAGE EXTERNAL,
  ALTER COLUMN benchmark SET STORAGE EXTERNAL;
