import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Formula columns: `formula` holds the formula in stored form (references as `{#<columnId>}`, so renaming a column
 * keeps it working) and `result_type` what its values are (number, currency, percent, text, date, checkbox). Both are
 * NULL for every other type. Values are never stored: rows read them computed in SQL.
 */
export class FormulaColumns1765000000000 implements MigrationInterface {
  name = 'FormulaColumns1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "spreadsheet_columns" ADD COLUMN "formula" text NULL, ADD COLUMN "result_type" varchar(16) NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "spreadsheet_columns" WHERE "type" = 'formula'`);
    await queryRunner.query(`ALTER TABLE "spreadsheet_columns" DROP COLUMN "result_type", DROP COLUMN "formula"`);
  }
}
