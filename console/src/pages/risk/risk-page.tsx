// Risk: kill switches, trading state per account and deployment, limits in use (gauges), the
// violations feed, profiles and their editor, and the position-sizing calculator. Live: any risk
// event (a switch, a state change, a new profile version) reloads what it changes.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client';
import type { PageProps } from '../../app/pages';
import { hasRole, useSession } from '../../api/session';
import { useApi } from '../../api/use-api';
import { ErrorBox } from '../../ui/error-box';
import { AccountLimits } from './account-limits';
import { KillSwitches } from './kill-switches';
import { ProfilesPanel } from './profiles-panel';
import { SizingCalculator } from './sizing-calculator';
import { TradingStates } from './trading-states';
import { ViolationsFeed } from './violations-feed';

/** `#/risk/7` opens the limits of account 7. */
export function RiskPage({ params }: PageProps) {
  const session = useSession();
  const operator = hasRole(session, 'operator');
  const admin = hasRole(session, 'admin');
  const [changed, setChanged] = useState(0);
  const bump = () => setChanged((n) => n + 1);
  useEffect(() => {
    const sub = api.risk.events.subscribe(
      { types: ['risk.kill_switch', 'risk.trading_state', 'risk.profile_changed', 'risk.scan'] },
      { onData: bump, onError: () => undefined },
    );
    return () => sub.unsubscribe();
  }, []);
  const catalogue = useApi(() => api.risk.catalogue.query(), []);
  const accounts = useApi(() => api.broker.accounts.query(), [changed]);
  const states = useApi(() => api.risk.state.query({ changes: 20 }), [changed]);
  const switches = useApi(() => api.risk.killSwitch.status.query({ recent: 10 }), [changed]);
  const accountList = accounts.data ?? [];
  return (
    <>
      <h1>Risk</h1>
      <ErrorBox error={catalogue.error ?? accounts.error ?? states.error ?? switches.error} />
      {switches.data && (
        <KillSwitches
          status={switches.data}
          accounts={accountList}
          operator={operator}
          admin={admin}
          onChanged={bump}
        />
      )}
      {states.data && (
        <TradingStates view={states.data} accounts={accountList} operator={operator} onChanged={bump} />
      )}
      {catalogue.data && (
        <AccountLimits
          catalogue={catalogue.data}
          accounts={accountList}
          initial={Number(params[0]) || undefined}
          changed={changed}
        />
      )}
      <ViolationsFeed rules={Object.keys(catalogue.data?.rules ?? {})} changed={changed} />
      <div class="grid-2">
        {catalogue.data && <ProfilesPanel catalogue={catalogue.data} operator={operator} onChanged={bump} />}
        <section class="panel" aria-labelledby="sizing-title">
          <h2 id="sizing-title">Position size</h2>
          <SizingCalculator />
        </section>
      </div>
    </>
  );
}
