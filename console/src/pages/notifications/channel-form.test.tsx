// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ChannelForm, checkDraft, EMPTY_DRAFT, type ChannelDraft } from './channel-form';

const host = document.createElement('div');
document.body.append(host);
afterEach(() => render(null, host));

const kinds = [
  { id: 'fill', label: 'Fill', description: 'filled' },
  { id: 'kill_switch', label: 'Kill switch', description: 'engaged' },
];
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('checkDraft', () => {
  it('names each problem of a channel before the daemon is asked', () => {
    const d: ChannelDraft = { ...EMPTY_DRAFT, kind: 'telegram', target: 'my chat', rate: '0' };
    expect(checkDraft(d, false).map((i) => i.message)).toEqual([
      'name: got nothing, expected a name',
      'chat id: got "my chat", expected a number such as -1001234567890 or @channelname',
      'bot token: got nothing, expected 123456:ABC… from @BotFather',
      'rate: got "0", expected a whole number from 1 to 600',
      'events: choose at least one kind',
    ]);
    // Editing keeps the stored token when none is typed.
    expect(checkDraft({ ...d, name: 'x', target: '-100123', rate: '6', events: ['fill'] }, true)).toEqual([]);
  });
});

describe('ChannelForm', () => {
  it('shows problems under their fields on submit and sends a good draft', async () => {
    const sent: ChannelDraft[] = [];
    render(
      <ChannelForm
        kinds={kinds}
        initial={EMPTY_DRAFT}
        editing={false}
        onSubmit={async (d) => void sent.push(d)}
      />,
      host,
    );
    host.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await tick();
    expect(host.querySelector('#channel-name-error')!.textContent).toBe('name: got nothing, expected a name');
    expect(host.querySelector('#channel-name')!.getAttribute('aria-invalid')).toBe('true');
    const type = (id: string, text: string) => {
      const el = host.querySelector<HTMLInputElement>(`#${id}`)!;
      el.value = text;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    };
    type('channel-name', 'hook');
    type('channel-target', 'https://example.com/h');
    host.querySelector<HTMLInputElement>('#channel-event-kill_switch')!.click();
    await tick();
    host.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await tick();
    expect(sent).toEqual([
      { ...EMPTY_DRAFT, name: 'hook', target: 'https://example.com/h', events: ['kill_switch'] },
    ]);
  });
});
