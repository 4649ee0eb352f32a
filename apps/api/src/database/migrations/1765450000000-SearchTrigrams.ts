import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * pg_trgm, for the trigram indexes that let a search of a large sheet read only the rows containing the term. Both
 * the embedded server and Debian's PostgreSQL ship it; where a server does not (or the app's role may not create it),
 * nothing fails: no search index is built and searches scan the view's rows.
 */
export class SearchTrigrams1765450000000 implements MigrationInterface {
  name = 'SearchTrigrams1765450000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
          CREATE EXTENSION IF NOT EXISTS pg_trgm;
        END IF;
      EXCEPTION WHEN insufficient_privilege THEN
        RAISE NOTICE 'pg_trgm not created (%): searches will scan', SQLERRM;
      END $$`);
  }

  async down(): Promise<void> {
    // The extension stays: other databases' objects or an operator may use it, and it costs nothing unused.
  }
}
