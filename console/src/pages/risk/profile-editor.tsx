// The profile editor: a form generated from risk.catalogue — a field per limit and soft limit in
// its unit (empty: the preset's value, shown as the placeholder), the rules that may be switched
// off, flatten on halt. Saving creates the profile or a new version of it; the daemon's own
// validation (every problem at once) shows under the fields it names.
import { useState } from 'preact/hooks';
import type { Outputs } from '../../api/client';
import { toCallError, type CallError } from '../../api/error-message';
import { serverIssues } from '../../api/field-issues';
import { TextField } from '../../forms/text-field';
import { ErrorBox } from '../../ui/error-box';
import { documentOf, type ProfileDraft } from './profile-draft';

type Catalogue = Outputs['risk']['catalogue'];

interface ProfileEditorProps {
  catalogue: Catalogue;
  initial: ProfileDraft;
  editing: boolean;
  onSave: (name: string, document: Record<string, unknown>) => Promise<void>;
  onCancel?: () => void;
}

function fromServer(error: CallError | undefined) {
  return serverIssues(error).map((i) => ({ ...i, path: i.path.replace(/^profile\./, '') }));
}

export function ProfileEditor({ catalogue, initial, editing, onSave, onCancel }: ProfileEditorProps) {
  const [draft, setDraft] = useState(initial);
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<CallError>();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const { document, issues: local } = documentOf(draft, catalogue);
  const issues = [...(tried ? local : []), ...fromServer(error)];
  const preset = draft.extends ? catalogue.presets[draft.extends as keyof Catalogue['presets']] : undefined;
  const set = (patch: Partial<ProfileDraft>) => {
    setSaved(false);
    setDraft((d) => ({ ...d, ...patch }));
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    setTried(true);
    if (local.length > 0) return;
    setBusy(true);
    setError(undefined);
    try {
      await onSave(draft.name.trim(), document);
      setSaved(true);
    } catch (err) {
      setError(toCallError(err));
    } finally {
      setBusy(false);
    }
  };
  const prefix = editing ? 'edit-profile' : 'profile';
  const limitField = (kind: 'limits' | 'soft', key: string, info: { unit: string; summary: string }) => (
    <TextField
      key={`${kind}-${key}`}
      id={`${prefix}-${kind}-${key}`}
      label={`${key} (${info.unit}${kind === 'soft' ? ', soft' : ''})`}
      hint={info.summary}
      placeholder={preset?.[kind][key] === undefined ? '' : String(preset[kind][key])}
      value={draft[kind][key] ?? ''}
      onInput={(v) => set({ [kind]: { ...draft[kind], [key]: v } })}
      path={`${kind}.${key}`}
      issues={issues}
    />
  );
  const disableable = Object.entries(catalogue.rules).filter(([, r]) => r.disableable);
  const extendsIssues = issues.filter((i) => i.path === 'extends' || i.path === 'disabledRules');
  return (
    <form onSubmit={submit} aria-label={editing ? 'Edit the profile' : 'New profile'} noValidate>
      <TextField
        id={`${prefix}-name`}
        label="Name"
        value={draft.name}
        onInput={(name) => set({ name })}
        path="name"
        issues={issues}
      />
      <div class="field">
        <label for={`${prefix}-extends`}>
          <span>Based on the preset</span>
          <select
            id={`${prefix}-extends`}
            value={draft.extends}
            onChange={(e) => set({ extends: e.currentTarget.value })}
          >
            {Object.keys(catalogue.presets).map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
            <option value="">none (give every limit)</option>
          </select>
        </label>
        {extendsIssues.length > 0 && (
          <div class="field-error" role="alert">
            {extendsIssues.map((i) => i.message).join('; ')}
          </div>
        )}
      </div>
      <fieldset class="field">
        <legend>Limits (empty: the preset’s, shown greyed)</legend>
        <div class="grid-fields">
          {Object.entries(catalogue.limits).map(([key, info]) => limitField('limits', key, info))}
        </div>
      </fieldset>
      <details>
        <summary>Soft limits (warnings from the portfolio scan)</summary>
        <div class="grid-fields">
          {Object.entries(catalogue.softLimits).map(([key, info]) => limitField('soft', key, info))}
        </div>
      </details>
      <fieldset class="field">
        <legend>Rules switched off</legend>
        <div class="checks">
          {disableable.map(([code, rule]) => (
            <label key={code} class="inline" for={`${prefix}-off-${code}`} title={rule.summary}>
              <input
                id={`${prefix}-off-${code}`}
                type="checkbox"
                checked={draft.disabledRules.includes(code)}
                onChange={(e) =>
                  set({
                    disabledRules: e.currentTarget.checked
                      ? [...draft.disabledRules, code]
                      : draft.disabledRules.filter((x) => x !== code),
                  })
                }
              />
              {code}
            </label>
          ))}
        </div>
      </fieldset>
      <label class="inline field" for={`${prefix}-flatten`}>
        <input
          id={`${prefix}-flatten`}
          type="checkbox"
          checked={draft.flattenOnHalt}
          onChange={(e) => set({ flattenOnHalt: e.currentTarget.checked })}
        />
        Close positions when a scope halts
      </label>
      {error && error.issues.length === 0 && <ErrorBox error={error} />}
      <div class="row">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Saving…' : editing ? 'Save a new version' : 'Create profile'}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
        {saved && (
          <span role="status" class="ok">
            Saved.
          </span>
        )}
      </div>
    </form>
  );
}
