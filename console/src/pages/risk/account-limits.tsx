// Limits in use for one account: the profile in force (assigned, or the conservative preset) and
// a gauge per portfolio limit from the latest risk.scan snapshot.
import { useState } from 'preact/hooks';
import { api, type Outputs } from '../../api/client';
import { useApi } from '../../api/use-api';
import { formatIstSeconds, formatRupeesCompact } from '../../ui/cell-text';
import { ErrorBox } from '../../ui/error-box';
import { LimitGauges } from './limit-gauges';
import { limitGauges, type ProfileDocument } from './limit-usage';

type Catalogue = Outputs['risk']['catalogue'];
type Account = Outputs['broker']['accounts'][number];

/** The profile assigned to an account, or undefined (the conservative preset then applies). */
async function assignedProfile(accountId: number) {
  const profiles = await api.risk.profiles.list.query({ includeArchived: false, limit: 500, offset: 0 });
  const details = await Promise.all(profiles.map((p) => api.risk.profiles.get.query({ id: p.id })));
  return details.find((d) => d.assigned.accounts.includes(accountId));
}

export function AccountLimits(props: {
  catalogue: Catalogue;
  accounts: Account[];
  /** The account to show first (from the route). */
  initial?: number;
  changed: number;
}) {
  const [chosen, setChosen] = useState<number | undefined>(props.initial);
  const accountId = chosen ?? props.accounts[0]?.id;
  const data = useApi(
    async () =>
      accountId === undefined
        ? undefined
        : {
            profile: await assignedProfile(accountId),
            portfolio: await api.risk.portfolio.query({ accountId, points: 1 }),
          },
    [accountId, props.changed],
  );
  const presets = props.catalogue.presets as Record<string, ProfileDocument>;
  const doc: ProfileDocument = data.data?.profile?.document ?? {
    ...presets.conservative!,
    extends: 'conservative',
  };
  const latest = data.data?.portfolio.latest;
  return (
    <section class="panel" aria-labelledby="limits-title">
      <h2 id="limits-title">Limits in use</h2>
      {props.accounts.length === 0 ? (
        <p class="muted">No broker accounts yet: add one on the Broker page.</p>
      ) : (
        <>
          <div class="row">
            <label for="limits-account">
              <span>Account</span>{' '}
              <select
                id="limits-account"
                value={accountId}
                onChange={(e) => setChosen(Number(e.currentTarget.value))}
              >
                {props.accounts.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.label} ({a.broker})
                  </option>
                ))}
              </select>
            </label>
            <span class="muted" data-testid="limits-profile">
              {data.data?.profile
                ? `profile “${data.data.profile.name}” v${data.data.profile.latestVersion}`
                : 'no profile assigned: the conservative preset'}
            </span>
          </div>
          <ErrorBox error={data.error} />
          {latest ? (
            <>
              <p class="muted">
                As of the portfolio scan at {formatIstSeconds(latest.at)} IST · capital{' '}
                {latest.capital === null ? 'unknown' : formatRupeesCompact(latest.capital)}
              </p>
              <LimitGauges gauges={limitGauges(doc, presets, latest)} />
            </>
          ) : (
            !data.loading && (
              <p class="muted">
                No portfolio scan of this account yet (risk.scan runs every minute in market hours while it
                holds positions).
              </p>
            )
          )}
        </>
      )}
    </section>
  );
}
