import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lookups and rollups kept in their rows: `linked` holds each row's lookup and rollup values by column id (blank ones
 * left out), kept current in the transaction of every change that moves them, so views sort and filter by them like
 * by stored cells. Apart from `data` so history, snapshots and restores never carry them. NULL means never computed:
 * the app computes those rows when it starts (rows that existed before this migration).
 */
export class StoredLinkedValues1765200000000 implements MigrationInterface {
  name = 'StoredLinkedValues1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "spreadsheet_rows" ADD COLUMN "linked" jsonb NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "spreadsheet_rows" DROP COLUMN "linked"`);
  }
}
