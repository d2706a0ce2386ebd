// The OpenAPI 3.1 document of the REST surface (GET /openapi.json), generated from the router:
// paths from procedure names, parameters and request bodies from the input schemas, responses
// from the output schemas, the required role in each description and in `x-quanttrade-role`.
// Routes that are not procedures (streamed downloads) add their own path items.
import type { JsonSchema } from '../json-schema-example';
import { inputJsonSchema, liftDefinitions, toJsonSchema } from './json-schema';
import { acceptedTypes, objectProperties } from './query-input';
import type { RestOperation } from './rest-operations';

export type PathItem = Record<string, unknown>;

export interface DocumentOptions {
  version: string;
  operations: RestOperation[];
  /** Extra path items (downloads), keyed by URL. */
  extraPaths?: Record<string, PathItem>;
}

const ERROR_STATUSES: Record<string, string> = {
  '400': 'Invalid input: `error.issues` names each field, the value given and what was expected',
  '401': 'No token, or a token that is invalid, expired or revoked',
  '403': 'Your role is below the one the operation needs',
  '404': 'Not found (or owned by someone else: row-level security)',
  '409': 'Conflicts with the current state',
  '429': 'Too many requests; `Retry-After` says when to retry',
  '500': 'A fault of the daemon (its log has the details)',
  '503': 'A dependency (database, broker) is unavailable; retry later',
};

const errorSchema: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'status', 'message'],
      properties: {
        code: { type: 'string', description: 'tRPC error code, e.g. BAD_REQUEST, NOT_FOUND' },
        status: { type: 'integer' },
        message: { type: 'string' },
        appCode: { type: 'string', description: 'QuantTrade error code (daemon/src/core/errors.ts)' },
        issues: {
          type: 'array',
          items: {
            type: 'object',
            properties: { path: { type: 'string' }, value: {}, expected: { type: 'string' } },
          },
        },
        retryAfterSeconds: { type: 'number' },
      },
    },
  },
};

export const errorResponses = (statuses: string[]) =>
  Object.fromEntries(statuses.map((s) => [s, { $ref: `#/components/responses/E${s}` }]));

function queryParameters(schema: JsonSchema | null): unknown[] {
  const properties = objectProperties(schema);
  if (!schema) return [];
  if (!properties) {
    return [{ name: 'input', in: 'query', required: false, content: { 'application/json': { schema } } }];
  }
  const required = new Set((schema.required as string[] | undefined) ?? objectRequired(schema) ?? []);
  return Object.entries(properties).map(([name, property]) => {
    const types = acceptedTypes(property);
    const base = { name, in: 'query', required: required.has(name), description: property.description };
    // Objects travel as JSON text in one parameter; arrays of scalars as repeated parameters.
    if (types.has('object')) return { ...base, content: { 'application/json': { schema: property } } };
    if (types.has('array')) return { ...base, schema: property, style: 'form', explode: true };
    return { ...base, schema: property };
  });
}

function objectRequired(schema: JsonSchema): string[] | undefined {
  for (const member of schema.anyOf ?? schema.allOf ?? []) {
    if (member.required) return member.required as string[];
  }
  return undefined;
}

function operationObject(op: RestOperation, schemas: Record<string, JsonSchema>): Record<string, unknown> {
  const id = op.procedure.replaceAll('.', '_');
  let input = inputJsonSchema(op.inputs);
  if (input) input = liftDefinitions(input, `${id}.input`, schemas);
  let output: JsonSchema = op.output ? toJsonSchema(op.output, 'output') : {};
  output = liftDefinitions(output, `${id}.output`, schemas);
  const isPublic = op.role === 'public';
  const statuses = isPublic
    ? ['400', '429', '500', '503']
    : ['400', '401', '403', '404', '409', '429', '500', '503'];
  const operation: Record<string, unknown> = {
    operationId: id,
    tags: [op.procedure.split('.')[0]],
    summary: op.description ?? op.procedure,
    description: `Role: **${op.role ?? 'none declared'}**. Same as the tRPC ${op.method === 'GET' ? 'query' : 'mutation'} \`${op.procedure}\`.`,
    'x-quanttrade-role': op.role,
    'x-trpc-procedure': op.procedure,
    responses: {
      '200': { description: 'OK', content: { 'application/json': { schema: output } } },
      ...errorResponses(statuses),
    },
  };
  if (isPublic) operation.security = [];
  if (op.method === 'GET') {
    const parameters = queryParameters(input);
    if (parameters.length) operation.parameters = parameters;
  } else if (input) {
    const optional = op.inputs.every((s) => s.safeParse(undefined).success);
    operation.requestBody = {
      required: !optional,
      content: {
        'application/json': { schema: input, ...(op.example === undefined ? {} : { example: op.example }) },
      },
    };
  }
  return operation;
}

export function openApiDocument(options: DocumentOptions): Record<string, unknown> {
  const schemas: Record<string, JsonSchema> = { Error: errorSchema };
  const paths: Record<string, PathItem> = {};
  for (const op of options.operations) {
    paths[op.url] = { [op.method.toLowerCase()]: operationObject(op, schemas) };
  }
  Object.assign(paths, options.extraPaths ?? {});
  const tags = [...new Set(options.operations.map((o) => o.procedure.split('.')[0]!))].map((name) => ({
    name,
  }));
  return {
    openapi: '3.1.0',
    info: {
      title: 'QuantTrade API',
      version: options.version,
      description:
        'Every query and mutation of the tRPC API as plain REST with JSON: queries are GET with query ' +
        'parameters, mutations POST with a JSON body. Authenticate with an API token ' +
        '(`quanttrade user token …` or tokens.create) as `Authorization: Bearer <token>`. ' +
        'Roles and row-level security are the same as over tRPC. Live streams (subscriptions) are on ' +
        'the WebSocket (/trpc) only; poll the matching query instead.',
    },
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }],
    tags,
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API token (qtk_…) or a session token',
        },
      },
      schemas,
      responses: Object.fromEntries(
        Object.entries(ERROR_STATUSES).map(([status, description]) => [
          `E${status}`,
          {
            description,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
        ]),
      ),
    },
  };
}
