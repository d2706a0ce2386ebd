// Submits a backtest to a running daemon, follows its progress live, and prints the result —
// the typed client (`quanttrade/client`) as a script uses it. Needs an operator's API token
// (`quanttrade user add --email you@example.com --role operator`, then `quanttrade user token
// --email you@example.com --name scripts`) and bars for the symbol in
// the bar store (`quanttrade data ...`; a first start loads the synthetic DEMO* symbols).
//
//   QUANTTRADE_URL=http://127.0.0.1:8080 QUANTTRADE_TOKEN=qtk_... \
//     npx tsx scripts/examples/submit-backtest.ts DEMOBANK 2024-01-01 2024-12-31
import { createClient } from 'quanttrade/client';

const url = process.env.QUANTTRADE_URL ?? 'http://127.0.0.1:8080';
const [symbol = 'DEMOBANK', from = '2024-01-01', to = '2024-12-31'] = process.argv.slice(2);

const qt = createClient({ url, token: process.env.QUANTTRADE_TOKEN });
try {
  const { id } = await qt.api.backtests.submit.mutate({
    template: 'sma-cross',
    params: { fast: 10, slow: 30, size: 10 },
    universe: { symbols: [symbol], timeframe: '1d' },
    from,
    to,
    cash: 1_000_000,
    costs: { model: 'india-delivery' },
  });
  console.log(`backtest ${id} queued`);

  // Progress over the WebSocket subscription: the current state first, then every change.
  const status = await new Promise<string>((resolve, reject) => {
    const sub = qt.api.backtests.progress.subscribe(
      { id },
      {
        onData(event) {
          const speed = event.barsPerSecond
            ? `, ${Math.round(event.barsPerSecond).toLocaleString('en-IN')} bars/s`
            : '';
          console.log(`  ${event.status} ${event.percent.toFixed(0)}%${speed}`);
          if (['succeeded', 'failed', 'cancelled'].includes(event.status)) {
            sub.unsubscribe();
            resolve(event.status);
          }
        },
        onError: reject,
      },
    );
  });

  if (status !== 'succeeded') {
    const { error } = await qt.api.backtests.get.query({ id });
    console.error(`backtest ${id} ${status}: ${error ?? ''}`);
    process.exitCode = 1;
  } else {
    const { backtest, equity, trades } = await qt.api.backtests.results.query({ id, points: 50, limit: 5 });
    const s = backtest.stats as Record<string, number | null>;
    const pct = (x: number | null | undefined) => (x == null ? 'n/a' : `${(100 * x).toFixed(2)} %`);
    console.log(`\nbacktest ${id}: ${symbol} ${from} … ${to}`);
    console.log(`  initial cash   ₹${backtest.initialCash}`);
    console.log(`  final value    ₹${backtest.finalValue}`);
    console.log(`  total return   ${pct(s.totalReturn)}   CAGR ${pct(s.cagr)}`);
    console.log(`  max drawdown   ${pct(s.maxDrawdown)}   Sharpe ${s.sharpe?.toFixed(2) ?? 'n/a'}`);
    console.log(
      `  trades         ${trades!.total}   win rate ${pct(s.winRate)}   costs ₹${backtest.totalCosts}`,
    );
    console.log(`  equity curve   ${equity!.time.length} points`);
    for (const t of trades!.items)
      console.log(`  #${t.seq} ${t.side} ${t.qty} @ ${t.entryPrice} → ${t.exitPrice}  net ₹${t.netPnl}`);
  }
} finally {
  qt.close();
}
