// Demo data for `npm run screenshots`, created through the public API as the admin would.
// Returns the extra pages worth photographing once that data exists.
import type { Page } from 'playwright-core';
import { createClient } from '../daemon/src/api/client';

export interface SeededShot {
  file: string;
  hash: string;
  ready: (page: Page) => Promise<unknown>;
}

export async function seedDemo(
  url: string,
  admin: { email: string; password: string },
): Promise<{ shots: SeededShot[] }> {
  const anonymous = createClient({ url });
  const { token } = await anonymous.api.auth.login.mutate(admin);
  anonymous.close();
  const qt = createClient({ url, token });
  try {
    // Something in the users table for the database pages.
    await qt.api.users.create.mutate({ email: 'viewer@example.com', role: 'viewer' }).catch(() => undefined);
    return { shots: [] };
  } finally {
    qt.close();
  }
}
