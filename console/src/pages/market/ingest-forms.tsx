// Bring bars in: upload a CSV (read in the browser, sent as text, imported by a data.ingest job)
// or fetch from Yahoo Finance or Dhan. Each queues a job whose progress shows in the list below.
import { useState } from 'preact/hooks';
import { api } from '../../api/client';
import { toCallError, type CallError } from '../../api/error-message';
import { serverIssues } from '../../api/field-issues';
import type { FieldIssue } from '../../forms/schema-validate';
import { TextField } from '../../forms/text-field';
import { ErrorBox } from '../../ui/error-box';

/** market.import takes the file as text; larger files go through `quanttrade data import`. */
export const MAX_UPLOAD_BYTES = 4 * 1024 * 1024;

export function checkUpload(symbol: string, file: { name: string; size: number } | undefined): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!symbol.trim())
    issues.push({ path: 'symbol', message: 'symbol: got nothing, expected a symbol such as TCS' });
  if (!file) issues.push({ path: 'file', message: 'file: got nothing, expected a CSV file' });
  else if (file.size > MAX_UPLOAD_BYTES)
    issues.push({
      path: 'file',
      message: `file: got ${file.name} of ${(file.size / 2 ** 20).toFixed(1)} MB, expected at most 4 MB (use \`quanttrade data import\` for larger files)`,
    });
  return issues;
}

export function CsvUploadForm({ onQueued }: { onQueued: (ingestId: number) => void }) {
  const [symbol, setSymbol] = useState('');
  const [timeframe, setTimeframe] = useState('');
  const [timezone, setTimezone] = useState<'IST' | 'UTC'>('IST');
  const [file, setFile] = useState<File>();
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<CallError>();
  const [busy, setBusy] = useState(false);
  const local = checkUpload(symbol, file);
  const issues = [
    ...(tried ? local : local.filter((i) => i.path === 'file' && file)),
    ...serverIssues(error),
  ];
  const submit = async (event: Event) => {
    event.preventDefault();
    setTried(true);
    if (local.length > 0) return;
    setBusy(true);
    setError(undefined);
    try {
      const csv = await file!.text();
      const queued = await api.market.import.mutate({
        symbol: symbol.trim(),
        csv,
        timeframe: timeframe.trim() || undefined,
        timezone,
      });
      onQueued(queued.ingestId);
      setTried(false);
    } catch (err) {
      setError(toCallError(err));
    } finally {
      setBusy(false);
    }
  };
  const fileIssues = issues.filter((i) => i.path === 'file');
  return (
    <form class="panel" onSubmit={submit} aria-labelledby="upload-title" noValidate>
      <h2 id="upload-title">Upload a CSV</h2>
      <p class="hint">
        Date, open, high, low, close, volume columns (names and date formats are recognised); all rows or none
        are stored, and bad rows are listed by line.
      </p>
      <TextField
        id="upload-symbol"
        label="Symbol"
        value={symbol}
        onInput={setSymbol}
        path="symbol"
        issues={issues}
      />
      <TextField
        id="upload-timeframe"
        label="Timeframe (empty: inferred)"
        placeholder="1d, 5m, 1m"
        value={timeframe}
        onInput={setTimeframe}
        path="timeframe"
        issues={issues}
      />
      <div class="field">
        <label for="upload-timezone">
          Times in the file are
          <select
            id="upload-timezone"
            value={timezone}
            onChange={(e) => setTimezone(e.currentTarget.value as 'IST' | 'UTC')}
          >
            <option value="IST">IST</option>
            <option value="UTC">UTC</option>
          </select>
        </label>
      </div>
      <div class="field">
        <label for="upload-file">
          CSV file (at most 4 MB)
          <input
            id="upload-file"
            type="file"
            accept=".csv,text/csv"
            aria-invalid={fileIssues.length > 0}
            aria-describedby={fileIssues.length ? 'upload-file-error' : undefined}
            onChange={(e) => setFile(e.currentTarget.files?.[0])}
          />
        </label>
        {fileIssues.length > 0 && (
          <div id="upload-file-error" class="field-error" role="alert">
            {fileIssues.map((i) => i.message).join('; ')}
          </div>
        )}
      </div>
      {error && error.issues.length === 0 && <ErrorBox error={error} />}
      <button type="submit" class="primary" disabled={busy}>
        {busy ? 'Uploading…' : 'Import CSV'}
      </button>
    </form>
  );
}

export function FetchForm({ onQueued }: { onQueued: (ingestId: number) => void }) {
  const [source, setSource] = useState<'yahoo' | 'dhan'>('yahoo');
  const [symbol, setSymbol] = useState('');
  const [timeframe, setTimeframe] = useState('1d');
  const [from, setFrom] = useState('2024-01-01');
  const [to, setTo] = useState('2024-12-31');
  const [error, setError] = useState<CallError>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const queued = await api.market.fetch.mutate({ source, symbol: symbol.trim(), timeframe, from, to });
      onQueued(queued.ingestId);
    } catch (err) {
      setError(toCallError(err));
    } finally {
      setBusy(false);
    }
  };
  const issues = serverIssues(error);
  return (
    <form class="panel" onSubmit={submit} aria-labelledby="fetch-title" noValidate>
      <h2 id="fetch-title">Fetch from a data source</h2>
      <div class="field">
        <label for="fetch-source">
          Source
          <select
            id="fetch-source"
            value={source}
            onChange={(e) => setSource(e.currentTarget.value as 'yahoo' | 'dhan')}
          >
            <option value="yahoo">Yahoo Finance</option>
            <option value="dhan">Dhan (needs the access token configured)</option>
          </select>
        </label>
      </div>
      <TextField
        id="fetch-symbol"
        label="Symbol"
        value={symbol}
        onInput={setSymbol}
        path="symbol"
        issues={issues}
      />
      <TextField
        id="fetch-timeframe"
        label="Timeframe"
        value={timeframe}
        onInput={setTimeframe}
        path="timeframe"
        issues={issues}
      />
      <TextField
        id="fetch-from"
        label="From"
        type="date"
        value={from}
        onInput={setFrom}
        path="from"
        issues={issues}
      />
      <TextField id="fetch-to" label="To" type="date" value={to} onInput={setTo} path="to" issues={issues} />
      {error && error.issues.length === 0 && <ErrorBox error={error} />}
      <button type="submit" class="primary" disabled={busy || !symbol.trim()}>
        {busy ? 'Queueing…' : 'Fetch bars'}
      </button>
    </form>
  );
}
