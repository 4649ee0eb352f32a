/**
 * TypeORM data source for the CLI (`npm run migration:*`). The app builds its connection from the same options
 * (apps/api/src/database/data-source-options.ts), so the CLI and the app always agree on entities and migrations.
 */
import { createCliDataSource } from './apps/api/src/database/cli-data-source';

export default createCliDataSource();
