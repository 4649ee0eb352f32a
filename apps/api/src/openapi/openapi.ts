import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { dtoSchemas } from './dto-schemas';
import { errorExample } from './error-examples';
import { apiGuides } from './guides';
import { TAGS } from './tags';
import { WEBHOOK_CALLBACKS } from './webhook-callbacks';
import { operationId } from './operation-ids';
import { schemasReachedFrom } from './contract-schemas';
import { componentSchemas, ErrorBodySchema } from './schemas';

/** Sent on every response (pino-http's request id): the caller's well-formed X-Request-Id, or a new one. */
const REQUEST_ID_HEADER = {
  description: "The request's id (the caller's X-Request-Id when well-formed, else a new one): quote it when reporting a problem",
  required: true,
  schema: { type: 'string' },
};
/** Sent with every 429 and 503. */
const RETRY_AFTER_HEADER = { description: 'Seconds to wait before retrying', required: true, schema: { type: 'integer', minimum: 1 } };
/** The one operation that never touches the database, so never answers 503. */
const LIVENESS_PATH = '/health';
/** Sent by the rate limiter on every request it let through (see the Rate limits guide). */
const RATE_LIMIT_HEADERS = {
  'X-RateLimit-Limit': { description: 'Requests allowed in the current window', schema: { type: 'integer', minimum: 1 } },
  'X-RateLimit-Remaining': { description: 'Requests left in the current window', schema: { type: 'integer', minimum: 0 } },
  'X-RateLimit-Reset': { description: 'Seconds until the current window ends', schema: { type: 'integer', minimum: 0 } },
};

/** A response of an operation, as the document types it. */
type ResponseObject = { description: string; content?: Record<string, unknown>; headers?: Record<string, unknown> };

/** A parameter of an operation, as the document types it. */
type ParameterObject = Extract<NonNullable<NonNullable<OpenAPIObject['paths'][string]['get']>['parameters']>[number], { in: string }>;

export const DOCS_PATH = 'api/docs';
export const DOCS_JSON_PATH = 'api/docs-json';

/** Recursively orders object keys so the committed document diffs cleanly and compares byte for byte. */
export function sortKeysDeep<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeysDeep) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, sortKeysDeep((value as Record<string, unknown>)[k])]),
    ) as T;
  }
  return value;
}

/**
 * Builds the OpenAPI 3 document from the app's controllers. Every operation also documents the error body for
 * 400 (the global checks refuse a malformed query string anywhere), 413/415 (when a body may be sent), 401/403 (when
 * it needs credentials), 429, 500 and 503 (the database away, a sheet busy), since the global pipe and filter apply
 * everywhere. The e2e run checks every response against the result (test/support/response-check.cjs).
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Contrivance API')
    .setDescription(
      'Team spreadsheet for sales pipelines: typed sheets edited together in real time, their history, views, ' +
        'comments, imports, pipeline analytics and webhooks. Real-time events travel over Socket.IO at `/ws`: their ' +
        'AsyncAPI 3 document is [/api/asyncapi.json](/api/asyncapi.json). Each sheet also has a document of its own ' +
        'naming its columns (`GET /api/spreadsheets/{id}/openapi.json`).\n\n' +
        apiGuides(),
    )
    .setVersion('0.1.0')
    .setLicense('Proprietary: all rights reserved', '/LICENSE.txt')
    .addServer('/', 'The server that serves this document (the app serves its API and web app on one origin)')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Access JWT or personal API token' })
    .build();
  const document = SwaggerModule.createDocument(app, config, { operationIdFactory: operationId });
  document.tags = TAGS;
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...dtoSchemas(), ...componentSchemas() },
  };
  for (const [path, pathItem] of Object.entries(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = pathItem[method];
      if (!operation) continue;
      operation.responses ??= {};
      // Path ids are UUIDs (the UuidParamPipe refuses anything else with a 400); a change's `seq` is a whole number.
      for (const parameter of (operation.parameters ?? []) as ParameterObject[]) {
        if (parameter.in !== 'path') continue;
        parameter.schema = parameter.name === 'seq' ? { type: 'integer', minimum: 1 } : { type: 'string', format: 'uuid' };
      }
      const takesInput = Boolean(operation.requestBody) || Boolean(operation.parameters?.length);
      // A POST, PUT or PATCH without a documented body still has its body parsed (and refused) like any other.
      const mayHaveBody = Boolean(operation.requestBody) || (method !== 'get' && method !== 'delete');
      const secured = Boolean(operation.security?.length);
      // Said, not left to a default: these need no credentials.
      if (!secured) operation.security = [];
      const hasPathIds = Boolean((operation.parameters as ParameterObject[] | undefined)?.some((p) => p.in === 'path'));
      const errors: [string, string][] = [
        ['400', takesInput ? 'Invalid input' : 'Malformed request (e.g. a query string with a NUL character)'],
        ...(hasPathIds ? [['404', 'Not found, or not visible to this caller'] as [string, string]] : []),
        ...(mayHaveBody
          ? [['413', 'Request body over the size limit'] as [string, string], ['415', 'Unsupported media type (JSON unless the operation says otherwise)'] as [string, string]]
          : []),
        ...(secured
          ? [['401', 'Missing, invalid or expired credentials'] as [string, string], ['403', 'Not allowed for this account, role or token scope'] as [string, string]]
          : []),
        ['429', 'Rate limited; see Retry-After'],
        ['500', 'Unexpected server fault'],
        ...(path === LIVENESS_PATH
          ? []
          : [
              ['503', 'Temporarily unavailable (the database is unreachable, the sheet is busy with a large change, or the server is at capacity); see Retry-After'] as [
                string,
                string,
              ],
            ]),
      ];
      for (const [status, description] of errors) operation.responses[status] ??= { description };
      for (const [status, response] of Object.entries(operation.responses) as [string, ResponseObject][]) {
        // Errors are JSON whatever the operation answers on success (a CSV export's 404 too), each status its example.
        if (Number(status) >= 400) response.content = { 'application/json': { schema: ErrorBodySchema, example: errorExample(Number(status)) } };
        response.headers = {
          ...response.headers,
          'X-Request-Id': REQUEST_ID_HEADER,
          ...(Number(status) < 300 ? RATE_LIMIT_HEADERS : {}),
          ...(status === '429' || status === '503' ? { 'Retry-After': RETRY_AFTER_HEADER } : {}),
        };
      }
      for (const tag of operation.tags ?? []) if (!TAGS.some((t) => t.name === tag)) throw new Error(`tag "${tag}" has no description in openapi/tags.ts`);
      if (operation.operationId === 'createWebhook') operation.callbacks = WEBHOOK_CALLBACKS;
    }
  }
  // Only what the paths use (the contracts also describe socket payloads, which belong to the AsyncAPI document); a ref
  // to a schema the document lacks (a renamed contract type) fails the build, not a client.
  const { used, missing } = schemasReachedFrom(document.paths, document.components.schemas ?? {});
  if (missing.length) throw new Error(`the API document refers to schemas it does not have: ${missing.join(', ')}`);
  document.components.schemas = used;
  return sortKeysDeep(document);
}

/** Serves the interactive docs at /api/docs and the JSON at /api/docs-json. */
export function setupOpenApi(app: INestApplication): void {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup(DOCS_PATH, app, document, {
    jsonDocumentUrl: DOCS_JSON_PATH,
    yamlDocumentUrl: 'api/docs-yaml',
    customSiteTitle: 'Contrivance API',
  });
}
