// Notifications: your channels (webhook, Telegram) with the kinds of event each receives, a test
// button per channel, and the delivery log.
import { useState } from 'preact/hooks';
import { api, type Outputs } from '../../api/client';
import { toCallError, type CallError } from '../../api/error-message';
import { hasRole, useSession } from '../../api/session';
import { useApi } from '../../api/use-api';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { ErrorBox } from '../../ui/error-box';
import { SecretOnce } from '../../ui/secret-once';
import { ChannelForm, EMPTY_DRAFT, type ChannelDraft } from './channel-form';
import { DeliveryLog } from './delivery-log';

type Channel = Outputs['notifications']['channels'][number];

function draftOf(c: Channel): ChannelDraft {
  return {
    name: c.name,
    kind: c.kind,
    target: c.target,
    secret: '',
    events: c.events,
    enabled: c.enabled,
    rate: String(c.rateLimitPerMinute),
  };
}

export function NotificationsPage() {
  const session = useSession();
  const operator = hasRole(session, 'operator');
  const kinds = useApi(() => api.notifications.kinds.query(), []);
  const [changed, setChanged] = useState(0);
  const channels = useApi(
    () => (operator ? api.notifications.channels.query() : Promise.resolve([])),
    [changed],
  );
  const [secret, setSecret] = useState<{ label: string; value: string }>();
  const [editing, setEditing] = useState<Channel>();
  const [deleting, setDeleting] = useState<Channel>();
  const [tested, setTested] = useState<{ id: number; text: string; ok: boolean }>();
  const [error, setError] = useState<CallError>();
  const bump = () => setChanged((n) => n + 1);
  const labels = new Map((kinds.data ?? []).map((k) => [k.id, k.label]));

  if (!operator) return <p class="panel muted">Notification channels are for operators and admins.</p>;

  const create = async (d: ChannelDraft) => {
    const target =
      d.kind === 'webhook'
        ? { kind: 'webhook' as const, url: d.target.trim(), secret: d.secret.trim() || undefined }
        : { kind: 'telegram' as const, chatId: d.target.trim(), botToken: d.secret.trim() };
    const created = await api.notifications.createChannel.mutate({
      name: d.name.trim(),
      target,
      events: d.events,
      enabled: d.enabled,
      rateLimitPerMinute: Number(d.rate),
    });
    if (created.generatedSecret)
      setSecret({ label: `Signing key of “${created.channel.name}”`, value: created.generatedSecret });
    bump();
  };
  const save = async (d: ChannelDraft) => {
    await api.notifications.updateChannel.mutate({
      id: editing!.id,
      name: d.name.trim(),
      target: d.target.trim(),
      secret: d.secret.trim() || undefined,
      events: d.events,
      enabled: d.enabled,
      rateLimitPerMinute: Number(d.rate),
    });
    setEditing(undefined);
    bump();
  };
  const test = async (c: Channel) => {
    setError(undefined);
    setTested({ id: c.id, text: 'Sending…', ok: true });
    try {
      const r = await api.notifications.test.mutate({ id: c.id });
      setTested({
        id: c.id,
        ok: r.delivered,
        text: r.delivered ? `Delivered (HTTP ${r.responseStatus ?? 200}).` : `Not delivered: ${r.error}`,
      });
    } catch (err) {
      setTested(undefined);
      setError(toCallError(err));
    }
    bump();
  };

  return (
    <>
      <h1>Notifications</h1>
      <ErrorBox error={kinds.error ?? channels.error ?? error} />
      <section class="panel" aria-labelledby="channels-title">
        <h2 id="channels-title">Your channels</h2>
        {secret && (
          <SecretOnce label={secret.label} value={secret.value} onDone={() => setSecret(undefined)} />
        )}
        {(channels.data ?? []).length === 0 ? (
          <p class="muted">No channels yet: add one below.</p>
        ) : (
          <div class="table-wrap">
            <table aria-label="Notification channels">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Sends to</th>
                  <th scope="col">Events</th>
                  <th scope="col" class="num">
                    Per minute
                  </th>
                  <th scope="col">State</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {(channels.data ?? []).map((c) => (
                  <tr key={c.id}>
                    <td>{c.name}</td>
                    <td>{c.kind}</td>
                    <td title={c.target}>
                      {c.target}
                      {c.secretHint && <span class="muted"> · key {c.secretHint}</span>}
                    </td>
                    <td class="wrap">{c.events.map((e) => labels.get(e) ?? e).join(', ')}</td>
                    <td class="num">{c.rateLimitPerMinute}</td>
                    <td>
                      <span class={`badge ${c.enabled ? 'ok' : 'muted'}`}>
                        {c.enabled ? 'enabled' : 'disabled'}
                      </span>
                    </td>
                    <td class="row">
                      <button type="button" onClick={() => void test(c)}>
                        Send test<span class="visually-hidden"> on {c.name}</span>
                      </button>
                      <button type="button" onClick={() => setEditing(c)}>
                        Edit<span class="visually-hidden"> {c.name}</span>
                      </button>
                      <button type="button" onClick={() => setDeleting(c)}>
                        Delete<span class="visually-hidden"> {c.name}</span>
                      </button>
                      {tested?.id === c.id && (
                        <span role="status" class={tested.ok ? 'ok' : 'bad'} data-testid="test-result">
                          {tested.text}
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <div class="grid-2">
        {editing ? (
          <section class="panel" aria-labelledby="edit-channel-title">
            <h2 id="edit-channel-title">Edit “{editing.name}”</h2>
            <ChannelForm
              key={editing.id}
              kinds={kinds.data ?? []}
              initial={draftOf(editing)}
              editing
              onSubmit={save}
              onCancel={() => setEditing(undefined)}
            />
          </section>
        ) : (
          <section class="panel" aria-labelledby="new-channel-title">
            <h2 id="new-channel-title">Add a channel</h2>
            <ChannelForm kinds={kinds.data ?? []} initial={EMPTY_DRAFT} editing={false} onSubmit={create} />
          </section>
        )}
        <section class="panel" aria-labelledby="about-title">
          <h2 id="about-title">How messages are sent</h2>
          <ul class="hint">
            <li>Each event becomes one message per channel subscribed to its kind, kept in the log below.</li>
            <li>Failed sends are retried with backoff (1 s, 2 s, 4 s … up to 10 min, 12 attempts).</li>
            <li>Past a channel’s rate, messages are held back and sent as one digest a minute later.</li>
            <li>Webhooks get JSON with an HMAC-SHA256 signature; Telegram gets plain text.</li>
          </ul>
        </section>
      </div>
      <DeliveryLog channels={channels.data ?? []} changed={changed} />
      {deleting && (
        <ConfirmDialog
          title={`Delete the channel “${deleting.name}”?`}
          confirmLabel="Delete channel"
          danger
          onConfirm={async () => {
            await api.notifications.deleteChannel.mutate({ id: deleting.id });
            bump();
          }}
          onClose={() => setDeleting(undefined)}
        >
          <p>Its delivery log goes with it.</p>
        </ConfirmDialog>
      )}
    </>
  );
}
