// `quanttrade risk state`, `risk halt | reduce | resume`: trading states from the shell. The
// daemon running the scope hears the change from the database and applies it to its gate.
import { z } from 'zod';
import { formatIstDateTime } from '../../core/calendar/civil-date';
import { istDate } from '../../core/time';
import type { TradingState } from '../../risk/index';
import { SYSTEM_ACTOR } from '../../risk-control/risk-actor';
import { listStateChanges, listStates, stateAsOf } from '../../risk-control/trading-state-store';
import { setTradingState } from '../../risk-control/trading-state-service';
import { UsageError } from '../command';
import { riskCommand, row, SCOPE_OPTIONS } from './risk-cli';

const id = z.coerce.number().int().positive();

function scopeOf(
  f: Record<string, unknown>,
): { scope: 'account' | 'deployment'; scopeId: number } | undefined {
  if (f.account !== undefined && f.deployment !== undefined)
    throw new UsageError('give --account or --deployment, not both');
  if (f.account !== undefined) return { scope: 'account', scopeId: f.account as number };
  if (f.deployment !== undefined) return { scope: 'deployment', scopeId: f.deployment as number };
  return undefined;
}

export const state = riskCommand({
  summary: 'Trading states (ACTIVE, REDUCING, HALTED) and their latest changes',
  usage: '[--account N | --deployment N]',
  options: SCOPE_OPTIONS,
  schema: z.object({ account: id.optional(), deployment: id.optional() }),
  async run(f, _pool, run) {
    const scope = scopeOf(f);
    const today = istDate(Date.now());
    const states = await run((db) => listStates(db, scope ?? {}));
    if (states.length === 0) console.log('every account and deployment is ACTIVE (no state recorded)');
    for (const s of states.map((x) => stateAsOf(x, today)))
      console.log(
        row(
          [`${s.scope} ${s.scopeId}`, s.state, s.source, formatIstDateTime(s.since), s.reason],
          [18, 9, 9, 22, 0],
        ),
      );
    const changes = await run((db) => listStateChanges(db, { ...(scope ?? {}), limit: 20 }));
    if (changes.length > 0) console.log('\nlatest changes:');
    for (const c of changes)
      console.log(
        row(
          [formatIstDateTime(c.at), `${c.scope} ${c.scopeId}`, `${c.from} → ${c.to}`, c.by, c.reason],
          [22, 16, 22, 10, 0],
        ),
      );
    return 0;
  },
});

function mover(to: TradingState, what: string) {
  return riskCommand({
    summary: what,
    usage: `(--account N | --deployment N) --reason TEXT${to === 'HALTED' ? ' [--flatten]' : ''}`,
    options: {
      ...SCOPE_OPTIONS,
      reason: { type: 'string', value: 'TEXT', describe: 'why (audited)' },
      ...(to === 'HALTED'
        ? { flatten: { type: 'boolean', describe: 'also close the positions' } as const }
        : {}),
    },
    schema: z.object({
      account: id.optional(),
      deployment: id.optional(),
      reason: z.string().trim().min(1, 'a reason (it is audited)').max(500),
      ...(to === 'HALTED' ? { flatten: z.boolean().optional() } : {}),
    }),
    async run(f, _pool, run) {
      const scope = scopeOf(f);
      if (!scope) throw new UsageError('give --account N or --deployment N');
      const change = await setTradingState(run, SYSTEM_ACTOR, {
        ...scope,
        state: to,
        reason: f.reason as string,
        flatten: Boolean(f.flatten),
      });
      console.log(
        `${scope.scope} ${scope.scopeId}: ${change.from} → ${change.to}${change.flatten ? ' (flatten)' : ''}`,
      );
      return 0;
    },
  });
}

export const halt = mover(
  'HALTED',
  'Halt: stop everything but protective exits; open orders are cancelled (--flatten: positions closed)',
);
export const reduce = mover('REDUCING', 'Reduce: let only orders that reduce a position through');
export const resume = mover(
  'ACTIVE',
  'Resume: return the scope to ACTIVE (a loss limit still reached moves it again)',
);
