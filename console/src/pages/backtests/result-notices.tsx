// What an operator must read before a backtest's figures: synthetic data, the result's warnings
// (rejected orders, a sample too short for its ratios) and the cost model that charged the run.
import type { Outputs } from '../../api/client';

type Backtest = Outputs['backtests']['get'];

const COST_MODELS: Record<string, string> = {
  india: "Indian charges for each instrument's segment (equity at the run's product, F&O at F&O rates)",
  none: 'no costs',
  'india-delivery': 'Indian charges at equity delivery rates',
  'india-intraday': 'Indian charges at equity intraday rates',
  'india-futures': 'Indian charges at futures rates',
  'india-options': 'Indian charges at options rates',
};

/** `india`, `percent:0.001`, `flat:20` … as words. */
export function costModelText(name: unknown): string {
  if (typeof name !== 'string') return 'unknown';
  if (name.startsWith('percent:')) return `${name}: ${Number(name.slice(8)) * 100}% of each fill`;
  if (name.startsWith('flat:')) return `${name}: ₹${name.slice(5)} per fill`;
  return COST_MODELS[name] ? `${name}: ${COST_MODELS[name]}` : name;
}

export function ResultNotices({ backtest }: { backtest: Backtest }) {
  const warnings = Array.isArray(backtest.stats?.warnings) ? (backtest.stats.warnings as string[]) : [];
  const spec = backtest.spec as { costs?: unknown; base?: { costs?: unknown } };
  return (
    <section class="panel" aria-label="Notices">
      {backtest.synthetic && (
        <p class="notice warn">
          <span class="badge warn">synthetic data</span> this run's bars are generated, not market prices.
        </p>
      )}
      {warnings.map((w) => (
        <p class="notice warn" key={w}>
          <span class="badge warn">warning</span> {w}
        </p>
      ))}
      <p class="muted">Cost model: {costModelText(spec.costs ?? spec.base?.costs)}</p>
    </section>
  );
}
