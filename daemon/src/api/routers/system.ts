// system.*: what the daemon is and how it is doing. info is public (load balancers, the login
// page); the rest needs a signed-in viewer.
import { z } from 'zod';
import type { BusEvent } from '../../events/event-map';
import { publicProcedure, router, viewerProcedure } from '../trpc';
import { systemOutputs as out } from '../outputs/system';

const SYSTEM_EVENTS = ['system.heartbeat', 'system.health'] as const;

export const systemRouter = router({
  info: publicProcedure
    .meta({ description: 'Version, uptime, roles and database mode (and the Node.js version, signed in)' })
    .output(out.info)
    .query(({ ctx }) => ({
      name: 'quanttrade',
      version: ctx.daemon.version,
      daemonId: ctx.daemon.id,
      startedAt: new Date(ctx.daemon.startedAt).toISOString(),
      uptimeSeconds: Math.round((Date.now() - ctx.daemon.startedAt) / 1000),
      roles: ctx.daemon.roles,
      databaseMode: ctx.daemon.databaseMode,
      // The runtime's exact version helps an attacker pick an exploit: signed-in users only.
      ...(ctx.user ? { node: process.version } : {}),
    })),

  health: viewerProcedure
    .meta({ description: 'Every health check: database, migrations, jobs, event bridge, broker, feed' })
    .output(out.health)
    .query(({ ctx }) => ctx.health.check()),

  procedures: viewerProcedure
    .meta({ description: 'Every procedure with its type, role, input JSON Schema and an example input' })
    .output(out.procedures)
    .query(({ ctx }) => ctx.procedures),

  recentErrors: viewerProcedure
    .meta({ description: 'The latest warnings and errors this daemon logged (redacted)' })
    .output(out.recentErrors)
    .query(({ ctx }) => ctx.recentLogs.list()),

  events: viewerProcedure
    .meta({
      description: 'Live stream: heartbeat (vitals, queue depths) every few seconds and health changes',
      example: { types: ['system.heartbeat', 'system.health'] },
    })
    .input(z.object({ types: z.array(z.enum(SYSTEM_EVENTS)).min(1).optional() }).optional())
    .subscription(async function* ({ ctx, input, signal }) {
      const types = input?.types ?? [...SYSTEM_EVENTS];
      const now = new Date().toISOString();
      // Start with the current state, so a client draws something before the first tick.
      if (types.includes('system.heartbeat')) {
        yield { type: 'system.heartbeat', at: now, payload: ctx.vitals.current() } as SystemEvent;
      }
      if (types.includes('system.health')) {
        const report = await ctx.health.check();
        yield {
          type: 'system.health',
          at: now,
          payload: { daemonId: ctx.daemon.id, ...report },
        } as SystemEvent;
      }
      for await (const event of ctx.bus.stream(types, { signal })) {
        yield { type: event.type, at: event.at, payload: event.payload } as SystemEvent;
      }
    }),
});

export type SystemEvent = {
  [K in (typeof SYSTEM_EVENTS)[number]]: { type: K; at: string; payload: BusEvent<K>['payload'] };
}[(typeof SYSTEM_EVENTS)[number]];
