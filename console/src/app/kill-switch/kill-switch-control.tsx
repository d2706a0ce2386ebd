// The kill switch in the header, on every page: its state for everyone; "Engage" for operators
// (one confirmation); "Release" for admins only. Until the daemon serves the risk API it says
// "not available" — it never claims a state it cannot read.
import { useState } from 'preact/hooks';
import { hasRole, type Session } from '../../api/session';
import { formatIstSeconds } from '../../ui/cell-text';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { useKillSwitch, type KillSwitch } from './kill-switch-state';

export function KillSwitchControl({ session }: { session: Session }) {
  return <KillSwitchView session={session} killSwitch={useKillSwitch()} />;
}

/** The presentation, given the state: what component tests drive. */
export function KillSwitchView({ session, killSwitch }: { session: Session; killSwitch: KillSwitch }) {
  const [asking, setAsking] = useState<'engage' | 'release'>();
  const { state } = killSwitch;
  const close = () => setAsking(undefined);
  if (state.kind === 'checking') return <span class="kill-switch muted">Kill switch…</span>;
  if (state.kind === 'unavailable') {
    return (
      <span
        class="kill-switch badge muted"
        data-testid="kill-switch"
        title="This daemon does not serve the risk API (risk.killSwitch.*) yet"
      >
        Kill switch: not available
      </span>
    );
  }
  if (state.kind === 'error') {
    return (
      <span class="kill-switch badge warn" data-testid="kill-switch" title={state.message}>
        Kill switch: unknown
      </span>
    );
  }
  const engaged = state.global;
  return (
    <span class="kill-switch" data-testid="kill-switch">
      {engaged ? (
        <span
          class="badge bad kill-engaged"
          role="status"
          title={`by ${engaged.engagedBy} at ${formatIstSeconds(engaged.engagedAt)} IST`}
        >
          KILL SWITCH ENGAGED{engaged.reason ? `: ${engaged.reason}` : ''}
        </span>
      ) : (
        <span class="badge ok" role="status">
          Kill switch: off{state.others > 0 ? ` (${state.others} scoped on)` : ''}
        </span>
      )}
      {!engaged && hasRole(session, 'operator') && (
        <button type="button" class="danger" onClick={() => setAsking('engage')}>
          Engage kill switch
        </button>
      )}
      {engaged && hasRole(session, 'admin') && (
        <button type="button" onClick={() => setAsking('release')}>
          Release
        </button>
      )}
      {asking === 'engage' && (
        <ConfirmDialog
          title="Engage the kill switch?"
          confirmLabel="Engage: stop all trading"
          reasonLabel="Reason (recorded)"
          danger
          onConfirm={killSwitch.engage}
          onClose={close}
        >
          <p>
            Every daemon stops sending orders within a second and open orders are cancelled. Only an admin can
            release it.
          </p>
        </ConfirmDialog>
      )}
      {asking === 'release' && (
        <ConfirmDialog
          title="Release the kill switch?"
          confirmLabel="Release: allow trading"
          reasonLabel="Reason (recorded)"
          onConfirm={killSwitch.release}
          onClose={close}
        >
          <p>Deployments may send orders again.</p>
        </ConfirmDialog>
      )}
    </span>
  );
}
