// One symbol and timeframe: the calendar strip of stored days over a chosen range (the year up
// to the last bar by default) and the quality report.
import { useState } from 'preact/hooks';
import { api } from '../../api/client';
import { useApi } from '../../api/use-api';
import { ErrorBox } from '../../ui/error-box';
import { CalendarStrip } from './calendar-strip';
import { QualityPanel } from './quality-panel';

export function SymbolDetail({ symbol, timeframe }: { symbol: string; timeframe: string }) {
  const [range, setRange] = useState<{ from?: string; to?: string }>({});
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const strip = useApi(
    () => api.market.calendar.query({ symbol, timeframe, ...range }),
    [symbol, timeframe, range.from, range.to],
  );
  const quality = useApi(() => api.market.quality.query({ symbol, timeframe }), [symbol, timeframe]);
  const apply = (event: Event) => {
    event.preventDefault();
    setRange({ from: from || undefined, to: to || undefined });
  };
  return (
    <>
      <section class="panel" aria-labelledby="strip-title">
        <h2 id="strip-title">
          {symbol} {timeframe}: stored days
          {strip.data && (
            <span class="muted">
              {' '}
              {strip.data.from} to {strip.data.to}
            </span>
          )}
        </h2>
        <form class="filters" onSubmit={apply} aria-label="Range of the calendar">
          <label for="strip-from">
            From
            <input id="strip-from" type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
          </label>
          <label for="strip-to">
            To
            <input id="strip-to" type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
          </label>
          <button type="submit">Show</button>
        </form>
        <ErrorBox error={strip.error} />
        {strip.data && <CalendarStrip days={strip.data.days} label={`${symbol} ${timeframe} stored days`} />}
      </section>
      <ErrorBox error={quality.error} />
      {quality.data && <QualityPanel report={quality.data} />}
    </>
  );
}
