// Kill switches as the gate sees them: which are engaged, and which one covers an order. The
// switches themselves are rows in `kill_switches` (risk-control/); every daemon keeps the
// engaged ones in memory (LISTEN/NOTIFY plus a poll) and hands them to its gate.
export const KILL_SWITCH_SCOPES = ['global', 'account', 'deployment'] as const;
export type KillSwitchScope = (typeof KILL_SWITCH_SCOPES)[number];

export interface KillSwitchRef {
  id: number;
  scope: KillSwitchScope;
  /** The account (scope 'account') or the deployment's account (scope 'deployment'). */
  accountId: number | null;
  deploymentId: number | null;
  /** Close the positions too, with rate-limited market orders. */
  flatten: boolean;
  engagedBy: string;
  engagedAt: number;
  reason: string;
}

export interface KillSwitchIndex {
  global: KillSwitchRef | undefined;
  byAccount: ReadonlyMap<number, KillSwitchRef>;
  byDeployment: ReadonlyMap<number, KillSwitchRef>;
}

export const NO_KILL_SWITCHES: KillSwitchIndex = Object.freeze({
  global: undefined,
  byAccount: new Map(),
  byDeployment: new Map(),
});

export function indexKillSwitches(switches: readonly KillSwitchRef[]): KillSwitchIndex {
  let global: KillSwitchRef | undefined;
  const byAccount = new Map<number, KillSwitchRef>();
  const byDeployment = new Map<number, KillSwitchRef>();
  for (const s of switches) {
    // Two switches over one scope cannot be engaged at once (a unique index), but be tolerant:
    // a flatten switch wins, since it lets more protective orders through and that is its point.
    const pick = (old: KillSwitchRef | undefined) => (!old || (s.flatten && !old.flatten) ? s : old);
    if (s.scope === 'global') global = pick(global);
    else if (s.scope === 'account' && s.accountId !== null)
      byAccount.set(s.accountId, pick(byAccount.get(s.accountId)));
    else if (s.scope === 'deployment' && s.deploymentId !== null)
      byDeployment.set(s.deploymentId, pick(byDeployment.get(s.deploymentId)));
  }
  return { global, byAccount, byDeployment };
}

/**
 * Every engaged switch that covers an order of this account and deployment, narrowest first.
 * Returns undefined on the hot path when none is engaged (no allocation).
 */
export function coveringSwitches(
  index: KillSwitchIndex,
  accountId: number,
  deploymentId: number | null,
): KillSwitchRef[] | undefined {
  if (!index.global && index.byAccount.size === 0 && index.byDeployment.size === 0) return undefined;
  const out: KillSwitchRef[] = [];
  const d = deploymentId === null ? undefined : index.byDeployment.get(deploymentId);
  if (d) out.push(d);
  const a = index.byAccount.get(accountId);
  if (a) out.push(a);
  if (index.global) out.push(index.global);
  return out.length > 0 ? out : undefined;
}

/** Whether a switch stops orders of this account and deployment. */
export function covers(s: KillSwitchRef, accountId: number, deploymentId: number | null): boolean {
  if (s.scope === 'global') return true;
  if (s.scope === 'account') return s.accountId === accountId;
  return deploymentId !== null && s.deploymentId === deploymentId;
}

export function describeSwitch(s: KillSwitchRef): string {
  const where =
    s.scope === 'global'
      ? 'global'
      : s.scope === 'account'
        ? `account ${s.accountId}`
        : `deployment ${s.deploymentId}`;
  return `kill switch ${s.id} (${where}) engaged by ${s.engagedBy}${s.reason ? `: ${s.reason}` : ''}`;
}
