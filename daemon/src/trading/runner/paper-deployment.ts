// The rows a one-shot paper run stands on (`quanttrade paper`, replay parity): a paper broker
// account with its venue books, the template strategy (or user code) as a saved version, and a
// deployment created through the deployments store — the same rows a deployment made over the
// API has.
import { createPaperAccount } from '../../broker/paper/paper-account';
import { sourceHash } from '../../sandbox/compile';
import { withTransaction, type Pool } from '../../db/pool';
import { createDeployment, type DeploymentRow } from '../deployments/deployment-store';
import type { DeploymentProduct, DeploymentTimeframe } from '../deployments/deployment-spec';

export interface PaperDeploymentSpec {
  ownerId: number;
  /** Shown in lists: `paper sma-cross 2025-01-06…`. */
  name: string;
  /** A template name, or `code` instead. */
  template?: string;
  /** User code (the source as saved; its schema's declaration as the code declared it). */
  code?: { source: string; language: 'ts' | 'js'; name: string; paramSchema: Record<string, unknown> };
  params: Record<string, unknown>;
  symbols: string[];
  timeframe: DeploymentTimeframe;
  product: DeploymentProduct;
  capital: number;
  /** The venue's and the ledger's cost model ('india' by product, or a costs name). */
  costModel: string;
  slippage: string;
}

export async function createPaperDeployment(pool: Pool, spec: PaperDeploymentSpec): Promise<DeploymentRow> {
  return withTransaction(pool, async (db) => {
    const account = await db.query<{ id: number }>(
      `INSERT INTO broker_accounts (owner_id, broker, label) VALUES ($1, 'paper', $2) RETURNING id`,
      [
        spec.ownerId,
        `${spec.name} #${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`,
      ],
    );
    const brokerAccountId = Number(account.rows[0]!.id);
    await createPaperAccount(db, {
      brokerAccountId,
      startingCapital: spec.capital,
      costModel: spec.costModel,
      slippage: spec.slippage,
    });
    const strategy = await db.query<{ id: number }>(
      `INSERT INTO strategies (owner_id, name, description) VALUES ($1, $2, 'quanttrade paper') RETURNING id`,
      [spec.ownerId, spec.name],
    );
    const strategyId = Number(strategy.rows[0]!.id);
    const code = spec.code;
    await db.query(
      `INSERT INTO strategy_versions (strategy_id, version, owner_id, template, params, universe,
         source, source_hash, language, code_name, param_schema)
       VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        strategyId,
        spec.ownerId,
        code ? null : (spec.template ?? null),
        JSON.stringify(spec.params),
        JSON.stringify({ symbols: spec.symbols, timeframe: spec.timeframe }),
        code?.source ?? null,
        code ? sourceHash(code.source) : null,
        code?.language ?? null,
        code?.name ?? null,
        code ? JSON.stringify(code.paramSchema) : null,
      ],
    );
    return createDeployment(
      db,
      spec.ownerId,
      {
        name: spec.name,
        strategyId,
        strategyVersion: 1,
        params: spec.params,
        symbols: spec.symbols,
        timeframe: spec.timeframe,
        product: spec.product,
        capital: spec.capital.toFixed(2),
        brokerAccountId,
        riskProfileId: null,
        mode: 'paper',
      },
      { actor: 'user', actorUserId: spec.ownerId, reason: 'quanttrade paper' },
    );
  });
}
