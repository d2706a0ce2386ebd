// Submit a backtest of a saved strategy over a date range — or a sweep of two of its parameters,
// whose results show as a heatmap.
import { useState } from 'preact/hooks';
import { toCallError, type CallError } from '../../api/error-message';
import { serverIssues } from '../../api/field-issues';
import { hasRole, useSession } from '../../api/session';
import { useApi } from '../../api/use-api';
import { href, navigate } from '../../app/router';
import type { FieldIssue } from '../../forms/schema-validate';
import { TextField } from '../../forms/text-field';
import { ErrorBox } from '../../ui/error-box';
import { api, type Inputs } from '../../api/client';
import { checkAxes, SweepFields, sweepGrid, type SweepAxis } from './sweep-fields';

type RankBy = NonNullable<Inputs['backtests']['sweep']['rankBy']>;
const RANK_BY: RankBy[] = [
  'sharpe',
  'sortino',
  'calmar',
  'totalReturn',
  'cagr',
  'profitFactor',
  'winRate',
  'maxDrawdown',
];

function checkForm(from: string, to: string, cash: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const date = /^\d{4}-\d{2}-\d{2}$/;
  if (!date.test(from))
    issues.push({ path: 'from', message: `from: got ${JSON.stringify(from)}, expected a date YYYY-MM-DD` });
  if (!date.test(to))
    issues.push({ path: 'to', message: `to: got ${JSON.stringify(to)}, expected a date YYYY-MM-DD` });
  if (date.test(from) && date.test(to) && from > to)
    issues.push({ path: 'to', message: `to: got "${to}", expected a date on or after ${from}` });
  if (!(Number(cash) > 0))
    issues.push({
      path: 'cash',
      message: `cash: got ${JSON.stringify(cash)}, expected a positive number of rupees`,
    });
  return issues;
}

/** Walk-forward folds: whole numbers of bars, at least 2 to train on and 1 to test. */
export function checkFolds(train: string, test: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const t = Number(train);
  const o = Number(test);
  if (!(Number.isInteger(t) && t >= 2))
    issues.push({
      path: 'train',
      message: `train: got ${JSON.stringify(train)}, expected a whole number of bars ≥ 2`,
    });
  if (!(Number.isInteger(o) && o >= 1))
    issues.push({
      path: 'test',
      message: `test: got ${JSON.stringify(test)}, expected a whole number of bars ≥ 1`,
    });
  return issues;
}

export function SubmitForm() {
  const session = useSession();
  const strategies = useApi(() => api.strategies.list.query({ limit: 100 }), []);
  const [strategyId, setStrategyId] = useState<number>();
  const [from, setFrom] = useState('2024-01-01');
  const [to, setTo] = useState('2024-12-31');
  const [cash, setCash] = useState('1000000');
  const [mode, setMode] = useState<'single' | 'sweep' | 'walk-forward'>('single');
  const sweep = mode !== 'single';
  const [train, setTrain] = useState('250');
  const [test, setTest] = useState('60');
  const [axes, setAxes] = useState<[SweepAxis, SweepAxis]>([
    { name: '', values: '' },
    { name: '', values: '' },
  ]);
  const [rankBy, setRankBy] = useState<RankBy>('sharpe');
  const [error, setError] = useState<CallError>();
  const [busy, setBusy] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const items = strategies.data?.items ?? [];
  const chosen = items.find((s) => s.id === strategyId) ?? items[0];
  const local = [
    ...checkForm(from, to, cash),
    ...(sweep ? checkAxes(axes) : []),
    ...(mode === 'walk-forward' ? checkFolds(train, test) : []),
  ];
  // Date and cash problems show at once; an unfinished sweep only after trying to run it.
  const issues = [
    ...local.filter((i) => submitted || !/^(grid|sweep)\.|^(train|test)$/.test(i.path)),
    ...serverIssues(error),
  ];
  if (!hasRole(session, 'operator'))
    return <p class="panel muted">Viewers can follow backtests but not submit them.</p>;

  const submit = async (event: Event) => {
    event.preventDefault();
    setSubmitted(true);
    if (!chosen || local.length > 0) return;
    setBusy(true);
    setError(undefined);
    const run = { strategyId: chosen.id, from, to, cash: Number(cash) };
    try {
      const created =
        mode === 'walk-forward'
          ? await api.backtests.walkForward.mutate({
              ...run,
              grid: sweepGrid(axes),
              rankBy,
              train: Number(train),
              test: Number(test),
            })
          : mode === 'sweep'
            ? await api.backtests.sweep.mutate({ ...run, grid: sweepGrid(axes), rankBy })
            : await api.backtests.submit.mutate(run);
      navigate('backtests', created.id);
    } catch (err) {
      setError(toCallError(err));
      setBusy(false);
    }
  };

  return (
    <form class="panel" onSubmit={submit} aria-labelledby="submit-title" noValidate>
      <h2 id="submit-title">Run a backtest</h2>
      {strategies.data && items.length === 0 ? (
        <p>
          No strategies yet: <a href={href('strategies')}>create one from a template</a>.
        </p>
      ) : (
        <div class="field">
          <label for="run-strategy">
            <span>Strategy</span>
            <select
              id="run-strategy"
              value={chosen?.id}
              onChange={(e) => setStrategyId(Number(e.currentTarget.value))}
            >
              {items.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} (v{s.latestVersion}, {s.current.template}, {s.current.universe.symbols.join(' ')}{' '}
                  {s.current.universe.timeframe})
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      <TextField
        id="run-from"
        label="From"
        type="date"
        value={from}
        onInput={setFrom}
        path="from"
        issues={issues}
      />
      <TextField
        id="run-to"
        label="To (inclusive)"
        type="date"
        value={to}
        onInput={setTo}
        path="to"
        issues={issues}
      />
      <TextField
        id="run-cash"
        label="Initial cash (₹)"
        value={cash}
        onInput={setCash}
        path="cash"
        issues={issues}
      />
      <div class="field">
        <label for="run-mode">
          <span>Kind of run</span>
          <select
            id="run-mode"
            value={mode}
            onChange={(e) => setMode(e.currentTarget.value as 'single' | 'sweep' | 'walk-forward')}
          >
            <option value="single">One backtest</option>
            <option value="sweep">Sweep two parameters</option>
            <option value="walk-forward">Walk-forward (optimise in sample, trade out of sample)</option>
          </select>
        </label>
      </div>
      {mode === 'walk-forward' && (
        <fieldset class="field">
          <legend>Folds</legend>
          <TextField
            id="run-train"
            label="Train: bars optimised on"
            value={train}
            onInput={setTrain}
            path="train"
            issues={issues}
          />
          <TextField
            id="run-test"
            label="Test: bars traded with the best parameters"
            value={test}
            onInput={setTest}
            path="test"
            issues={issues}
          />
        </fieldset>
      )}
      {sweep && chosen && (
        <SweepFields
          params={Object.keys(chosen.current.params)}
          axes={axes}
          onAxes={setAxes}
          rankBy={rankBy}
          rankOptions={RANK_BY}
          onRankBy={(r) => setRankBy(r as RankBy)}
          issues={issues}
        />
      )}
      <ErrorBox error={error} />
      <button class="primary" type="submit" disabled={busy || !chosen}>
        {busy
          ? 'Submitting…'
          : mode === 'walk-forward'
            ? 'Run walk-forward'
            : sweep
              ? 'Run sweep'
              : 'Run backtest'}
      </button>
    </form>
  );
}
