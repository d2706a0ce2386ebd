// The market feed of a link: per-symbol last-tick age, stale symbols first and standing out, with
// the packets and reconnects. Outside market hours ages grow and nothing is marked stale.
import type { Outputs } from '../../api/client';
import { formatNumber } from '../../ui/cell-text';

type Feed = NonNullable<Outputs['broker']['health']['feed']>;

function age(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.floor(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}

export function FeedTable({ feed }: { feed: Feed }) {
  const stale = feed.symbols.filter((s) => s.stale).length;
  const packets = Object.values(feed.packets).reduce((a, b) => a + b, 0);
  return (
    <>
      <dl class="facts">
        <dt>Feed</dt>
        <dd>
          {feed.open ? (
            <span class={stale ? 'bad' : 'ok'}>
              {feed.symbols.length} symbols{stale ? `, ${stale} stale` : ''}
            </span>
          ) : (
            <span class="muted">not opened (no deployment has asked for ticks)</span>
          )}
        </dd>
        <dt>Market</dt>
        <dd>
          {feed.marketOpen
            ? `open: a symbol silent for ${feed.staleAfterSeconds} s is stale`
            : 'closed: ages grow, nothing is marked stale'}
        </dd>
        <dt>Packets</dt>
        <dd>{formatNumber(packets)}</dd>
        <dt>Reconnects</dt>
        <dd>
          feed {feed.reconnects.feed} · order updates {feed.reconnects.orderUpdates}
        </dd>
      </dl>
      {feed.symbols.length > 0 && (
        // Focusable so a keyboard can scroll it sideways on a narrow screen (no controls inside).
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Feed symbols, scrollable">
          <table aria-label="Feed symbols">
            <thead>
              <tr>
                <th scope="col">Symbol</th>
                <th scope="col" class="num">
                  Last tick
                </th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {feed.symbols.map((s) => (
                <tr key={s.symbol} class={s.stale ? 'stale' : undefined}>
                  <td>{s.symbol}</td>
                  <td class="num">{age(s.ageSeconds)} ago</td>
                  <td>
                    {s.stale ? <span class="badge bad">stale</span> : <span class="badge ok">fresh</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
