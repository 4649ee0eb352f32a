import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The per-view indexes on `spreadsheet_rows` are recorded with when they were last used, so their number can be
 * capped (per sheet and overall) by dropping the least recently used: every index costs each write to the table a
 * little and each query's planning a little, so an unbounded number of them slowed every sheet. Indexes built before
 * this migration are registered from the catalogue (their sheet is in their predicate).
 */
export class RowIndexRegistry1764700000000 implements MigrationInterface {
  name = 'RowIndexRegistry1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "spreadsheet_row_indexes" (
        "name" varchar(63) PRIMARY KEY,
        "sheet_id" uuid NOT NULL,
        "column_id" uuid NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "last_used_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX "spreadsheet_row_indexes_sheet_idx" ON "spreadsheet_row_indexes" ("sheet_id")`);
    await queryRunner.query(`CREATE INDEX "spreadsheet_row_indexes_used_idx" ON "spreadsheet_row_indexes" ("last_used_at")`);
    await queryRunner.query(`
      INSERT INTO "spreadsheet_row_indexes" ("name", "sheet_id", "column_id")
      SELECT indexname,
             substring(indexdef FROM 'sheet_id = ''([0-9a-f-]{36})''')::uuid,
             coalesce(substring(indexdef FROM 'data ->> ''([0-9a-f-]{36})''')::uuid, '00000000-0000-0000-0000-000000000000')
      FROM pg_indexes
      WHERE tablename = 'spreadsheet_rows' AND indexname LIKE 'sr\\_%' AND indexdef ~ 'sheet_id = ''[0-9a-f-]{36}'''`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "spreadsheet_row_indexes"`);
  }
}
