import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Spreadsheets with typed columns and JSONB rows, their members, and the change history.
 * - rows.position is numeric so a row can be inserted between two others without renumbering;
 * - spreadsheets.version is the gap-free change counter, bumped in the transaction of each change;
 * - spreadsheet_changes keeps old and new values of every change, keyed by (sheet, version).
 */
export class Spreadsheets1764300000000 implements MigrationInterface {
  name = 'Spreadsheets1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "spreadsheets" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "name" varchar(200) NOT NULL,
        "description" text NOT NULL DEFAULT '',
        "owner_id" uuid NOT NULL REFERENCES "users" ("id"),
        "version" bigint NOT NULL DEFAULT 0,
        "row_count" integer NOT NULL DEFAULT 0,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX "spreadsheets_updated_idx" ON "spreadsheets" ("updated_at" DESC, "id")`);

    await queryRunner.query(`
      CREATE TABLE "spreadsheet_members" (
        "sheet_id" uuid NOT NULL REFERENCES "spreadsheets" ("id") ON DELETE CASCADE,
        "user_id" uuid NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
        "role" varchar(8) NOT NULL CHECK ("role" IN ('owner', 'editor', 'viewer')),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("sheet_id", "user_id")
      )`);
    await queryRunner.query(`CREATE INDEX "spreadsheet_members_user_idx" ON "spreadsheet_members" ("user_id")`);

    await queryRunner.query(`
      CREATE TABLE "spreadsheet_columns" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "sheet_id" uuid NOT NULL REFERENCES "spreadsheets" ("id") ON DELETE CASCADE,
        "name" varchar(100) NOT NULL,
        "type" varchar(16) NOT NULL,
        "position" integer NOT NULL,
        "width" integer NULL,
        "hidden" boolean NOT NULL DEFAULT false,
        "required" boolean NOT NULL DEFAULT false,
        "options" jsonb NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "spreadsheet_columns_name_key" ON "spreadsheet_columns" ("sheet_id", lower("name"))`);
    await queryRunner.query(`CREATE INDEX "spreadsheet_columns_sheet_idx" ON "spreadsheet_columns" ("sheet_id", "position")`);

    await queryRunner.query(`
      CREATE TABLE "spreadsheet_rows" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "sheet_id" uuid NOT NULL REFERENCES "spreadsheets" ("id") ON DELETE CASCADE,
        "position" numeric NOT NULL,
        "data" jsonb NOT NULL DEFAULT '{}'::jsonb,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "updated_by" uuid NULL
      )`);
    await queryRunner.query(`CREATE INDEX "spreadsheet_rows_sheet_position_idx" ON "spreadsheet_rows" ("sheet_id", "position", "id")`);

    await queryRunner.query(`
      CREATE TABLE "spreadsheet_changes" (
        "seq" bigserial PRIMARY KEY,
        "sheet_id" uuid NOT NULL REFERENCES "spreadsheets" ("id") ON DELETE CASCADE,
        "version" bigint NOT NULL,
        "at" timestamptz NOT NULL DEFAULT now(),
        "user_id" uuid NULL,
        "row_id" uuid NULL,
        "column_id" uuid NULL,
        "kind" varchar(16) NOT NULL,
        "old_value" jsonb NULL,
        "new_value" jsonb NULL
      )`);
    await queryRunner.query(`CREATE INDEX "spreadsheet_changes_sheet_version_idx" ON "spreadsheet_changes" ("sheet_id", "version", "seq")`);
    await queryRunner.query(`CREATE INDEX "spreadsheet_changes_row_idx" ON "spreadsheet_changes" ("row_id", "seq") WHERE "row_id" IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "spreadsheet_changes"`);
    await queryRunner.query(`DROP TABLE "spreadsheet_rows"`);
    await queryRunner.query(`DROP TABLE "spreadsheet_columns"`);
    await queryRunner.query(`DROP TABLE "spreadsheet_members"`);
    await queryRunner.query(`DROP TABLE "spreadsheets"`);
  }
}
