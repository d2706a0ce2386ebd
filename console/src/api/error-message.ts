// What an operator reads when a call fails: the daemon's message (it already names the field,
// the value and what was expected), its code, and the field issues for inline form messages.
import { isTRPCClientError } from '@trpc/client';

export interface FieldProblem {
  path: string;
  value?: unknown;
  expected: string;
}

export interface CallError {
  message: string;
  code: string;
  issues: FieldProblem[];
}

export function toCallError(err: unknown): CallError {
  if (isTRPCClientError(err)) {
    const data = (err.data ?? {}) as { code?: string; appCode?: string; issues?: FieldProblem[] };
    return { message: err.message, code: data.appCode ?? data.code ?? 'ERROR', issues: data.issues ?? [] };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { message, code: 'ERROR', issues: [] };
}
