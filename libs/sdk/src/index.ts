/**
 * The Contrivance HTTP API as typed functions, one per operation of the committed OpenAPI document
 * (apps/api/openapi.json), named by its operationIds: `listRows`, `updateRow`, `createSpreadsheet`…
 *
 * Everything under `generated/` is written by `npm run generate` (part of the build) and never edited or committed:
 * a server that drifts from the document breaks whatever is compiled against this package.
 */
export * from './generated/index.js';
export { client } from './generated/client.gen.js';
export { createClient, createConfig, type Client, type Config, type RequestResult } from './generated/client/index.js';
