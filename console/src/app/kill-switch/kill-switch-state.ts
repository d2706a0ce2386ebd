// The kill switch as the header shows it. The risk API (risk.killSwitch.*) is feature-detected
// from system.procedures: a daemon without it shows "not available", never a guess. With it, the
// state is read every few seconds and after each engage or release. Later pages (Risk, Trading)
// use the same hook, so every page agrees on the state.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { untypedApi } from '../../api/client';
import { toCallError } from '../../api/error-message';
import { procedurePaths } from '../../api/procedures';

export const STATUS_PROCEDURE = 'risk.killSwitch.status';
const ENGAGE_PROCEDURE = 'risk.killSwitch.engage';
const RELEASE_PROCEDURE = 'risk.killSwitch.release';
const REFRESH_MS = 5_000;

/** One engaged switch, as risk.killSwitch.status lists it (the fields the header reads). */
export interface EngagedSwitch {
  id: number;
  scope: 'global' | 'account' | 'deployment';
  reason: string;
  engagedBy: string;
  engagedAt: number;
}

export type KillSwitchState =
  | { kind: 'checking' }
  | { kind: 'unavailable' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; global: EngagedSwitch | undefined; others: number };

/** Reads the status answer defensively: the header must never crash on a shape it did not expect. */
export function summarise(status: unknown): KillSwitchState {
  const engaged = (status as { engaged?: unknown })?.engaged;
  if (!Array.isArray(engaged)) return { kind: 'error', message: 'unexpected kill switch status' };
  const switches = engaged as EngagedSwitch[];
  const global = switches.find((s) => s.scope === 'global');
  return { kind: 'ready', global, others: switches.length - (global ? 1 : 0) };
}

export interface KillSwitch {
  state: KillSwitchState;
  engage(reason: string): Promise<void>;
  release(reason: string): Promise<void>;
}

export function useKillSwitch(): KillSwitch {
  const [state, setState] = useState<KillSwitchState>({ kind: 'checking' });
  const [generation, setGeneration] = useState(0);
  const refresh = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    let stale = false;
    void (async () => {
      if (!(await procedurePaths()).has(STATUS_PROCEDURE)) {
        if (!stale) setState({ kind: 'unavailable' });
        return;
      }
      try {
        const status = await untypedApi.query(STATUS_PROCEDURE, { recent: 0 });
        if (!stale) setState(summarise(status));
      } catch (err) {
        if (!stale) setState({ kind: 'error', message: toCallError(err).message });
      }
    })();
    return () => {
      stale = true;
    };
  }, [generation]);

  const available = state.kind === 'ready' || state.kind === 'error';
  useEffect(() => {
    if (!available) return;
    const timer = setInterval(refresh, REFRESH_MS);
    return () => clearInterval(timer);
  }, [available, refresh]);

  const call = (path: string) => async (reason: string) => {
    try {
      await untypedApi.mutation(path, { target: { scope: 'global' }, reason });
    } finally {
      refresh();
    }
  };
  return { state, engage: call(ENGAGE_PROCEDURE), release: call(RELEASE_PROCEDURE) };
}
