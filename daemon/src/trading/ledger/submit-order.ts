// The outbox: an order is committed (status `new`, with its signal) before anything is sent.
// A deployment's order is written under its lease (the orders trigger checks the fence in this
// same transaction). Submitting the same signal again — a strategy replaying bars after a restart —
// returns the order already there instead of a second one; the same client order id with other
// contents is refused.
import { AppError, validationError, type FieldIssue } from '../../core/errors';
import { isClientOrderId } from '../../core/order-lifecycle';
import { BROKER_ORDER_TYPES, BROKER_PRODUCTS, VALIDITIES } from '../../core/order-lifecycle';
import { ORDER_TYPES } from '../../core/order';
import { checkOrderCostModel } from '../../costs';
import { withTransaction, type Pool, type PoolClient } from '../../db/pool';
import { applyFence, fenceErrorToAppError, type Fence } from '../lease/lease-store';
import { priceText } from './amounts';
import type { LedgerOrder, SignalInput, SubmitOrderInput } from './ledger-types';
import { appendEvent, ORDER_COLUMNS, toLedgerOrder, type OrderRow } from './order-store';

export interface SubmitResult {
  order: LedgerOrder;
  /** False when the signal (or client order id) was already recorded: nothing new was written. */
  created: boolean;
}

function positivePrice(issues: FieldIssue[], path: string, value: number | undefined, needed: boolean): void {
  if (value === undefined) {
    if (needed) issues.push({ path, value, expected: 'a price > 0 for this order type' });
  } else if (!(Number.isFinite(value) && value > 0)) issues.push({ path, value, expected: 'a price > 0' });
}

export function checkSubmitInput(input: SubmitOrderInput, fence: Fence | null): void {
  const issues: FieldIssue[] = [];
  if (!isClientOrderId(input.clientOrderId))
    issues.push({
      path: 'clientOrderId',
      value: input.clientOrderId,
      expected: '1-30 characters of [A-Za-z0-9_-]',
    });
  if (!Number.isSafeInteger(input.qty) || input.qty <= 0)
    issues.push({ path: 'qty', value: input.qty, expected: 'a whole number of units > 0' });
  if (input.side !== 'buy' && input.side !== 'sell')
    issues.push({ path: 'side', value: input.side, expected: "'buy' or 'sell'" });
  if (!BROKER_ORDER_TYPES.includes(input.orderType))
    issues.push({
      path: 'orderType',
      value: input.orderType,
      expected: `one of ${BROKER_ORDER_TYPES.join(', ')}`,
    });
  if (!BROKER_PRODUCTS.includes(input.product))
    issues.push({ path: 'product', value: input.product, expected: `one of ${BROKER_PRODUCTS.join(', ')}` });
  if (!VALIDITIES.includes(input.validity))
    issues.push({ path: 'validity', value: input.validity, expected: `one of ${VALIDITIES.join(', ')}` });
  positivePrice(
    issues,
    'limitPrice',
    input.limitPrice,
    input.orderType === 'LIMIT' || input.orderType === 'STOP_LOSS',
  );
  positivePrice(
    issues,
    'triggerPrice',
    input.triggerPrice,
    input.orderType === 'STOP_LOSS' || input.orderType === 'STOP_LOSS_MARKET',
  );
  if (input.deploymentId !== null && fence?.deploymentId !== input.deploymentId)
    issues.push({
      path: 'fence',
      value: fence?.deploymentId,
      expected: `the lease of deployment ${input.deploymentId}`,
    });
  if (input.signal) checkSignal(issues, input.signal, input.deploymentId);
  if (issues.length) throw validationError(issues, 'order');
  checkOrderCostModel(input.costModel);
}

function checkSignal(issues: FieldIssue[], s: SignalInput, deploymentId: number | null): void {
  if (deploymentId === null)
    issues.push({ path: 'signal', value: 'given', expected: 'no signal on an order without a deployment' });
  if (!(typeof s.signalKey === 'string' && s.signalKey.length > 0 && s.signalKey.length <= 200))
    issues.push({ path: 'signal.signalKey', value: s.signalKey, expected: '1-200 characters' });
  if (!Number.isFinite(s.barTime))
    issues.push({ path: 'signal.barTime', value: s.barTime, expected: 'epoch milliseconds' });
  if (!ORDER_TYPES.includes(s.orderType))
    issues.push({
      path: 'signal.orderType',
      value: s.orderType,
      expected: `one of ${ORDER_TYPES.join(', ')}`,
    });
  if (!Number.isSafeInteger(s.qty) || s.qty <= 0)
    issues.push({ path: 'signal.qty', value: s.qty, expected: 'a whole number > 0' });
}

