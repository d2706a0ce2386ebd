// Backtests: the list and the submit form; one backtest's progress and results; several
// backtests' equity curves overlaid.
import { BacktestDetail } from './backtest-detail';
import { BacktestList } from './backtest-list';
import { CompareView } from './compare-view';
import { SubmitForm } from './submit-form';

export function BacktestsPage({ params }: { params: string[] }) {
  if (params[0] === 'compare') {
    const ids = (params[1] ?? '')
      .split(',')
      .map(Number)
      .filter((n) => Number.isInteger(n) && n > 0);
    return <CompareView ids={ids} />;
  }
  const id = Number(params[0]);
  if (Number.isInteger(id) && id > 0) return <BacktestDetail key={id} id={id} />;
  return (
    <>
      <h1>Backtests</h1>
      <div class="split">
        <SubmitForm />
        <BacktestList />
      </div>
    </>
  );
}
