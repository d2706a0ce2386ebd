// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { checkNewPassword } from './password-form';
import { TokenTable } from './token-table';
import { UsersTable, type UserRow } from './users-table';

const host = document.createElement('div');
document.body.append(host);
afterEach(() => render(null, host));

const user = (
  id: number,
  email: string,
  role: UserRow['role'],
  disabledAt: string | null = null,
): UserRow => ({
  id,
  email,
  role,
  disabledAt,
  lastLoginAt: null,
  createdAt: '2025-01-01T00:00:00Z',
});

describe('UsersTable', () => {
  it('offers role, disable and reset on others, never on yourself', () => {
    const done: string[] = [];
    render(
      <UsersTable
        users={[
          user(1, 'me@x', 'admin'),
          user(2, 'op@x', 'operator'),
          user(3, 'gone@x', 'viewer', '2025-02-01T00:00:00Z'),
        ]}
        selfId={1}
        onSetRole={(u, r) => done.push(`role ${u.id} ${r}`)}
        onSetDisabled={(u, d) => done.push(`disabled ${u.id} ${d}`)}
        onResetPassword={(u) => done.push(`reset ${u.id}`)}
        onCreateToken={(u) => done.push(`token ${u.id}`)}
      />,
      host,
    );
    const rows = [...host.querySelectorAll('tbody tr')];
    expect(rows[0]!.querySelector('select')).toBeNull();
    expect([...rows[0]!.querySelectorAll('button')].map((b) => b.textContent)).toEqual([
      'New token for me@x',
    ]);
    const role = rows[1]!.querySelector('select')!;
    expect(role.getAttribute('aria-label')).toBe('Role of op@x');
    role.value = 'admin';
    role.dispatchEvent(new Event('change', { bubbles: true }));
    [...rows[1]!.querySelectorAll('button')].forEach((b) => b.click());
    // A disabled user can be enabled, but gets no new token.
    expect([...rows[2]!.querySelectorAll('button')].map((b) => b.textContent)).toEqual([
      'Enable gone@x',
      'Reset password of gone@x',
    ]);
    expect(done).toEqual(['role 2 admin', 'disabled 2 true', 'reset 2', 'token 2']);
  });
});

describe('TokenTable', () => {
  it('tells live, expired and revoked tokens apart and revokes only live ones', () => {
    const base = { userId: 1, prefix: 'qtk_abcdefgh', createdAt: '2025-01-01T00:00:00Z', lastUsedAt: null };
    render(
      <TokenTable
        tokens={[
          { ...base, id: 1, name: 'live', expiresAt: null, revokedAt: null },
          { ...base, id: 2, name: 'old', expiresAt: '2025-01-02T00:00:00Z', revokedAt: null },
          { ...base, id: 3, name: 'gone', expiresAt: null, revokedAt: '2025-01-03T00:00:00Z' },
        ]}
        onRevoke={() => undefined}
        now={Date.parse('2025-06-01T00:00:00Z')}
      />,
      host,
    );
    const states = [...host.querySelectorAll('tbody tr')].map(
      (tr) => tr.querySelector('.badge')!.textContent,
    );
    expect(states).toEqual(['live', 'expired', 'revoked']);
    expect([...host.querySelectorAll('button')].map((b) => b.getAttribute('aria-label'))).toEqual([
      'Revoke token live',
    ]);
  });
});

describe('checkNewPassword', () => {
  it('asks for 12 characters and a matching repeat', () => {
    expect(checkNewPassword('short', '')).toEqual([
      { path: 'newPassword', message: 'new password: got 5 characters, expected at least 12' },
    ]);
    expect(checkNewPassword('long enough pass', 'long enough pas')).toEqual([
      { path: 'again', message: 'repeat: does not match the new password' },
    ]);
    expect(checkNewPassword('long enough pass', 'long enough pass')).toEqual([]);
  });
});
