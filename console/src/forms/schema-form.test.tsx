// @vitest-environment happy-dom
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { JsonSchema } from './json-schema';
import { SchemaForm } from './schema-form';
import { validate } from './schema-validate';

const schema: JsonSchema = {
  type: 'object',
  properties: {
    fast: { type: 'integer', minimum: 1, default: 10, description: 'fast SMA length' },
    side: { type: 'string', enum: ['long', 'short'] },
    allowShort: { type: 'boolean' },
    symbols: { type: 'array', items: { type: 'string' } },
  },
  required: ['fast', 'side'],
};

let seen: Record<string, unknown> = {};

function Harness() {
  const [value, setValue] = useState<Record<string, unknown>>({ fast: 10, side: 'long' });
  seen = value;
  return <SchemaForm schema={schema} value={value} onChange={setValue} issues={validate(schema, value)} />;
}

const host = document.createElement('div');
document.body.append(host);
afterEach(() => render(null, host));

function input(label: string): HTMLInputElement {
  const el = [...host.querySelectorAll('label')].find((l) => l.textContent?.startsWith(label));
  return host.querySelector(`#${el!.getAttribute('for')}`) as HTMLInputElement;
}

function type(el: HTMLInputElement, text: string) {
  el.value = text;
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

describe('SchemaForm', () => {
  it('renders a labelled control per property with hints and optional markers', () => {
    render(<Harness />, host);
    expect([...host.querySelectorAll('label > span')].map((l) => l.textContent)).toEqual([
      'Fast',
      'Side',
      'Allow short (optional)',
      'Symbols (optional)',
    ]);
    expect(input('Fast').value).toBe('10');
    expect(input('Fast').getAttribute('aria-describedby')).toBe('field-fast-hint');
    expect(host.querySelector('#field-fast-hint')!.textContent).toBe('fast SMA length');
  });

  it('shows an inline message under the field as the user types, and clears it when fixed', async () => {
    render(<Harness />, host);
    type(input('Fast'), '0');
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    const error = host.querySelector('#field-fast-error');
    expect(error?.textContent).toBe('fast: got 0, expected an integer ≥ 1');
    expect(input('Fast').getAttribute('aria-invalid')).toBe('true');
    type(input('Fast'), '7');
    await new Promise((r) => setTimeout(r, 0));
    expect(host.querySelector('#field-fast-error')).toBeNull();
    expect(seen.fast).toBe(7);
  });

  it('edits lists and booleans as typed values', async () => {
    render(<Harness />, host);
    type(input('Symbols'), 'INFY, TCS ,');
    const box = input('Allow short');
    box.click();
    await new Promise((r) => setTimeout(r, 0));
    expect(seen).toMatchObject({ symbols: ['INFY', 'TCS'], allowShort: true });
  });
});
