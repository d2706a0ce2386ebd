// Create a (paper) deployment from the console: a saved strategy's latest version with its
// params, symbols and timeframe as the starting point, product, capital, the broker account and
// a risk profile of its own (default: the account's).
// It is created stopped; Start in the list runs it. The daemon checks everything against the
// database (instruments, the strategy's parameter schema, the account) and names each bad field,
// shown under that field. Live deployments are made with the CLI or the API, where their extra
// checks are explained.
import { useState } from 'preact/hooks';
import { api, type Outputs } from '../../api/client';
import { toCallError, type CallError } from '../../api/error-message';
import { serverIssues } from '../../api/field-issues';
import { useApi } from '../../api/use-api';
import { href } from '../../app/router';
import { JsonEditor } from '../../forms/json-editor';
import { splitList, TextField } from '../../forms/text-field';
import { ErrorBox } from '../../ui/error-box';

const TIMEFRAMES = ['1m', '3m', '5m', '15m', '30m', '1h', '1d'] as const;
const PRODUCTS = ['CNC', 'INTRADAY', 'MARGIN'] as const;
type Strategy = Outputs['strategies']['list']['items'][number];

interface Draft {
  name: string;
  params: string;
  symbols: string;
  timeframe: (typeof TIMEFRAMES)[number];
  product: (typeof PRODUCTS)[number];
  capital: string;
}

function draftFrom(s: Strategy | undefined, name: string): Draft {
  const tf = s?.current.universe.timeframe;
  return {
    name,
    params: JSON.stringify(s?.current.params ?? {}, null, 2),
    symbols: (s?.current.universe.symbols ?? []).join(', '),
    timeframe: TIMEFRAMES.find((t) => t === tf) ?? '5m',
    product: 'INTRADAY',
    capital: '100000',
  };
}

function parseParams(text: string): { value?: Record<string, unknown>; error?: string } {
  try {
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value))
      return { value: value as Record<string, unknown> };
    return { error: 'params: expected a JSON object, e.g. {"fast": 10}' };
  } catch (err) {
    return { error: `params: not JSON (${(err as Error).message})` };
  }
}

export function CreateDeployment({ onCreated }: { onCreated: (id: number) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <div>
      <button
        type="button"
        aria-expanded={open}
        aria-controls="create-deployment"
        onClick={() => setOpen(!open)}
      >
        {open ? 'Close the form' : 'New deployment'}
      </button>
      {open && (
        <CreateForm
          onCreated={(id) => {
            setOpen(false);
            onCreated(id);
          }}
        />
      )}
    </div>
  );
}

