// A notification channel's settings: name, where (webhook URL and signing key, or Telegram chat
// id and bot token), which kinds of event, the rate past which messages become a digest. The same
// form creates a channel and edits one (then an empty secret keeps the stored one).
import { useState } from 'preact/hooks';
import { toCallError, type CallError } from '../../api/error-message';
import { serverIssues } from '../../api/field-issues';
import type { FieldIssue } from '../../forms/schema-validate';
import { TextField } from '../../forms/text-field';
import { ErrorBox } from '../../ui/error-box';

export interface KindInfo {
  id: string;
  label: string;
  description: string;
}

export interface ChannelDraft {
  name: string;
  kind: 'webhook' | 'telegram';
  target: string;
  secret: string;
  events: string[];
  enabled: boolean;
  rate: string;
}

export const EMPTY_DRAFT: ChannelDraft = {
  name: '',
  kind: 'webhook',
  target: '',
  secret: '',
  events: [],
  enabled: true,
  rate: '6',
};

/** What the form can tell before asking the daemon (which checks everything again). */
export function checkDraft(d: ChannelDraft, editing: boolean): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const got = (v: string) => (v ? JSON.stringify(v) : 'nothing');
  if (!d.name.trim()) issues.push({ path: 'name', message: 'name: got nothing, expected a name' });
  if (d.kind === 'webhook' && !/^https?:\/\/\S+$/i.test(d.target.trim()))
    issues.push({
      path: 'target',
      message: `URL: got ${got(d.target)}, expected an http:// or https:// URL`,
    });
  if (d.kind === 'telegram' && !/^(-?\d{1,20}|@\w{5,32})$/.test(d.target.trim()))
    issues.push({
      path: 'target',
      message: `chat id: got ${got(d.target)}, expected a number such as -1001234567890 or @channelname`,
    });
  if (d.kind === 'telegram' && !editing && !/^\d{3,20}:[\w-]{20,100}$/.test(d.secret.trim()))
    issues.push({
      path: 'secret',
      message: `bot token: got ${d.secret ? 'text' : 'nothing'}, expected 123456:ABC… from @BotFather`,
    });
  if (d.kind === 'webhook' && d.secret && d.secret.trim().length < 16)
    issues.push({
      path: 'secret',
      message: 'signing key: expected at least 16 characters (empty: generate one)',
    });
  const rate = Number(d.rate);
  if (!(Number.isInteger(rate) && rate >= 1 && rate <= 600))
    issues.push({ path: 'rate', message: `rate: got ${got(d.rate)}, expected a whole number from 1 to 600` });
  if (d.events.length === 0) issues.push({ path: 'events', message: 'events: choose at least one kind' });
  return issues;
}

/** The daemon names input fields; the form's paths differ for the target and its secret. */
function fromServer(error: CallError | undefined): FieldIssue[] {
  return serverIssues(error).map((i) => {
    const path = i.path
      .replace(/^target\.(url|chatId)$/, 'target')
      .replace(/^target\.(secret|botToken)$/, 'secret');
    return { ...i, path: path === 'rateLimitPerMinute' ? 'rate' : path };
  });
}

interface ChannelFormProps {
  kinds: KindInfo[];
  initial: ChannelDraft;
  editing: boolean;
  onSubmit: (draft: ChannelDraft) => Promise<void>;
  onCancel?: () => void;
}

export function ChannelForm({ kinds, initial, editing, onSubmit, onCancel }: ChannelFormProps) {
  const [draft, setDraft] = useState(initial);
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<CallError>();
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<ChannelDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const local = checkDraft(draft, editing);
  const issues = [...(tried ? local : []), ...fromServer(error)];
  const submit = async (event: Event) => {
    event.preventDefault();
    setTried(true);
    if (local.length > 0) return;
    setBusy(true);
    setError(undefined);
    try {
      await onSubmit(draft);
      if (!editing) {
        setDraft(EMPTY_DRAFT);
        setTried(false);
      }
    } catch (err) {
      setError(toCallError(err));
    } finally {
      setBusy(false);
    }
  };
  const webhook = draft.kind === 'webhook';
  const eventIssues = issues.filter((i) => i.path === 'events');
  const prefix = editing ? 'edit-channel' : 'channel';
  return (
    <form onSubmit={submit} aria-label={editing ? 'Edit the channel' : 'Add a channel'} noValidate>
      <TextField
        id={`${prefix}-name`}
        label="Name"
        value={draft.name}
        onInput={(name) => set({ name })}
        path="name"
        issues={issues}
      />
      {!editing && (
        <fieldset class="field row">
          <legend>Kind</legend>
          {(['webhook', 'telegram'] as const).map((k) => (
            <label key={k} class="inline" for={`${prefix}-kind-${k}`}>
              <input
                id={`${prefix}-kind-${k}`}
                type="radio"
                name={`${prefix}-kind`}
                checked={draft.kind === k}
                onChange={() => set({ kind: k, target: '', secret: '' })}
              />
              {k === 'webhook' ? 'Webhook' : 'Telegram'}
            </label>
          ))}
        </fieldset>
      )}
      <TextField
        id={`${prefix}-target`}
        label={webhook ? 'Webhook URL' : 'Telegram chat id'}
        placeholder={webhook ? 'https://example.com/hooks/quanttrade' : '-1001234567890'}
        value={draft.target}
        onInput={(target) => set({ target })}
        path="target"
        issues={issues}
      />
      <TextField
        id={`${prefix}-secret`}
        label={
          webhook
            ? `Signing key (${editing ? 'empty: keep the current one' : 'empty: generate one'})`
            : `Bot token${editing ? ' (empty: keep the current one)' : ''}`
        }
        hint={
          webhook
            ? 'Every request carries X-QuantTrade-Signature: HMAC-SHA256 of the timestamp and body with this key.'
            : 'Stored encrypted; never shown again.'
        }
        value={draft.secret}
        onInput={(secret) => set({ secret })}
        path="secret"
        issues={issues}
      />
      <fieldset class="field">
        <legend>Events</legend>
        <div class="checks">
          {kinds.map((k) => (
            <label key={k.id} class="inline" for={`${prefix}-event-${k.id}`} title={k.description}>
              <input
                id={`${prefix}-event-${k.id}`}
                type="checkbox"
                checked={draft.events.includes(k.id)}
                onChange={(e) =>
                  set({
                    events: e.currentTarget.checked
                      ? [...draft.events, k.id]
                      : draft.events.filter((x) => x !== k.id),
                  })
                }
              />
              {k.label}
            </label>
          ))}
        </div>
        {eventIssues.length > 0 && (
          <div class="field-error" role="alert">
            {eventIssues.map((i) => i.message).join('; ')}
          </div>
        )}
      </fieldset>
      <TextField
        id={`${prefix}-rate`}
        label="At most this many messages a minute (then a digest)"
        value={draft.rate}
        onInput={(rate) => set({ rate })}
        path="rate"
        issues={issues}
      />
      <label class="inline field" for={`${prefix}-enabled`}>
        <input
          id={`${prefix}-enabled`}
          type="checkbox"
          checked={draft.enabled}
          onChange={(e) => set({ enabled: e.currentTarget.checked })}
        />
        Enabled
      </label>
      {error && error.issues.length === 0 && <ErrorBox error={error} />}
      <div class="row">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Saving…' : editing ? 'Save channel' : 'Add channel'}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
