import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Saved views of a sheet: shared (everyone with access sees them, editors change them) or personal (their creator's
 * alone). `settings` holds what the view shows (filter, sorts, hidden and ordered columns, widths, frozen columns,
 * group-by, row height, board settings), as the API takes it.
 */
export class SheetViews1765300000000 implements MigrationInterface {
  name = 'SheetViews1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "spreadsheet_views" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "sheet_id" uuid NOT NULL REFERENCES "spreadsheets" ("id") ON DELETE CASCADE,
        "name" varchar(100) NOT NULL,
        "type" varchar(16) NOT NULL,
        "shared" boolean NOT NULL,
        "created_by" uuid NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
        "settings" jsonb NOT NULL DEFAULT '{}'::jsonb,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX "spreadsheet_views_sheet" ON "spreadsheet_views" ("sheet_id", "created_at", "id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "spreadsheet_views"`);
  }
}
