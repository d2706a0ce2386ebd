// The API: one router per domain (api/routers/<domain>.ts). Add a domain with one import and
// one line below; `AppRouter` is what the console and `quanttrade/client` are typed against.
import { authRouter } from './routers/auth';
import { backtestsRouter } from './routers/backtests';
import { brokerRouter } from './routers/broker';
import { databaseRouter } from './routers/database';
import { marketRouter } from './routers/market';
import { riskRouter } from './routers/risk';
import { strategiesRouter } from './routers/strategies';
import { systemRouter } from './routers/system';
import { tokensRouter } from './routers/tokens';
import { tradingRouters } from './routers/trading-routers';
import { usersRouter } from './routers/users';
import { router } from './trpc';

export const appRouter = router({
  system: systemRouter,
  auth: authRouter,
  users: usersRouter,
  tokens: tokensRouter,
  database: databaseRouter,
  strategies: strategiesRouter,
  backtests: backtestsRouter,
  market: marketRouter,
  broker: brokerRouter,
  risk: riskRouter,
  ...tradingRouters,
});

export type AppRouter = typeof appRouter;
