// One order decision, one durable commit: the signal row, the order row, its `created` and
// `sent` events and whatever the caller writes with them (the risk approval) go in a single
// fenced transaction, committed before the venue is called. The order is written as `sent`
// straight away because the venue call follows the commit at once: there is no window in which
// the ledger holds it unsent on purpose. The outbox rule is unchanged — the row is committed
// before the send, a write the fence refuses (lease lost, database gone) sends nothing, and a
// crash between the commit and the venue's answer leaves a `sent` order that restart recovery
// looks up by client order id (never resends). Compared with submit() + send() this saves two
// commits and about ten round trips per order (docs/trading.md "The outbox").
import { AppError } from '../../core/errors';
import type { Pool, PoolClient } from '../../db/pool';
import { fenceErrorToAppError, type Fence } from '../lease/lease-store';
import { priceText } from './amounts';
import type { LedgerOrder, SubmitOrderInput } from './ledger-types';
import { ORDER_COLUMNS, toLedgerOrder, type OrderRow } from './order-store';
import { allowFlatten, checkSubmitInput, submitOrder, translateWriteError } from './submit-order';

/** Written in the order's own transaction, after its row (e.g. the risk approval). */
export type OrderTransactionHook = (client: PoolClient, order: LedgerOrder) => Promise<void>;

export interface CommitSentResult {
  order: LedgerOrder;
  /** False when the signal or client order id was already recorded: nothing new was written. */
  created: boolean;
}

// The signal, the order (as sent) and its two events in one statement. Returns nothing when the
// signal key or the client order id is already taken (or the deployment / account do not match):
// the caller then rolls back and takes the general path, which says which.
const INSERT_SENT = `
WITH s AS (
  INSERT INTO signals (owner_id, deployment_id, signal_key, instrument_id, side, qty, order_type, limit_price,
                       trigger_price, bar_time, status, strategy_id, strategy_version, tag, indicators)
  SELECT d.owner_id, d.id, $2, $5, $14, $15, $16, $17, $18, $19, 'accepted', $20, $21, $22, $23
    FROM deployments d WHERE d.id = $1
  ON CONFLICT (deployment_id, signal_key) DO NOTHING
  RETURNING id),
o AS (
  INSERT INTO orders (owner_id, deployment_id, signal_id, broker_account_id, client_order_id, instrument_id, side,
                      qty, order_type, product, validity, limit_price, trigger_price, cost_model, status, sent_at)
  SELECT ba.owner_id, $1, s.id, ba.id, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'sent', clock_timestamp()
    FROM broker_accounts ba, s
   WHERE ba.id = $3 AND EXISTS (SELECT 1 FROM deployments d WHERE d.id = $1 AND d.broker_account_id = ba.id)
  ON CONFLICT (client_order_id) DO NOTHING
  RETURNING *),
e AS (
  INSERT INTO order_events (owner_id, order_id, event_key, kind, status, filled_qty, source, lease_token, payload)
  SELECT o.owner_id, o.id, k.kind, k.kind, k.status, 0, 'ledger', o.lease_token, k.payload
    FROM o, (VALUES (1, 'created', 'new', $24::jsonb), (2, 'sent', 'sent', '{}'::jsonb)) AS k (n, kind, status, payload)
   ORDER BY k.n)
SELECT ${ORDER_COLUMNS} FROM o`;

class Taken extends Error {}

/** BEGIN and the fence in one round trip (the token is a validated integer, never user text). */
async function beginFenced(client: PoolClient, fence: Fence): Promise<void> {
  if (!Number.isSafeInteger(fence.token) || fence.token <= 0)
    throw new AppError('INVARIANT_BROKEN', `lease token ${fence.token} is not a positive integer`);
  await client.query(`BEGIN; SELECT set_config('app.lease_token', '${fence.token}', true)`);
}

/**
 * Commits a deployment's order with its signal as `sent` (fenced), running `hook` in the same
 * transaction. A repeated signal or client order id writes nothing and returns the order already
 * there (`created: false`, whatever its status) or the same errors as submit().
 */
export async function commitOrderAsSent(
  pool: Pool,
  fence: Fence | null,
  input: SubmitOrderInput,
  hook?: OrderTransactionHook,
): Promise<CommitSentResult> {
  checkSubmitInput(input, fence);
  const s = input.signal;
  if (!s || input.deploymentId === null || !fence)
    throw new AppError('INVARIANT_BROKEN', 'commitOrderAsSent: a deployment order with its signal and fence');
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (err: Error) => (broken = err);
  client.on('error', onError);
  try {
    await beginFenced(client, fence);
    // A kill switch's flatten order names its switch (the orders trigger lets only those through).
    if (input.flattenSwitchId !== undefined) await allowFlatten(client, input.flattenSwitchId);
    const { rows } = await client.query<OrderRow>(INSERT_SENT, [
      input.deploymentId,
      s.signalKey,
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
      JSON.stringify({ costModel: input.costModel }),
    ]);
    if (!rows[0]) throw new Taken();
    const order = toLedgerOrder(rows[0]);
    if (hook) await hook(client, order);
    await client.query('COMMIT');
    return { order, created: true };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    // Already recorded (a strategy replaying its last bar after a restart), or refused: the
    // general path finds the existing order or names the problem, and writes nothing new.
    if (err instanceof Taken) return submitOrder(pool, fence, input);
    throw translateWriteError(fenceErrorToAppError(err, fence), fence, input);
  } finally {
    client.removeListener('error', onError);
    client.release(broken);
  }
}
