// Position sizing (risk.calculator): the quantity a risk per trade allows, from a stop price or
// an ATR multiple, rounded to lots and capped by value and funds. The daemon does the sizing (the
// same code the strategies use); the form checks only that the figures are numbers.
import { useState } from 'preact/hooks';
import { api, type Outputs } from '../../api/client';
import { toCallError, type CallError } from '../../api/error-message';
import { serverIssues } from '../../api/field-issues';
import type { FieldIssue } from '../../forms/schema-validate';
import { TextField } from '../../forms/text-field';
import { formatNumber, formatRupees } from '../../ui/cell-text';
import { ErrorBox } from '../../ui/error-box';

type Sizing = Outputs['risk']['calculator'];

const FIELDS = [
  { key: 'capital', label: 'Capital (₹)', required: true },
  { key: 'riskPercent', label: 'Risk per trade (% of capital)' },
  { key: 'entryPrice', label: 'Entry price (₹)', required: true },
  { key: 'stopPrice', label: 'Stop price (₹)' },
  { key: 'atr', label: 'ATR (₹; instead of a stop)' },
  { key: 'atrMultiple', label: 'ATR multiple' },
  { key: 'lotSize', label: 'Lot size' },
  { key: 'maxPositionValue', label: 'Largest position value (₹)' },
] as const;

type Key = (typeof FIELDS)[number]['key'];

export function SizingCalculator() {
  const [side, setSide] = useState<'buy' | 'sell'>('buy');
  const [values, setValues] = useState<Record<Key, string>>({
    capital: '1000000',
    riskPercent: '1',
    entryPrice: '',
    stopPrice: '',
    atr: '',
    atrMultiple: '',
    lotSize: '1',
    maxPositionValue: '',
  });
  const [result, setResult] = useState<Sizing>();
  const [local, setLocal] = useState<FieldIssue[]>([]);
  const [error, setError] = useState<CallError>();
  const submit = async (event: Event) => {
    event.preventDefault();
    const issues: FieldIssue[] = [];
    const input: Record<string, number | string> = { side };
    for (const f of FIELDS) {
      const text = values[f.key].trim();
      if (text === '') {
        if ('required' in f) issues.push({ path: f.key, message: `${f.key}: expected a number` });
        continue;
      }
      const n = Number(text);
      if (!Number.isFinite(n) || n <= 0)
        issues.push({
          path: f.key,
          message: `${f.key}: got ${JSON.stringify(text)}, expected a number above 0`,
        });
      else input[f.key] = n;
    }
    if (!input.stopPrice && !input.atr)
      issues.push({ path: 'stopPrice', message: 'stopPrice: give a stop price or an ATR' });
    setLocal(issues);
    setResult(undefined);
    setError(undefined);
    if (issues.length > 0) return;
    try {
      setResult(await api.risk.calculator.query(input as Parameters<typeof api.risk.calculator.query>[0]));
    } catch (err) {
      setError(toCallError(err));
    }
  };
  const issues = [...local, ...serverIssues(error)];
  return (
    <form onSubmit={submit} aria-label="Position size" noValidate>
      <fieldset class="field row">
        <legend>Side</legend>
        {(['buy', 'sell'] as const).map((s) => (
          <label key={s} class="inline" for={`size-side-${s}`}>
            <input
              id={`size-side-${s}`}
              type="radio"
              name="size-side"
              checked={side === s}
              onChange={() => setSide(s)}
            />
            {s === 'buy' ? 'Buy' : 'Sell short'}
          </label>
        ))}
      </fieldset>
      <div class="grid-fields">
        {FIELDS.map((f) => (
          <TextField
            key={f.key}
            id={`size-${f.key}`}
            label={f.label}
            value={values[f.key]}
            onInput={(v) => setValues({ ...values, [f.key]: v })}
            path={f.key}
            issues={issues}
          />
        ))}
      </div>
      {error && error.issues.length === 0 && <ErrorBox error={error} />}
      <button type="submit" class="primary">
        Size the position
      </button>
      {result && (
        <dl class="facts" aria-label="Sizing result" data-testid="sizing-result">
          <dt>Quantity</dt>
          <dd class="big">
            {formatNumber(result.qty)}
            {result.lots !== result.qty && <span class="muted"> ({formatNumber(result.lots)} lots)</span>}
          </dd>
          <dt>Stop</dt>
          <dd>
            {formatRupees(result.stopPrice)} ({formatRupees(result.stopDistance)} away)
          </dd>
          <dt>Risk at the stop</dt>
          <dd>
            {formatRupees(result.riskAtStop)} of a budget of {formatRupees(result.riskBudget)}
          </dd>
          <dt>Position value</dt>
          <dd>{formatRupees(result.positionValue)}</dd>
          <dt>Margin needed</dt>
          <dd>{formatRupees(result.marginNeeded)}</dd>
          <dt>Limited by</dt>
          <dd>{result.limitedBy.replaceAll('_', ' ')}</dd>
        </dl>
      )}
    </form>
  );
}
