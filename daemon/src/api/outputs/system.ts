// Output schemas of system.* (see common.ts).
import { z } from 'zod';
import { isoTime, jsonObject } from './common';

const healthStatus = z.enum(['ok', 'degraded', 'down', 'not_configured']);

export const healthReport = z.object({
  status: z.enum(['ok', 'degraded', 'down']),
  checks: z.record(z.string(), z.object({ status: healthStatus, detail: z.string().optional() })),
});

export const systemOutputs = {
  info: z.object({
    name: z.string(),
    version: z.string(),
    daemonId: z.string(),
    startedAt: isoTime,
    uptimeSeconds: z.number(),
    roles: z.array(z.enum(['api', 'worker', 'scheduler', 'trader'])).readonly(),
    databaseMode: z.enum(['embedded', 'attached', 'external']),
    node: z.string().optional().describe('The Node.js version: for signed-in callers only'),
  }),
  health: healthReport,
  procedures: z.array(
    z.object({
      path: z.string(),
      type: z.enum(['query', 'mutation', 'subscription']),
      role: z.enum(['public', 'viewer', 'operator', 'admin']).optional(),
      description: z.string().optional(),
      inputSchema: jsonObject.nullable().describe('JSON Schema of the input; null when it takes none'),
      example: z.unknown(),
    }),
  ),
  recentErrors: z.array(
    z.object({
      at: isoTime,
      level: z.enum(['warn', 'error', 'fatal']),
      msg: z.string(),
      module: z.string().optional(),
      err: z.string().optional(),
    }),
  ),
};
