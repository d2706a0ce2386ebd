// A form generated from an object JSON Schema: one labelled control per property, the schema's
// description as a hint, and the validation message for that field right under it.
import { concrete, fieldType, labelFor, type JsonSchema } from './json-schema';
import type { FieldIssue } from './schema-validate';

type Values = Record<string, unknown>;
/** Changes arrive as updaters, so two events before a render never overwrite each other. */
export type ValuesUpdate = (previous: Values) => Values;

interface FormProps {
  schema: JsonSchema;
  value: Values;
  onChange: (update: ValuesUpdate) => void;
  issues: FieldIssue[];
  /** Prefix for element ids and issue paths (nested objects). */
  path?: string;
}

export function SchemaForm({ schema, value, onChange, issues, path = '' }: FormProps) {
  const required = new Set(schema.required ?? []);
  return (
    <>
      {Object.entries(schema.properties ?? {}).map(([name, prop]) => (
        <SchemaField
          key={name}
          name={name}
          schema={prop}
          path={path ? `${path}.${name}` : name}
          required={required.has(name)}
          value={value[name]}
          issues={issues}
          onChange={(v) => onChange((prev) => ({ ...prev, [name]: v }))}
          onNested={(update) =>
            onChange((prev) => ({ ...prev, [name]: update((prev[name] as Values) ?? {}) }))
          }
        />
      ))}
    </>
  );
}

interface FieldProps {
  name: string;
  schema: JsonSchema;
  path: string;
  required: boolean;
  value: unknown;
  issues: FieldIssue[];
  onChange: (value: unknown) => void;
  onNested: (update: ValuesUpdate) => void;
}

function SchemaField({ name, schema, path, required, value, issues, onChange, onNested }: FieldProps) {
  const s = concrete(schema);
  const type = fieldType(s);
  const id = `field-${path.replace(/[^\w-]/g, '-')}`;
  // A field with a default is never really missing: the daemon fills it in.
  const label = `${labelFor(name, s)}${required || s.default !== undefined ? '' : ' (optional)'}`;
  if (type === 'object') {
    return (
      <fieldset class="field">
        <legend>{label}</legend>
        <SchemaForm
          schema={s}
          value={(value as Values) ?? {}}
          onChange={onNested}
          issues={issues}
          path={path}
        />
      </fieldset>
    );
  }
  const mine = issues.filter((i) => i.path === path);
  const errorId = mine.length ? `${id}-error` : undefined;
  const hintId = s.description ? `${id}-hint` : undefined;
  const described = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const common = { id, 'aria-invalid': mine.length > 0, 'aria-describedby': described };
  return (
    <div class="field">
      {type === 'boolean' ? (
        <label class="inline" for={id}>
          <input
            type="checkbox"
            {...common}
            checked={value === true}
            onChange={(e) => onChange(e.currentTarget.checked)}
          />
          <span>{label}</span>
        </label>
      ) : (
        <label for={id}>
          <span>{label}</span>
          <FieldControl type={type} schema={s} value={value} onChange={onChange} common={common} />
        </label>
      )}
      {hintId && (
        <div id={hintId} class="hint">
          {s.description}
        </div>
      )}
      {errorId && (
        <div id={errorId} class="field-error" role="alert">
          {mine.map((i) => i.message).join('; ')}
        </div>
      )}
    </div>
  );
}

interface ControlProps {
  type: string;
  schema: JsonSchema;
  value: unknown;
  onChange: (value: unknown) => void;
  common: Record<string, unknown>;
}

/** Numbers that do not parse stay text, so the validator can say what was typed. */
function parseNumber(text: string): unknown {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
}

function FieldControl({ type, schema, value, onChange, common }: ControlProps) {
  if (type === 'enum') {
    return (
      <select
        {...common}
        value={JSON.stringify(value)}
        onChange={(e) => onChange(JSON.parse(e.currentTarget.value))}
      >
        {value === undefined && <option value="undefined">—</option>}
        {schema.enum!.map((option) => (
          <option key={String(option)} value={JSON.stringify(option)}>
            {String(option)}
          </option>
        ))}
      </select>
    );
  }
  if (type === 'number' || type === 'integer') {
    return (
      <input
        {...common}
        type="text"
        inputMode={type === 'integer' ? 'numeric' : 'decimal'}
        value={value === undefined ? '' : String(value)}
        onInput={(e) => onChange(parseNumber(e.currentTarget.value))}
      />
    );
  }
  if (type === 'array') {
    const items = Array.isArray(value) ? value.join(', ') : '';
    const numeric = ['number', 'integer'].includes(fieldType(schema.items ?? {}));
    return (
      <input
        {...common}
        type="text"
        placeholder="comma, separated"
        value={items}
        onInput={(e) => {
          const parts = e.currentTarget.value
            .split(',')
            .map((p) => p.trim())
            .filter(Boolean);
          onChange(numeric ? parts.map(parseNumber) : parts);
        }}
      />
    );
  }
  if (type === 'string') {
    return (
      <input
        {...common}
        type="text"
        value={(value as string) ?? ''}
        onInput={(e) => onChange(e.currentTarget.value)}
      />
    );
  }
  return <JsonControl value={value} onChange={onChange} common={common} />;
}

function JsonControl({ value, onChange, common }: Omit<ControlProps, 'type' | 'schema'>) {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
  return (
    <textarea
      {...common}
      class="code"
      value={text}
      onInput={(e) => {
        const raw = e.currentTarget.value;
        try {
          onChange(JSON.parse(raw));
        } catch {
          onChange(raw);
        }
      }}
    />
  );
}
