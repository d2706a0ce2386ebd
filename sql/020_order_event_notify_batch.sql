-- Ledger order events reach the bus once per order per statement, not once per row: an order
-- decision writes its `created` and `sent` events in one statement (trading/ledger/place-order.ts)
-- and its subscribers hear one `trading.order` announcing where it stands (the latest event).
-- Subscribers treat the event as a hint and read the rows (the rows are the truth), so nothing
-- is lost by coalescing; a NOTIFY per row was the order path's extra cost at commit. The payload
-- is unchanged (sql/018_deployments.sql), and one joined query replaces a lookup per event.
DROP TRIGGER order_events_notify ON order_events;
DROP FUNCTION ledger_order_events_notify();

CREATE FUNCTION ledger_order_events_notify() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE r record;
BEGIN
  FOR r IN
    SELECT DISTINCT ON (n.order_id) n.id, n.order_id, n.owner_id, n.kind, n.status, n.filled_qty, n.source,
           o.deployment_id, o.broker_account_id, o.client_order_id, o.instrument_id, o.side, o.qty
      FROM new_events n JOIN orders o ON o.id = n.order_id
     ORDER BY n.order_id, n.id DESC
  LOOP
    PERFORM risk_notify_event('trading.order', r.owner_id,
      jsonb_build_object(
        'orderId', r.order_id, 'eventId', r.id, 'deploymentId', r.deployment_id, 'brokerAccountId', r.broker_account_id,
        'clientOrderId', r.client_order_id, 'instrumentId', r.instrument_id, 'side', r.side, 'qty', r.qty,
        'kind', r.kind, 'status', r.status, 'filledQty', r.filled_qty, 'source', r.source));
  END LOOP;
  RETURN NULL;
END
$$;
CREATE TRIGGER order_events_notify AFTER INSERT ON order_events
  REFERENCING NEW TABLE AS new_events
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_order_events_notify();