function CreateForm({ onCreated }: { onCreated: (id: number) => void }) {
  const choices = useApi(
    () =>
      Promise.all([
        api.strategies.list.query({ limit: 200 }),
        api.broker.accounts.query(),
        api.risk.profiles.list.query({ includeArchived: false, limit: 500, offset: 0 }),
      ]),
    [],
  );
  const items = choices.data?.[0].items ?? [];
  const accounts = choices.data?.[1] ?? [];
  const profiles = choices.data?.[2] ?? [];
  const [profileId, setProfileId] = useState<number | null>(null);
  const [strategyId, setStrategyId] = useState<number>();
  const [accountId, setAccountId] = useState<number>();
  const [draft, setDraft] = useState<Draft>();
  const [error, setError] = useState<CallError>();
  const [busy, setBusy] = useState(false);
  const chosen = items.find((s) => s.id === strategyId) ?? items[0];
  const account = accounts.find((a) => a.id === accountId) ?? accounts.find((a) => a.broker === 'paper');
  const form = draft ?? draftFrom(chosen, '');
  const set = (patch: Partial<Draft>) => setDraft({ ...form, ...patch });
  const params = parseParams(form.params);
  const issues = serverIssues(error);
  const fieldError = (path: string) =>
    issues
      .filter((i) => i.path === path)
      .map((i) => i.message)
      .join('; ');

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!chosen || !account || !params.value) return;
    setBusy(true);
    setError(undefined);
    try {
      const created = await api.deployments.create.mutate({
        name: form.name,
        strategyId: chosen.id,
        strategyVersion: chosen.latestVersion,
        params: params.value,
        symbols: splitList(form.symbols),
        timeframe: form.timeframe,
        product: form.product,
        capital: form.capital.trim(),
        brokerAccountId: account.id,
        riskProfileId: profileId,
      });
      onCreated(created.id);
    } catch (err) {
      setError(toCallError(err));
    } finally {
      setBusy(false);
    }
  };

  if (choices.error) return <ErrorBox error={choices.error} />;
  if (!choices.data) return <p class="muted">Loading strategies and accounts…</p>;
  if (items.length === 0)
    return (
      <p>
        No strategies yet: <a href={href('strategies')}>save one from a template</a> first.
      </p>
    );
  if (accounts.length === 0)
    return (
      <p>
        No broker accounts yet: <a href={href('broker')}>add one</a> (a paper account trades on simulated
        fills).
      </p>
    );
  return (
    <form id="create-deployment" onSubmit={(e) => void submit(e)} aria-label="New deployment" noValidate>
      <TextField
        id="deploy-name"
        label="Name"
        value={form.name}
        onInput={(name) => set({ name })}
        path="name"
        issues={issues}
        hint="Unique among your deployments; shown in lists and alerts"
      />
      <div class="field">
        <label for="deploy-strategy">
          <span>Strategy (its latest version)</span>
          <select
            id="deploy-strategy"
            value={chosen?.id}
            onChange={(e) => {
              const s = items.find((x) => x.id === Number(e.currentTarget.value));
              setStrategyId(s?.id);
              setDraft(draftFrom(s, form.name));
            }}
          >
            {items.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} (v{s.latestVersion}, {s.current.template ?? 'code'})
              </option>
            ))}
          </select>
        </label>
      </div>
      <JsonEditor
        id="deploy-params"
        label="Parameters"
        text={form.params}
        onText={(text) => set({ params: text })}
        error={params.error ?? (fieldError('params') || undefined)}
        rows={5}
      />
      <TextField
        id="deploy-symbols"
        label="Symbols"
        value={form.symbols}
        onInput={(symbols) => set({ symbols })}
        path="symbols"
        issues={issues.map((i) => (i.path.startsWith('symbols.') ? { ...i, path: 'symbols' } : i))}
        hint="Comma-separated, e.g. NSE:TCS, NSE:INFY"
      />
      <div class="grid-fields">
        <div class="field">
          <label for="deploy-timeframe">
            <span>Timeframe</span>
            <select
              id="deploy-timeframe"
              value={form.timeframe}
              onChange={(e) => set({ timeframe: e.currentTarget.value as Draft['timeframe'] })}
            >
              {TIMEFRAMES.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          </label>
        </div>
        <div class="field">
          <label for="deploy-product">
            <span>Product</span>
            <select
              id="deploy-product"
              value={form.product}
              onChange={(e) => set({ product: e.currentTarget.value as Draft['product'] })}
            >
              {PRODUCTS.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </label>
        </div>
        <TextField
          id="deploy-capital"
          label="Capital (₹)"
          value={form.capital}
          onInput={(capital) => set({ capital })}
          path="capital"
          issues={issues}
        />
        <div class="field">
          <label for="deploy-account">
            <span>Broker account</span>
            <select
              id="deploy-account"
              value={account?.id}
              onChange={(e) => setAccountId(Number(e.currentTarget.value))}
            >
              {accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.label} ({a.broker})
                </option>
              ))}
            </select>
          </label>
        </div>
        <div class="field">
          <label for="deploy-risk">
            <span>Risk profile</span>
            <select
              id="deploy-risk"
              value={profileId ?? ''}
              onChange={(e) => setProfileId(e.currentTarget.value ? Number(e.currentTarget.value) : null)}
            >
              <option value="">the account's (none of its own)</option>
              {profiles.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
      <ErrorBox error={error && issues.length === 0 ? error : undefined} />
      <button type="submit" disabled={busy || !params.value}>
        {busy ? 'Creating…' : 'Create (stopped)'}
      </button>
    </form>
  );
}
