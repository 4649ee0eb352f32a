import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { precompress } from './build/precompress';

const contracts = fileURLToPath(new URL('../../libs/contracts/src/index.ts', import.meta.url));
/** The SDK too: its source is generated from the API's OpenAPI document by the SDK's build (see libs/sdk). */
const sdk = fileURLToPath(new URL('../../libs/sdk/src/index.ts', import.meta.url));
const api = process.env.API_URL ?? `http://localhost:${process.env.PORT ?? 8080}`;

/** Paths the API owns; in development the Vite server forwards them so the SPA talks to one origin, as in production. */
const apiPaths = ['/api', '/auth', '/health', '/metrics'];

export default defineConfig({
  // Brotli and gzip copies of the build, served by the API by Accept-Encoding.
  plugins: [react(), precompress()],
  resolve: {
    // The shared contracts are compiled from source, so the web app never waits for the library's build.
    alias: { '@contrivance/contracts': contracts, '@contrivance/sdk': sdk },
  },
  server: {
    port: 5173,
    proxy: {
      ...Object.fromEntries(apiPaths.map((p) => [p, { target: api, changeOrigin: false }])),
      '/ws': { target: api, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Production bundles ship without source maps (they would publish the source); WEB_SOURCEMAPS=true builds them.
    sourcemap: process.env.WEB_SOURCEMAPS === 'true',
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
  },
});
