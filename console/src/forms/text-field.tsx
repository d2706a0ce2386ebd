// A labelled single-line input with its hint and inline validation message.
import type { FieldIssue } from './schema-validate';

interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  /** Issues whose path equals `path` are shown under the field. */
  path: string;
  issues: FieldIssue[];
  hint?: string;
  type?: 'text' | 'date';
  placeholder?: string;
}

export function TextField({
  id,
  label,
  value,
  onInput,
  path,
  issues,
  hint,
  type = 'text',
  placeholder,
}: TextFieldProps) {
  const mine = issues.filter((i) => i.path === path);
  const described =
    [hint ? `${id}-hint` : '', mine.length ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const control = {
    id,
    value,
    'aria-invalid': mine.length > 0,
    'aria-describedby': described,
    onInput: (e: Event) => onInput((e.currentTarget as HTMLInputElement).value),
  };
  return (
    <div class="field">
      <label for={id}>
        <span>{label}</span>
        {type === 'date' ? (
          <input type="date" {...control} />
        ) : (
          <input type="text" placeholder={placeholder} {...control} />
        )}
      </label>
      {hint && (
        <div id={`${id}-hint`} class="hint">
          {hint}
        </div>
      )}
      {mine.length > 0 && (
        <div id={`${id}-error`} class="field-error" role="alert">
          {mine.map((i) => i.message).join('; ')}
        </div>
      )}
    </div>
  );
}

/** Splits "RELIANCE, TCS" into ['RELIANCE', 'TCS']. */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
