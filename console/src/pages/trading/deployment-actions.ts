// Which life-cycle commands a deployment in a given state accepts (the daemon's
// deployment-state.ts is the authority; this only decides which buttons to offer).
export type DeploymentCommand = 'start' | 'pause' | 'resume' | 'stop';

const ACTIONS: Record<string, DeploymentCommand[]> = {
  stopped: ['start'],
  error: ['start', 'stop'],
  halted: ['start', 'stop'],
  starting: ['stop'],
  running: ['pause', 'stop'],
  paused: ['resume', 'stop'],
  stopping: [],
};

export function actionsFor(status: string): DeploymentCommand[] {
  return ACTIONS[status] ?? [];
}

export const STATUS_CLASS: Record<string, string> = {
  running: 'ok',
  starting: 'warn',
  paused: 'warn',
  stopping: 'warn',
  stopped: 'muted',
  halted: 'bad',
  error: 'bad',
};

/** An exact decimal string from the API as a number for display only (never booked). */
export function amount(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}
