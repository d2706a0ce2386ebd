// Output schemas of auth.*, users.* and tokens.* (see common.ts).
import { z } from 'zod';
import { isoTime, userRole } from './common';

export const userRow = z.object({
  id: z.number().int(),
  email: z.string(),
  role: userRole,
  disabledAt: isoTime.nullable(),
  lastLoginAt: isoTime.nullable(),
  createdAt: isoTime,
});

export const session = z.object({
  token: z.string().describe('Session token for "Authorization: Bearer …"'),
  expiresAt: isoTime,
});

export const apiToken = z.object({
  id: z.number().int(),
  userId: z.number().int(),
  name: z.string(),
  prefix: z.string().describe('The first characters of the token, to recognise it'),
  createdAt: isoTime,
  lastUsedAt: isoTime.nullable(),
  expiresAt: isoTime.nullable(),
  revokedAt: isoTime.nullable(),
});

export const authOutputs = {
  login: session.extend({ user: userRow }),
  me: z.object({
    id: z.number().int(),
    email: z.string(),
    role: userRole,
    via: z.enum(['session', 'token']),
    tokenId: z.number().int().optional(),
  }),
  refresh: session,
  changePassword: z.object({
    ok: z.literal(true),
    session: session
      .nullable()
      .describe("Called with a session: that session's replacement (the others ended)"),
  }),
};

export const usersOutputs = {
  list: z.array(userRow),
  create: z.object({
    user: userRow,
    generatedPassword: z.string().optional().describe('Shown once, when no password was given'),
  }),
  change: userRow,
};

export const tokensOutputs = {
  list: z.array(apiToken),
  create: apiToken.extend({ token: z.string().describe('The token itself: shown once, never stored') }),
  revoke: apiToken,
};
