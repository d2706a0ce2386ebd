// Signals as the API and CLI show them: every order a strategy emitted, accepted or refused, with
// the risk rules that refused it (risk_violations of the signal) and the order it became.
import type { Pool, PoolClient } from '../../db/pool';
import {
  Conditions,
  iso,
  pagingSql,
  rangeCondition,
  symbolCondition,
  type Paging,
  type TimeRange,
} from './view-filters';

type Queryable = Pool | PoolClient;

export interface SignalView {
  id: number;
  deploymentId: number;
  strategyId: number | null;
  strategyVersion: number | null;
  signalKey: string;
  symbol: string;
  side: 'buy' | 'sell';
  qty: number;
  orderType: string;
  limitPrice: string | null;
  triggerPrice: string | null;
  barTime: string;
  status: 'pending' | 'accepted' | 'rejected';
  /** Why it was refused: a risk rule code or a validation message. */
  reason: string | null;
  /** The risk rules that denied it, with their messages. */
  violations: { rule: string; message: string }[];
  tag: string | null;
  indicators: Record<string, unknown>;
  orderId: number | null;
  createdAt: string;
}

export interface SignalFilter extends TimeRange, Paging {
  deploymentId?: number;
  status?: 'pending' | 'accepted' | 'rejected';
  symbol?: string;
}

export async function listSignalViews(
  db: Queryable,
  filter: SignalFilter = {},
): Promise<{ signals: SignalView[]; total: number }> {
  const c = new Conditions();
  if (filter.deploymentId !== undefined) c.add((p) => `s.deployment_id = ${p(filter.deploymentId)}`);
  if (filter.status !== undefined) c.add((p) => `s.status = ${p(filter.status)}`);
  symbolCondition(c, filter.symbol);
  rangeCondition(c, 's.bar_time', filter);
  const { rows } = await db.query<
    Record<string, unknown> & { bar_time: Date; created_at: Date; total: number }
  >(
    `SELECT count(*) OVER () AS total, s.id, s.deployment_id, s.strategy_id, s.strategy_version, s.signal_key,
            i.exchange || ':' || i.symbol AS symbol, s.side, s.qty, s.order_type, s.limit_price::text,
            s.trigger_price::text, s.bar_time, s.status, s.status_reason, s.tag, s.indicators, s.created_at,
            (SELECT o.id FROM orders o WHERE o.signal_id = s.id) AS order_id,
            coalesce((SELECT jsonb_agg(jsonb_build_object('rule', v.rule, 'message', v.message) ORDER BY v.id)
                        FROM risk_violations v WHERE v.signal_id = s.id), '[]') AS violations
       FROM signals s JOIN instruments i ON i.id = s.instrument_id
       ${c.where}
      ORDER BY s.bar_time DESC, s.id DESC ${pagingSql(c, filter)}`,
    c.values,
  );
  return {
    total: rows[0]?.total ?? 0,
    signals: rows.map((r) => ({
      id: r.id as number,
      deploymentId: r.deployment_id as number,
      strategyId: r.strategy_id as number | null,
      strategyVersion: r.strategy_version as number | null,
      signalKey: r.signal_key as string,
      symbol: r.symbol as string,
      side: r.side as 'buy' | 'sell',
      qty: r.qty as number,
      orderType: r.order_type as string,
      limitPrice: r.limit_price as string | null,
      triggerPrice: r.trigger_price as string | null,
      barTime: r.bar_time.toISOString(),
      status: r.status as SignalView['status'],
      reason: r.status_reason as string | null,
      violations: r.violations as SignalView['violations'],
      tag: r.tag as string | null,
      indicators: r.indicators as Record<string, unknown>,
      orderId: r.order_id as number | null,
      createdAt: iso(r.created_at)!,
    })),
  };
}
