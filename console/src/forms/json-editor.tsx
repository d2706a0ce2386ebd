// A JSON text area that says, inline, where the text stops being JSON.
export interface JsonEditorProps {
  id: string;
  label: string;
  text: string;
  onText: (text: string) => void;
  /** The parse error for `text`, if any (the parent parses: it needs the value anyway). */
  error: string | undefined;
  rows?: number;
}

export function JsonEditor({ id, label, text, onText, error, rows = 10 }: JsonEditorProps) {
  return (
    <div class="field">
      <label for={id}>
        {label}
        <textarea
          id={id}
          class="code"
          rows={rows}
          spellcheck={false}
          value={text}
          aria-invalid={error !== undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onInput={(e) => onText(e.currentTarget.value)}
        />
      </label>
      {error && (
        <div id={`${id}-error`} class="field-error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}

/** Parses editor text: empty text means "no input". */
export function parseJson(text: string): { value?: unknown; error?: string } {
  if (text.trim() === '') return { value: undefined };
  try {
    return { value: JSON.parse(text) };
  } catch (err) {
    return { error: `not valid JSON: ${(err as Error).message}` };
  }
}
