// A deployment's P&L through the day (deployment_pnl_marks, sql/023): the runner records one
// mark per bar step after marking the positions at the bar's close, summed exactly in SQL from
// the positions as they stand — the same figures trading.summary sends, frozen at that moment.
// The console reads a day's marks to draw the intraday curve from the session's start.
import type { Pool, PoolClient } from '../../db/pool';

type Queryable = Pool | PoolClient;

export interface PnlMark {
  at: number;
  barTime: number;
  realisedPnl: string;
  unrealisedPnl: string;
  dayPnl: string;
  costs: string;
  netPnl: string;
}

/**
 * Records the deployment's P&L at `at` (its positions' sums; the day P&L of those rolled to the
 * IST date of `at`). A second mark at the same instant replaces the first.
 */
export async function recordPnlMark(
  db: Queryable,
  mark: { deploymentId: number; at: number; barTime: number },
): Promise<void> {
  await db.query(
    `WITH m AS (SELECT $2::timestamptz AS at, ($2::timestamptz AT TIME ZONE 'Asia/Kolkata')::date AS day)
     INSERT INTO deployment_pnl_marks
       (deployment_id, owner_id, at, bar_time, day, realised_pnl, unrealised_pnl, day_pnl, costs, net_pnl)
     SELECT d.id, d.owner_id, m.at, $3, m.day,
            coalesce(sum(p.realised_pnl), 0), coalesce(sum(p.unrealised_pnl), 0),
            coalesce(sum(p.day_pnl) FILTER (WHERE p.day = m.day), 0), coalesce(sum(p.costs), 0)::numeric(24, 2),
            (coalesce(sum(p.realised_pnl), 0) + coalesce(sum(p.unrealised_pnl), 0) - coalesce(sum(p.costs), 0))::numeric(24, 2)
       FROM deployments d CROSS JOIN m LEFT JOIN positions p ON p.deployment_id = d.id
      WHERE d.id = $1
      GROUP BY d.id, d.owner_id, m.at, m.day
     ON CONFLICT (deployment_id, at) DO UPDATE SET
       bar_time = EXCLUDED.bar_time, realised_pnl = EXCLUDED.realised_pnl,
       unrealised_pnl = EXCLUDED.unrealised_pnl, day_pnl = EXCLUDED.day_pnl, costs = EXCLUDED.costs,
       net_pnl = EXCLUDED.net_pnl`,
    [mark.deploymentId, new Date(mark.at), new Date(mark.barTime)],
  );
}

/** At most this many marks per read (a 1m deployment makes 375 a session). */
export const MAX_MARKS = 5000;

/**
 * One IST day's marks of a deployment, oldest first: `day` (default: the day of its latest mark),
 * only those after `after` (ms) when given — the console appends what is new.
 */
export async function listPnlMarks(
  db: Queryable,
  query: { deploymentId: number; day?: string; after?: number },
): Promise<{ day: string | null; marks: PnlMark[] }> {
  const { rows } = await db.query<{
    day: string | null;
    at: Date | null;
    bar_time: Date;
    realised_pnl: string;
    unrealised_pnl: string;
    day_pnl: string;
    costs: string;
    net_pnl: string;
  }>(
    `WITH d AS (
       SELECT coalesce($2::date,
                       (SELECT day FROM deployment_pnl_marks WHERE deployment_id = $1 ORDER BY at DESC LIMIT 1)) AS day)
     SELECT d.day::text AS day, m.at, m.bar_time, m.realised_pnl::text AS realised_pnl,
            m.unrealised_pnl::text AS unrealised_pnl, m.day_pnl::text AS day_pnl, m.costs::text AS costs,
            m.net_pnl::text AS net_pnl
       FROM d LEFT JOIN LATERAL (
              SELECT * FROM deployment_pnl_marks
               WHERE deployment_id = $1 AND day = d.day AND ($3::timestamptz IS NULL OR at > $3)
               ORDER BY at LIMIT ${MAX_MARKS}) m ON true
      ORDER BY m.at`,
    [query.deploymentId, query.day ?? null, query.after === undefined ? null : new Date(query.after)],
  );
  return {
    day: rows[0]?.day ?? null,
    marks: rows.flatMap((r) =>
      r.at === null
        ? []
        : [
            {
              at: r.at.getTime(),
              barTime: r.bar_time.getTime(),
              realisedPnl: r.realised_pnl,
              unrealisedPnl: r.unrealised_pnl,
              dayPnl: r.day_pnl,
              costs: r.costs,
              netPnl: r.net_pnl,
            },
          ],
    ),
  };
}
