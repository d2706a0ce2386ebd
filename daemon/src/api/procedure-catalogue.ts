// Describes every procedure of a router — path, type, minimum role, input JSON Schema and an
// example input — for system.procedures (the console's API explorer) and for the test that
// fails when a procedure declares no role.
import type { AnyRouter } from '@trpc/server';
import { z } from 'zod';
import { exampleFromSchema, type JsonSchema } from './json-schema-example';
import type { MinimumRole, ProcedureMeta } from './trpc';

export interface ProcedureInfo {
  path: string;
  type: 'query' | 'mutation' | 'subscription';
  /** undefined only for a procedure that forgot to declare one (the role test fails then). */
  role: MinimumRole | undefined;
  description?: string;
  /** JSON Schema of the input; null when the procedure takes none. */
  inputSchema: JsonSchema | null;
  example: unknown;
}

interface ProcedureDef {
  type: ProcedureInfo['type'];
  meta?: ProcedureMeta;
  inputs: unknown[];
}

function inputSchema(inputs: unknown[]): JsonSchema | null {
  const schemas = inputs.filter((i): i is z.ZodType => i instanceof z.ZodType);
  if (schemas.length === 0) return null;
  const toJson = (s: z.ZodType) =>
    z.toJSONSchema(s, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  if (schemas.length === 1) return toJson(schemas[0]!);
  return { allOf: schemas.map(toJson) };
}

export function describeProcedures(router: AnyRouter): ProcedureInfo[] {
  const procedures = router._def.procedures as Record<string, { _def: ProcedureDef }>;
  return Object.entries(procedures)
    .map(([path, procedure]) => {
      const def = procedure._def;
      const schema = inputSchema(def.inputs);
      return {
        path,
        type: def.type,
        role: def.meta?.role,
        description: def.meta?.description,
        inputSchema: schema,
        example: def.meta?.example ?? (schema ? exampleFromSchema(schema) : undefined),
      };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}
