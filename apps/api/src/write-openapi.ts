import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { buildAppConfig } from './config/app-config';
import { validateEnvironment } from './config/environment';
import { buildOpenApiDocument } from './openapi/openapi';

export const OPENAPI_FILE = resolve(__dirname, '../openapi.json');

/** The committed document's exact text: sorted keys, two-space indent, final newline. */
export function serialiseOpenApi(document: object): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * `npm run openapi`: builds the document from the controllers in preview mode (nothing is instantiated, so no
 * database is needed) and writes apps/api/openapi.json. An e2e test compares it with what the server serves.
 */
async function main(): Promise<void> {
  const config = buildAppConfig(
    validateEnvironment({
      NODE_ENV: 'test',
      DATABASE_URL: 'postgresql://unused@127.0.0.1/unused',
      JWT_SECRET: 'x'.repeat(32),
      TOKEN_HASH_SECRET: 'x'.repeat(32),
    }),
  );
  const app = await NestFactory.create(AppModule.forRoot(config, config.database.url!), { preview: true, logger: false });
  writeFileSync(OPENAPI_FILE, serialiseOpenApi(buildOpenApiDocument(app)));
  await app.close();
  process.stdout.write(`wrote ${OPENAPI_FILE}\n`);
}

if (require.main === module) void main();
