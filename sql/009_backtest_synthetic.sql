-- 009_backtest_synthetic: a backtest remembers whether it ran on synthetic (generated) bars.
--
-- The list and the console mark such runs, as the README promises ("marked synthetic
-- everywhere"). Set at submit from the universe's instruments (synthetic instruments never hold
-- real bars: the bar store refuses to mix them); children take their parent's.
ALTER TABLE backtests ADD COLUMN synthetic boolean NOT NULL DEFAULT false;

-- Runs submitted before: a universe naming a synthetic instrument (as typed: TCS, NSE:TCS, TCS.NS).
UPDATE backtests b SET synthetic = true
 WHERE EXISTS (
   SELECT 1
     FROM jsonb_array_elements_text(coalesce(b.spec -> 'symbols', b.spec -> 'base' -> 'symbols')) AS s(name)
     JOIN instruments i
       ON i.synthetic
      AND i.symbol = upper(regexp_replace(regexp_replace(s.name, '^(NSE|BSE):', '', 'i'), '\.(NS|BO)$', '', 'i'))
 );
