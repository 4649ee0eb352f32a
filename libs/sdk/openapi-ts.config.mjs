// @ts-check
import { defineConfig } from '@hey-api/openapi-ts';

/**
 * The SDK is generated from the committed document, not from a running server: the API's e2e suite proves the two are
 * the same, and the web build then proves the web app still fits the document.
 */
export default defineConfig({
  input: '../../apps/api/openapi.json',
  output: { path: 'src/generated', clean: true },
  plugins: [
    // No base URL baked in (the document's `servers` name where it runs for people): the web app calls its own origin,
    // an integration names its server with client.setConfig({ baseUrl }).
    // A refused call throws the error body instead of returning it, so a call's result is always its data.
    { name: '@hey-api/client-fetch', baseUrl: false, throwOnError: true },
    '@hey-api/typescript',
    '@hey-api/sdk',
  ],
});
