export type Status = 'ok' | 'degraded' | 'down' | 'not_configured' | string;

const CLASS: Record<string, string> = {
  ok: 'ok',
  degraded: 'warn',
  down: 'bad',
  not_configured: 'muted',
  // Backtest states.
  succeeded: 'ok',
  running: 'warn',
  failed: 'bad',
};
const TEXT: Record<string, string> = { not_configured: 'not configured' };

export function StatusBadge({ status }: { status: Status }) {
  return <span class={`badge ${CLASS[status] ?? 'muted'}`}>{TEXT[status] ?? status}</span>;
}
