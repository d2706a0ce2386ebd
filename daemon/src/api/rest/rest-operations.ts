// The REST view of the router: every query and mutation becomes one HTTP operation, derived from
// what the procedure already declares — no per-procedure REST metadata to write or forget:
//   backtests.results (query)    → GET  /api/backtests/results?id=1&points=500
//   backtests.submit  (mutation) → POST /api/backtests/submit   with a JSON body
// Subscriptions stay on the WebSocket (tRPC): REST clients poll the matching query instead.
import type { AnyRouter } from '@trpc/server';
import { z } from 'zod';
import type { MinimumRole, ProcedureMeta } from '../trpc';

export const REST_PREFIX = '/api';

export interface RestOperation {
  /** The tRPC path, e.g. `backtests.results`. */
  procedure: string;
  method: 'GET' | 'POST';
  /** The URL path, e.g. `/api/backtests/results`. */
  url: string;
  role: MinimumRole | undefined;
  description?: string;
  example?: unknown;
  /** The input schema (several `.input()` calls are merged by tRPC; they are listed in order). */
  inputs: z.ZodType[];
  /** The output schema; undefined only for a procedure that forgot `.output()` (a test fails). */
  output: z.ZodType | undefined;
}

interface ProcedureDef {
  type: 'query' | 'mutation' | 'subscription';
  meta?: ProcedureMeta;
  inputs: unknown[];
  output?: unknown;
}

/** `backtests.results` → `/api/backtests/results`. */
export function restUrl(procedure: string): string {
  return `${REST_PREFIX}/${procedure.split('.').join('/')}`;
}

export function restOperations(router: AnyRouter): RestOperation[] {
  const procedures = router._def.procedures as Record<string, { _def: ProcedureDef }>;
  const operations: RestOperation[] = [];
  for (const [procedure, { _def: def }] of Object.entries(procedures)) {
    if (def.type === 'subscription') continue;
    operations.push({
      procedure,
      method: def.type === 'query' ? 'GET' : 'POST',
      url: restUrl(procedure),
      role: def.meta?.role,
      description: def.meta?.description,
      example: def.meta?.example,
      inputs: def.inputs.filter((i): i is z.ZodType => i instanceof z.ZodType),
      output: def.output instanceof z.ZodType ? def.output : undefined,
    });
  }
  return operations.sort((a, b) => a.procedure.localeCompare(b.procedure));
}