/**
 * Inserts the signal (accepted: its order is written in the same transaction, or nothing is);
 * returns its id, or the existing signal's id with `existing`.
 */
async function insertSignal(
  client: PoolClient,
  input: SubmitOrderInput,
): Promise<{ id: number; existing: boolean }> {
  const s = input.signal!;
  const { rows } = await client.query<{ id: number }>(
    `INSERT INTO signals (owner_id, deployment_id, signal_key, instrument_id, side, qty, order_type, limit_price,
                          trigger_price, bar_time, status, strategy_id, strategy_version, tag, indicators)
     SELECT d.owner_id, d.id, $2, $3, $4, $5, $6, $7, $8, $9, 'accepted', $10, $11, $12, $13
       FROM deployments d WHERE d.id = $1
     ON CONFLICT (deployment_id, signal_key) DO NOTHING
     RETURNING id`,
    [
      input.deploymentId,
      s.signalKey,
      input.instrumentId,
      s.side,
      s.qty,
      s.orderType,
      priceText(s.limitPrice),
      priceText(s.triggerPrice),
      new Date(s.barTime),
      s.strategyId ?? null,
      s.strategyVersion ?? null,
      s.tag ?? null,
      JSON.stringify(s.indicators ?? {}),
    ],
  );
  if (rows[0]) return { id: rows[0].id, existing: false };
  const found = await client.query<{ id: number }>(
    'SELECT id FROM signals WHERE deployment_id = $1 AND signal_key = $2',
    [input.deploymentId, s.signalKey],
  );
  if (!found.rows[0]) throw new AppError('NOT_FOUND', `deployment ${input.deploymentId} does not exist`);
  return { id: found.rows[0].id, existing: true };
}

async function insertOrder(
  client: PoolClient,
  input: SubmitOrderInput,
  signalId: number | null,
): Promise<LedgerOrder | undefined> {
  const { rows } = await client.query<OrderRow>(
    `WITH inserted AS (
       INSERT INTO orders (owner_id, deployment_id, signal_id, broker_account_id, client_order_id, instrument_id, side,
                           qty, order_type, product, validity, limit_price, trigger_price, cost_model)
       SELECT ba.owner_id, $1, $2, ba.id, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13
         FROM broker_accounts ba
        WHERE ba.id = $3
          AND ($1::bigint IS NULL OR EXISTS (SELECT 1 FROM deployments d WHERE d.id = $1 AND d.broker_account_id = ba.id))
       ON CONFLICT (client_order_id) DO NOTHING
       RETURNING *)
     SELECT ${ORDER_COLUMNS} FROM inserted o`,
    [
      input.deploymentId,
      signalId,
      input.brokerAccountId,
      input.clientOrderId,
      input.instrumentId,
      input.side,
      input.qty,
      input.orderType,
      input.product,
      input.validity,
      priceText(input.limitPrice),
      priceText(input.triggerPrice),
      input.costModel,
    ],
  );
  return rows[0] ? toLedgerOrder(rows[0]) : undefined;
}

async function existingOrder(
  client: PoolClient,
  input: SubmitOrderInput,
  signalId: number | null,
): Promise<LedgerOrder> {
  const { rows } = await client.query<OrderRow>(
    `SELECT ${ORDER_COLUMNS} FROM orders o WHERE o.client_order_id = $1 OR ($2::bigint IS NOT NULL AND o.signal_id = $2)`,
    [input.clientOrderId, signalId],
  );
  const same = rows.find(
    (r) => r.client_order_id === input.clientOrderId && (signalId === null || r.signal_id === signalId),
  );
  if (same) return toLedgerOrder(same);
  const bySignal = rows.find((r) => signalId !== null && r.signal_id === signalId);
  if (bySignal) return toLedgerOrder(bySignal);
  if (rows[0])
    throw new AppError(
      'CONFLICT',
      `client order id ${input.clientOrderId} is already used by order ${rows[0].id}`,
      {
        clientOrderId: input.clientOrderId,
      },
    );
  if (signalId !== null)
    throw new AppError(
      'CONFLICT',
      `signal ${input.signal?.signalKey} was already recorded without an order (refused)`,
      {
        signalKey: input.signal?.signalKey,
      },
    );
  throw validationError(
    [
      {
        path: 'brokerAccountId',
        value: input.brokerAccountId,
        expected:
          input.deploymentId === null
            ? 'an existing broker account'
            : `the broker account of deployment ${input.deploymentId}`,
      },
    ],
    'order',
  );
}

