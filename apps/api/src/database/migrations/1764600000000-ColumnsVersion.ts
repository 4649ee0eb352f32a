import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `spreadsheets.columns_version` counts changes to a sheet's columns, bumped by triggers on every insert, update and
 * delete of `spreadsheet_columns` (whatever writes them). A cell write checks its values against columns read before
 * it took the sheet's lock; the version it reads back with that lock tells whether those columns are still the ones
 * in force, so a retype or delete that committed meanwhile can never let a value the column forbids through.
 */
export class ColumnsVersion1764600000000 implements MigrationInterface {
  name = 'ColumnsVersion1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "spreadsheets" ADD COLUMN "columns_version" bigint NOT NULL DEFAULT 0`);
    // One bump per statement and sheet (an import inserting 500 columns bumps once), through transition tables,
    // which PostgreSQL allows only on single-event triggers: one function per event.
    for (const [event, table] of [
      ['INSERT', 'new_rows'],
      ['UPDATE', 'new_rows'],
      ['DELETE', 'old_rows'],
    ] as const) {
      const fn = `bump_columns_version_on_${event.toLowerCase()}`;
      await queryRunner.query(`
        CREATE FUNCTION "${fn}"() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          UPDATE spreadsheets SET columns_version = columns_version + 1 WHERE id IN (SELECT DISTINCT sheet_id FROM ${table});
          RETURN NULL;
        END $$`);
      await queryRunner.query(`
        CREATE TRIGGER "spreadsheet_columns_version_${event.toLowerCase()}" AFTER ${event} ON "spreadsheet_columns"
        REFERENCING ${event === 'DELETE' ? 'OLD' : 'NEW'} TABLE AS ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION "${fn}"()`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const event of ['insert', 'update', 'delete']) {
      await queryRunner.query(`DROP TRIGGER "spreadsheet_columns_version_${event}" ON "spreadsheet_columns"`);
      await queryRunner.query(`DROP FUNCTION "bump_columns_version_on_${event}"()`);
    }
    await queryRunner.query(`ALTER TABLE "spreadsheets" DROP COLUMN "columns_version"`);
  }
}
