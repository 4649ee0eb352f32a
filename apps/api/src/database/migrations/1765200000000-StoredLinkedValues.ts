import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lookups and rollups kept in their rows: `linked` holds each row's lookup and rollup values by column id (blank ones
 * left out), kept current in the transaction of every change that moves them, so views sort and filter by them like
 * by stored cells. Apart from `data` so history, snapshots and restores never carry them. NULL means never computed.
 * The sheets that already had such columns are listed in `linked_backfill`: the app computes their rows when it
 * starts, in the background, and takes each sheet off the list once done.
 */
export class StoredLinkedValues1765200000000 implements MigrationInterface {
  name = 'StoredLinkedValues1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "spreadsheet_rows" ADD COLUMN "linked" jsonb NULL`);
    await queryRunner.query(`CREATE TABLE "linked_backfill" ("sheet_id" uuid PRIMARY KEY REFERENCES "spreadsheets"("id") ON DELETE CASCADE)`);
    await queryRunner.query(`INSERT INTO "linked_backfill" SELECT DISTINCT "sheet_id" FROM "spreadsheet_columns" WHERE "type" IN ('link', 'lookup', 'rollup')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "linked_backfill"`);
    await queryRunner.query(`ALTER TABLE "spreadsheet_rows" DROP COLUMN "linked"`);
  }
}