/** Lets this flatten switch's own orders past the orders trigger, for this transaction only. */
export async function allowFlatten(client: PoolClient, killSwitchId: number): Promise<void> {
  await client.query(`SELECT set_config('app.risk_flatten_switch', $1, true)`, [String(killSwitchId)]);
}

/** Commits the order (status `new`) and its signal; nothing is sent. */
export async function submitOrder(
  pool: Pool,
  fence: Fence | null,
  input: SubmitOrderInput,
): Promise<SubmitResult> {
  checkSubmitInput(input, fence);
  try {
    return await withTransaction(pool, async (client) => {
      await applyFence(client, input.deploymentId === null ? null : fence);
      if (input.flattenSwitchId !== undefined) await allowFlatten(client, input.flattenSwitchId);
      const signal = input.signal ? await insertSignal(client, input) : undefined;
      if (signal?.existing) return { order: await existingOrder(client, input, signal.id), created: false };
      const order = await insertOrder(client, input, signal?.id ?? null);
      if (!order) return { order: await existingOrder(client, input, signal?.id ?? null), created: false };
      await appendEvent(client, {
        order,
        key: 'created',
        kind: 'created',
        status: 'new',
        filledQty: 0,
        source: 'ledger',
        leaseToken: order.leaseToken,
        payload: { costModel: input.costModel },
      });
      return { order, created: true };
    });
  } catch (err) {
    throw translateWriteError(err, fence, input);
  }
}

/** Database refusals as errors that name what was wrong. */
export function translateWriteError(err: unknown, fence: Fence | null, input: SubmitOrderInput): unknown {
  const fenced = fenceErrorToAppError(err, fence);
  if (fenced !== err) return fenced;
  const code = (err as { code?: string }).code;
  const constraint = (err as { constraint?: string }).constraint ?? '';
  if (code === '23503' && constraint.includes('instrument'))
    return validationError(
      [{ path: 'instrumentId', value: input.instrumentId, expected: 'an instrument in the master' }],
      'order',
    );
  return err;
}

/**
 * Records a signal the order path refused before any order existed (a risk denial, a validation
 * failure), so it stays visible with its reason. Idempotent on the signal key.
 */
export async function recordRefusedSignal(
  pool: Pool,
  deploymentId: number,
  instrumentId: number,
  signal: SignalInput,
  reason: string,
): Promise<number> {
  const { rows } = await pool.query<{ id: number }>(
    `INSERT INTO signals (owner_id, deployment_id, signal_key, instrument_id, side, qty, order_type, limit_price,
                          trigger_price, bar_time, status, status_reason, strategy_id, strategy_version, tag, indicators)
     SELECT d.owner_id, d.id, $2, $3, $4, $5, $6, $7, $8, $9, 'rejected', $10, $11, $12, $13, $14
       FROM deployments d WHERE d.id = $1
     ON CONFLICT (deployment_id, signal_key) DO UPDATE SET status_reason = signals.status_reason
     RETURNING id`,
    [
      deploymentId,
      signal.signalKey,
      instrumentId,
      signal.side,
      signal.qty,
      signal.orderType,
      priceText(signal.limitPrice),
      priceText(signal.triggerPrice),
      new Date(signal.barTime),
      reason,
      signal.strategyId ?? null,
      signal.strategyVersion ?? null,
      signal.tag ?? null,
      JSON.stringify(signal.indicators ?? {}),
    ],
  );
  if (!rows[0]) throw new AppError('NOT_FOUND', `deployment ${deploymentId} does not exist`);
  return rows[0].id;
}
