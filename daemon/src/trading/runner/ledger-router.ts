// One ledger serves every deployment a daemon runs (one subscription per venue, each update
// applied once); its listener hands each committed change to the deployment whose engine made
// the order.
import type { LedgerListener } from '../ledger/ledger';
import type { LedgerFill, LedgerOrder } from '../ledger/ledger-types';

export interface OrderRoute {
  owns(clientOrderId: string): boolean;
  onLedgerOrder(order: LedgerOrder): void;
  onLedgerFill(fill: LedgerFill, order: LedgerOrder): void;
}

export class LedgerRouter implements LedgerListener {
  private readonly routes = new Map<number, OrderRoute>();

  /** Routes the orders of a deployment; returns the function that stops it. */
  add(deploymentId: number, route: OrderRoute): () => void {
    this.routes.set(deploymentId, route);
    return () => {
      if (this.routes.get(deploymentId) === route) this.routes.delete(deploymentId);
    };
  }

  onOrder(order: LedgerOrder): void {
    const route = order.deploymentId === null ? undefined : this.routes.get(order.deploymentId);
    if (route?.owns(order.clientOrderId)) route.onLedgerOrder(order);
  }

  onFill(fill: LedgerFill, order: LedgerOrder): void {
    const route = order.deploymentId === null ? undefined : this.routes.get(order.deploymentId);
    if (route?.owns(order.clientOrderId)) route.onLedgerFill(fill, order);
  }
}
