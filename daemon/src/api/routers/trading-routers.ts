// The trading domain's routers, registered together in api/router.ts.
import { deploymentsRouter } from './deployments';
import { ordersRouter } from './orders';
import { positionsRouter, signalsRouter, tradingRouter } from './trading';

export const tradingRouters = {
  deployments: deploymentsRouter,
  orders: ordersRouter,
  positions: positionsRouter,
  signals: signalsRouter,
  trading: tradingRouter,
};
