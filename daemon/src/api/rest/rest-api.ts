// The REST surface as a whole: the operations under /api, the OpenAPI document at
// /openapi.json and the interactive reference at /docs. Registered by api/server.ts on daemons
// with the `api` role, beside tRPC.
import type { FastifyInstance } from 'fastify';
import { createContextFactory, type ApiDeps } from '../context';
import { describeProcedures } from '../procedure-catalogue';
import { appRouter } from '../router';
import { registerDocsPage } from './docs-page';
import { downloadRoutes } from './download-routes';
import { openApiDocument, type PathItem } from './openapi-document';
import { registerRestRoutes } from './rest-routes';
import { restOperations } from './rest-operations';

/** A route outside the router (a download) that describes itself in the document. */
export interface ExtraRoute {
  register(app: FastifyInstance, deps: ApiDeps): void;
  paths: Record<string, PathItem>;
}

export async function registerRestApi(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const operations = restOperations(appRouter);
  const createContext = createContextFactory(deps, describeProcedures(appRouter));
  const extraRoutes: ExtraRoute[] = [downloadRoutes(createContext)];
  await registerRestRoutes(app, { router: appRouter, operations, createContext, log: deps.log });
  for (const route of extraRoutes) route.register(app, deps);
  let document: string | undefined;
  registerDocsPage(app, () => {
    document ??= JSON.stringify(
      openApiDocument({
        version: deps.daemon.version,
        operations,
        extraPaths: Object.assign({}, ...extraRoutes.map((r) => r.paths)) as Record<string, PathItem>,
      }),
    );
    return document;
  });
}
