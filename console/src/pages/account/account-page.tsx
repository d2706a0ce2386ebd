// Users and tokens. Everyone: your password and your API tokens. Admins also: every user (add,
// change role, disable or enable, reset a password, create a token for them) and every token.
import { useState } from 'preact/hooks';
import { api } from '../../api/client';
import { toCallError, type CallError } from '../../api/error-message';
import { hasRole, setSession, useSession } from '../../api/session';
import { useApi } from '../../api/use-api';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { ErrorBox } from '../../ui/error-box';
import { SecretOnce } from '../../ui/secret-once';
import { AddUserForm } from './add-user-form';
import { PasswordForm } from './password-form';
import { TokenForm } from './token-form';
import { TokenTable, type TokenRow } from './token-table';
import { UsersTable, type UserRow } from './users-table';

/** A secret the daemon just returned: shown once, under the panel that produced it. */
interface Revealed {
  where: 'tokens' | 'users';
  label: string;
  value: string;
}

export function AccountPage() {
  const session = useSession()!;
  const admin = hasRole(session, 'admin');
  // Bumped after every token change, so both token lists load again.
  const [tokensSeen, setTokensSeen] = useState(0);
  const tokensChanged = () => setTokensSeen((n) => n + 1);
  const mine = useApi(() => api.tokens.list.query({}), [tokensSeen]);
  const [revealed, setRevealed] = useState<Revealed>();
  const [revoking, setRevoking] = useState<TokenRow>();

  const changePassword = async (input: { currentPassword: string; newPassword: string }) => {
    const result = (await api.auth.changePassword.mutate(input)) as {
      session?: { token: string; expiresAt: string } | null;
    };
    // A daemon that ends other sessions on a change returns this session's replacement.
    if (result.session) setSession({ ...session, ...result.session });
  };
  const createOwnToken = async (input: { name: string; expiresInDays?: number }) => {
    const created = await api.tokens.create.mutate(input);
    setRevealed({ where: 'tokens', label: `API token “${created.name}”`, value: created.token });
    tokensChanged();
  };
  const revoke = async () => {
    await api.tokens.revoke.mutate({ id: revoking!.id });
    tokensChanged();
  };

  return (
    <>
      <h1>Users and tokens</h1>
      <div class="grid-2">
        <section class="panel" aria-labelledby="password-title">
          <h2 id="password-title">Your password</h2>
          <p class="muted">
            Signed in as {session.user.email} ({session.user.role}).
          </p>
          <PasswordForm onSubmit={changePassword} />
        </section>
        <section class="panel" aria-labelledby="tokens-title">
          <h2 id="tokens-title">Your API tokens</h2>
          <p class="hint">
            For scripts and the typed client (<code>Authorization: Bearer qtk_…</code>); a token acts with
            your role.
          </p>
          <TokenForm owner="your" idPrefix="own-token" onCreate={createOwnToken} />
          {revealed?.where === 'tokens' && (
            <SecretOnce label={revealed.label} value={revealed.value} onDone={() => setRevealed(undefined)} />
          )}
          <ErrorBox error={mine.error} />
          <TokenTable tokens={mine.data ?? []} onRevoke={setRevoking} now={Date.now()} />
        </section>
      </div>
      {admin && (
        <AdminPanels
          selfId={session.user.id}
          revealed={revealed}
          onReveal={setRevealed}
          onRevoke={setRevoking}
          tokensSeen={tokensSeen}
          onTokensChanged={tokensChanged}
        />
      )}
      {revoking && (
        <ConfirmDialog
          title={`Revoke the token “${revoking.name}”?`}
          confirmLabel="Revoke"
          danger
          onConfirm={revoke}
          onClose={() => setRevoking(undefined)}
        >
          <p>Scripts using it stop working at once.</p>
        </ConfirmDialog>
      )}
    </>
  );
}

interface AdminPanelsProps {
  selfId: number;
  revealed: Revealed | undefined;
  onReveal: (r: Revealed | undefined) => void;
  onRevoke: (t: TokenRow) => void;
  tokensSeen: number;
  onTokensChanged: () => void;
}

function AdminPanels({
  selfId,
  revealed,
  onReveal,
  onRevoke,
  tokensSeen,
  onTokensChanged,
}: AdminPanelsProps) {
  const users = useApi(() => api.users.list.query(), []);
  const all = useApi(() => api.tokens.list.query({ all: true }), [tokensSeen]);
  const [error, setError] = useState<CallError>();
  const [resetting, setResetting] = useState<UserRow>();
  const [tokenFor, setTokenFor] = useState<UserRow>();
  const owners = new Map((users.data ?? []).map((u) => [u.id, u.email]));
  const act = (fn: () => Promise<unknown>) => async () => {
    setError(undefined);
    try {
      await fn();
    } catch (err) {
      setError(toCallError(err));
    }
    users.reload();
  };
  const add = async (input: { email: string; role: UserRow['role'] }) => {
    const created = await api.users.create.mutate(input);
    onReveal({
      where: 'users',
      label: `First password of ${created.user.email}`,
      value: created.generatedPassword ?? '',
    });
    users.reload();
  };
  const reset = async () => {
    const done = await api.users.resetPassword.mutate({ id: resetting!.id });
    onReveal({
      where: 'users',
      label: `New password of ${done.user.email}`,
      value: done.generatedPassword ?? '',
    });
  };
  const createFor = async (input: { name: string; expiresInDays?: number }) => {
    const created = await api.tokens.create.mutate({ ...input, userId: tokenFor!.id });
    onReveal({
      where: 'users',
      label: `API token “${created.name}” of ${tokenFor!.email}`,
      value: created.token,
    });
    setTokenFor(undefined);
    onTokensChanged();
  };
  return (
    <>
      <section class="panel" aria-labelledby="users-title">
        <h2 id="users-title">Users</h2>
        <AddUserForm onAdd={add} />
        {revealed?.where === 'users' && (
          <SecretOnce label={revealed.label} value={revealed.value} onDone={() => onReveal(undefined)} />
        )}
        {tokenFor && (
          <div class="panel">
            <TokenForm owner={`${tokenFor.email}'s`} idPrefix="user-token" onCreate={createFor} />
            <button type="button" onClick={() => setTokenFor(undefined)}>
              Cancel
            </button>
          </div>
        )}
        <ErrorBox error={error ?? users.error} />
        <UsersTable
          users={users.data ?? []}
          selfId={selfId}
          onSetRole={(u, role) => void act(() => api.users.setRole.mutate({ id: u.id, role }))()}
          onSetDisabled={(u, disabled) =>
            void act(() => (disabled ? api.users.disable : api.users.enable).mutate({ id: u.id }))()
          }
          onResetPassword={setResetting}
          onCreateToken={setTokenFor}
        />
      </section>
      <section class="panel" aria-labelledby="all-tokens-title">
        <h2 id="all-tokens-title">Every API token</h2>
        <ErrorBox error={all.error} />
        <TokenTable tokens={all.data ?? []} owners={owners} onRevoke={onRevoke} now={Date.now()} />
      </section>
      {resetting && (
        <ConfirmDialog
          title={`Reset the password of ${resetting.email}?`}
          confirmLabel="Reset password"
          danger
          onConfirm={reset}
          onClose={() => setResetting(undefined)}
        >
          <p>A new password is generated and shown once; the old one stops working at once.</p>
        </ConfirmDialog>
      )}
    </>
  );
}
