export function BacktestsPage() {
  return <h1>Backtests</h1>;
}
