// The deployment life cycle (issue 10 §2, CONTRACT-deployments.md): which transitions exist and
// who may make them. Pure: the store (deployment-store.ts) asks it before touching a row, so an
// API call, the runner and the risk gate all obey one table.
//
//   stopped ──start──▶ starting ──(warm-up done)──▶ running ◀──resume── paused
//      ▲                  │                          │  └──pause──▶──────┘
//      │                  └───────────▶ error ◀──────┤ (strategy threw)
//   stopped ◀── stopping ◀──stop── starting|running|paused|halted|error
//                                    halted ◀── risk
export const DEPLOYMENT_STATUSES = [
  'stopped',
  'starting',
  'running',
  'paused',
  'stopping',
  'halted',
  'error',
] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

/** What moves a deployment: a person (API, CLI), the runner, the risk gate, restart recovery. */
export const DEPLOYMENT_ACTORS = ['user', 'runner', 'risk', 'recovery'] as const;
export type DeploymentActor = (typeof DEPLOYMENT_ACTORS)[number];

/** The commands the API and CLI offer; each only performs its transition (the runner reacts). */
export type DeploymentCommand = 'start' | 'stop' | 'pause' | 'resume';

export const COMMANDS: Readonly<
  Record<DeploymentCommand, { from: readonly DeploymentStatus[]; to: DeploymentStatus }>
> = {
  start: { from: ['stopped', 'error', 'halted'], to: 'starting' },
  pause: { from: ['running'], to: 'paused' },
  resume: { from: ['paused'], to: 'running' },
  stop: { from: ['starting', 'running', 'paused', 'halted', 'error'], to: 'stopping' },
};

/** Statuses some daemon must hold (the runner's supervisor claims these). */
export const RUNNABLE_STATUSES: readonly DeploymentStatus[] = ['starting', 'running', 'paused', 'stopping'];

/** Statuses in which the spec may change: nobody runs the deployment then. */
export const EDITABLE_STATUSES: readonly DeploymentStatus[] = ['stopped', 'error', 'halted'];

interface Rule {
  from: readonly DeploymentStatus[];
  to: DeploymentStatus;
  actors: readonly DeploymentActor[];
}

const SYSTEM: readonly DeploymentActor[] = ['runner', 'recovery'];

const RULES: readonly Rule[] = [
  ...Object.values(COMMANDS).map((c) => ({ ...c, actors: ['user'] as const })),
  // The risk gate and the runner (a kill switch with flatten, the session's end) may stop too.
  { ...COMMANDS.stop, actors: ['risk', 'runner', 'recovery'] },
  { from: ['starting'], to: 'running', actors: SYSTEM },
  { from: ['stopping'], to: 'stopped', actors: SYSTEM },
  { from: ['starting', 'running', 'paused', 'stopping'], to: 'error', actors: SYSTEM },
  { from: ['starting', 'running', 'paused'], to: 'halted', actors: ['risk', 'runner', 'recovery'] },
];

export type TransitionVerdict = { ok: true } | { ok: false; reason: string };

/** Whether `actor` may move a deployment from `from` to `to`. */
export function checkTransition(
  from: DeploymentStatus,
  to: DeploymentStatus,
  actor: DeploymentActor,
): TransitionVerdict {
  if (RULES.some((r) => r.to === to && r.from.includes(from) && r.actors.includes(actor)))
    return { ok: true };
  const who = RULES.filter((r) => r.to === to && r.from.includes(from)).flatMap((r) => r.actors);
  return {
    ok: false,
    reason:
      who.length > 0
        ? `${from} → ${to} is for ${[...new Set(who)].join(' or ')}, not ${actor}`
        : `no transition ${from} → ${to}`,
  };
}

/** The statuses from which `actor` may move a deployment to `to`. */
export function allowedFrom(to: DeploymentStatus, actor: DeploymentActor): DeploymentStatus[] {
  const from = RULES.filter((r) => r.to === to && r.actors.includes(actor)).flatMap((r) => r.from);
  return DEPLOYMENT_STATUSES.filter((s) => from.includes(s));
}

export const isDeploymentStatus = (value: string): value is DeploymentStatus =>
  (DEPLOYMENT_STATUSES as readonly string[]).includes(value);
