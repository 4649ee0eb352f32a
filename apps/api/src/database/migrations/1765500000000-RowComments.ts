import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Comments on the rows of a sheet. `row_id` has no foreign key to spreadsheet_rows on purpose: a deleted row's
 * comments stay, and come back with the row when it is restored (it returns with the same id). They go with the sheet.
 */
export class RowComments1765500000000 implements MigrationInterface {
  name = 'RowComments1765500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "spreadsheet_comments" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "sheet_id" uuid NOT NULL REFERENCES "spreadsheets" ("id") ON DELETE CASCADE,
        "row_id" uuid NOT NULL,
        "user_id" uuid NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
        "body" text NOT NULL CHECK (char_length("body") BETWEEN 1 AND 10000),
        "mentions" uuid[] NOT NULL DEFAULT '{}',
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX "spreadsheet_comments_row" ON "spreadsheet_comments" ("sheet_id", "row_id", "created_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "spreadsheet_comments"`);
  }
}
