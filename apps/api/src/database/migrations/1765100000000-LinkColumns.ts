import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Links between sheets, lookups and rollups: `settings` holds a link's `{ link: { sheetId, reverseColumnId } }`, a
 * lookup's `{ lookup: { linkColumnId, columnId } }` or a rollup's `{ rollup: { linkColumnId, columnId, fn } }`.
 * `link_sheet_id` repeats a link's other sheet so the columns that link into a sheet are found by an index (when a
 * sheet is deleted, the service removes the columns that link into it first; SET NULL is the backstop). Link cells are
 * stored in both sheets' rows as lists of row ids; lookups and rollups are computed in SQL (and kept in rows since
 * StoredLinkedValues1765200000000).
 */
export class LinkColumns1765100000000 implements MigrationInterface {
  name = 'LinkColumns1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "spreadsheet_columns" ADD COLUMN "settings" jsonb NULL, ADD COLUMN "link_sheet_id" uuid NULL REFERENCES "spreadsheets"("id") ON DELETE SET NULL`,
    );
    await queryRunner.query(`CREATE INDEX "spreadsheet_columns_link_sheet" ON "spreadsheet_columns" ("link_sheet_id") WHERE "link_sheet_id" IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "spreadsheet_columns" WHERE "type" IN ('link', 'lookup', 'rollup')`);
    await queryRunner.query(`DROP INDEX "spreadsheet_columns_link_sheet"`);
    await queryRunner.query(`ALTER TABLE "spreadsheet_columns" DROP COLUMN "link_sheet_id", DROP COLUMN "settings"`);
  }
}
