// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from '../../api/session';
import { KillSwitchView } from './kill-switch-control';
import { summarise, type KillSwitch, type KillSwitchState } from './kill-switch-state';

const host = document.createElement('div');
document.body.append(host);
afterEach(() => render(null, host));

const session = (role: Session['user']['role']): Session => ({
  token: 't',
  expiresAt: '2099-01-01T00:00:00Z',
  user: { id: 1, email: 'x@y.z', role },
});

function show(state: KillSwitchState, role: Session['user']['role'], calls: string[] = []) {
  const killSwitch: KillSwitch = {
    state,
    engage: async (reason) => void calls.push(`engage:${reason}`),
    release: async (reason) => void calls.push(`release:${reason}`),
  };
  render(<KillSwitchView session={session(role)} killSwitch={killSwitch} />, host);
  return calls;
}

const buttons = () => [...host.querySelectorAll('button')].map((b) => b.textContent);

describe('the kill switch in the header', () => {
  it('says "not available" without the risk API, and offers nothing', () => {
    show({ kind: 'unavailable' }, 'admin');
    expect(host.textContent).toBe('Kill switch: not available');
    expect(buttons()).toEqual([]);
  });

  it('lets operators engage, with a confirmation and a reason', async () => {
    const calls = show({ kind: 'ready', global: undefined, others: 0 }, 'operator');
    expect(host.textContent).toContain('Kill switch: off');
    host.querySelector<HTMLButtonElement>('button.danger')!.click();
    await new Promise((r) => setTimeout(r, 0));
    const dialog = host.querySelector('dialog')!;
    expect(dialog.textContent).toContain('Engage the kill switch?');
    const reason = dialog.querySelector<HTMLInputElement>('#confirm-reason')!;
    reason.value = 'broker down';
    reason.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((r) => setTimeout(r, 0));
    dialog.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toEqual(['engage:broker down']);
  });

  it('shows an engaged switch to everyone; only admins may release it', () => {
    const engaged = { id: 3, scope: 'global' as const, reason: 'outage', engagedBy: 'user:2', engagedAt: 0 };
    show({ kind: 'ready', global: engaged, others: 0 }, 'viewer');
    expect(host.textContent).toBe('KILL SWITCH ENGAGED: outage');
    show({ kind: 'ready', global: engaged, others: 0 }, 'operator');
    expect(buttons()).toEqual([]);
    show({ kind: 'ready', global: engaged, others: 0 }, 'admin');
    expect(buttons()).toEqual(['Release']);
    expect(buttons()).not.toContain('Engage kill switch');
  });

  it('reads the status answer defensively', () => {
    expect(summarise({ engaged: [{ id: 1, scope: 'account' }] })).toEqual({
      kind: 'ready',
      global: undefined,
      others: 1,
    });
    expect(summarise({ nothing: true }).kind).toBe('error');
    expect(summarise(null).kind).toBe('error');
  });
});
