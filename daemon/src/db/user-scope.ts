// Row-level security scope for user requests (see sql/001_init.sql). Every query made on behalf
// of a user runs inside `withUserScope`: the transaction switches to the role quanttrade_app,
// which is subject to RLS even when the pool connects as the table owner or a superuser, and
// sets app.user_id / app.role for the policies. Settings and role last only for the transaction.
import type { Pool, PoolClient } from './pool';
import { withTransaction } from './pool';

export type Role = 'admin' | 'operator' | 'viewer';

export interface UserScope {
  userId: number;
  role: Role;
}

export async function enterUserScope(client: PoolClient, scope: UserScope): Promise<void> {
  await client.query(
    "SELECT set_config('app.user_id', $1, true), set_config('app.role', $2, true), set_config('role', 'quanttrade_app', true)",
    [String(scope.userId), scope.role],
  );
}

export function withUserScope<T>(
  pool: Pool,
  scope: UserScope,
  fn: (client: PoolClient) => Promise<T>,
): Promise<T> {
  return withTransaction(pool, async (client) => {
    await enterUserScope(client, scope);
    return fn(client);
  });
}
