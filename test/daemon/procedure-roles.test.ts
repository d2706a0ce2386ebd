// Every procedure must declare its minimum role: this walks the whole router (every domain's,
// including routers added later) and fails for any that does not. It also checks the catalogue
// the API explorer shows.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeProcedures } from '../../daemon/src/api/procedure-catalogue';
import { restOperations } from '../../daemon/src/api/rest/rest-operations';
import { appRouter } from '../../daemon/src/api/router';
import { ROLE_RANK } from '../../daemon/src/api/trpc';

const procedures = describeProcedures(appRouter);

describe('procedure roles', () => {
  it('finds the procedures of every domain router', () => {
    const paths = procedures.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining(['system.info', 'system.events', 'auth.login', 'users.create', 'tokens.revoke']),
    );
  });

  it('every procedure declares a known minimum role', () => {
    const missing = procedures.filter((p) => !p.role || !(p.role in ROLE_RANK)).map((p) => p.path);
    expect(missing, `procedures without .meta({ role }): ${missing.join(', ')}`).toEqual([]);
  });

  it('only the login and the daemon info are public', () => {
    const publicOnes = procedures.filter((p) => p.role === 'public').map((p) => p.path);
    // A new public procedure must be a deliberate decision: add it here with a reason.
    const allowed = new Set(['system.info', 'auth.login']);
    expect(publicOnes.filter((p) => !allowed.has(p))).toEqual([]);
  });

  // The output schema is what the OpenAPI document (GET /openapi.json) says a call returns, and
  // what tRPC checks each answer against: a procedure without one would be undocumented over REST.
  it('every query and mutation declares an output schema (.output(...))', () => {
    const missing = restOperations(appRouter)
      .filter((op) => op.output === undefined)
      .map((op) => op.procedure);
    expect(missing, `procedures without .output(schema): ${missing.join(', ')}`).toEqual([]);
  });

  it('describes inputs as JSON Schema with an example input that the schema accepts', () => {
    const create = procedures.find((p) => p.path === 'users.create')!;
    expect(create).toMatchObject({ type: 'mutation', role: 'admin' });
    expect(create.inputSchema).toMatchObject({ type: 'object', required: ['email', 'role'] });
    expect(create.example).toEqual({ email: 'analyst@example.com', role: 'viewer' });
    const events = procedures.find((p) => p.path === 'system.events')!;
    expect(events.type).toBe('subscription');
    const info = procedures.find((p) => p.path === 'system.info')!;
    expect(info.inputSchema).toBeNull();
  });

  it("every procedure's example input (declared or generated) parses against its own input schema", () => {
    const defs = appRouter._def.procedures as unknown as Record<string, { _def: { inputs: unknown[] } }>;
    const rejected: string[] = [];
    let checked = 0;
    for (const p of procedures) {
      const schemas = defs[p.path]!._def.inputs.filter((i): i is z.ZodType => i instanceof z.ZodType);
      if (schemas.length === 0) continue;
      checked++;
      for (const schema of schemas) {
        const parsed = schema.safeParse(p.example);
        if (!parsed.success)
          rejected.push(`${p.path}: ${JSON.stringify(p.example)} → ${z.prettifyError(parsed.error)}`);
      }
    }
    expect(checked).toBeGreaterThan(20);
    expect(rejected, rejected.join('\n')).toEqual([]);
  });
});
