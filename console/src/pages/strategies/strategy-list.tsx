import type { Outputs } from '../../api/client';
import { href } from '../../app/router';

type Strategy = Outputs['strategies']['list']['items'][number];

export function StrategyList({
  strategies,
  selected,
}: {
  strategies: Strategy[];
  selected: number | undefined;
}) {
  return (
    <section class="panel" aria-labelledby="strategies-title">
      <h2 id="strategies-title">Your strategies</h2>
      {strategies.length === 0 ? (
        <p class="muted">None yet.</p>
      ) : (
        <ul class="proc-list">
          {strategies.map((s) => (
            <li key={s.id}>
              <a href={href('strategies', s.id)} aria-current={s.id === selected ? 'page' : undefined}>
                {s.name}
              </a>{' '}
              <span class="muted">
                {s.current.template ?? `code: ${s.current.code?.name ?? ''}`} · v{s.latestVersion} ·{' '}
                {s.current.universe.symbols.join(', ')}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
