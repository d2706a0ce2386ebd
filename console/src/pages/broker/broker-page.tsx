// Broker: accounts with their link state and token expiry, adding one (the token sent once,
// never displayed again), and the selected account's feed, rate-limit usage, funds, holdings and
// reconciliation. Live: link changes and alerts (broker.events) reload the accounts.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client';
import { hasRole, useSession } from '../../api/session';
import { useApi } from '../../api/use-api';
import { ErrorBox } from '../../ui/error-box';
import { AccountDetail } from './account-detail';
import { AccountsTable } from './accounts-table';
import { AddAccountForm } from './add-account-form';

export function BrokerPage() {
  const operator = hasRole(useSession(), 'operator');
  const [changed, setChanged] = useState(0);
  const [selected, setSelected] = useState<number>();
  const [added, setAdded] = useState<string>();
  const bump = () => setChanged((n) => n + 1);
  useEffect(() => {
    const sub = api.broker.events.subscribe(undefined, { onData: bump, onError: () => undefined });
    return () => sub.unsubscribe();
  }, []);
  const accounts = useApi(
    async () => ({ list: await api.broker.accounts.query(), at: Date.now() }),
    [changed],
  );
  const list = accounts.data?.list ?? [];
  const account = list.find((a) => a.id === selected) ?? list[0];
  return (
    <>
      <h1>Broker</h1>
      <ErrorBox error={accounts.error} />
      <section class="panel" aria-labelledby="accounts-title">
        <h2 id="accounts-title">Accounts</h2>
        {list.length === 0 ? (
          <p class="muted">No broker accounts yet{operator ? ': add one below.' : '.'}</p>
        ) : (
          <AccountsTable
            accounts={list}
            loadedAt={accounts.data!.at}
            selected={account?.id}
            operator={operator}
            onSelect={setSelected}
            onChanged={bump}
          />
        )}
        {added && (
          <p role="status" class="ok">
            Added “{added}”. Its token is stored encrypted and will not be shown again.
          </p>
        )}
      </section>
      {account && <AccountDetail key={account.id} account={account} operator={operator} />}
      {operator && (
        <section class="panel" aria-labelledby="add-account-title">
          <h2 id="add-account-title">Add a Dhan account</h2>
          <AddAccountForm
            onAdded={(label) => {
              setAdded(label);
              bump();
            }}
          />
        </section>
      )}
    </>
  );
}
