import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Undo and redo. Each person's steps in a sheet are two stacks of sheet versions (`undo_steps`): a change they make
 * pushes its version on their undo stack (and empties their redo stack); undoing pops it, records the inverse as a new
 * change and pushes that change's version on the redo stack, and back. The inverse is computed from history, which
 * therefore also keeps what an inverse needs and a row or column no longer has: the position a deleted row stood at
 * (`spreadsheet_changes.position`), the rows an import created (`spreadsheet_rows.created_in`, the import's version)
 * and the cells of a deleted column (`spreadsheet_cell_trash`, until the column is brought back).
 */
export class UndoSteps1765400000000 implements MigrationInterface {
  name = 'UndoSteps1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "undo_steps" (
        "seq" bigserial PRIMARY KEY,
        "sheet_id" uuid NOT NULL REFERENCES "spreadsheets" ("id") ON DELETE CASCADE,
        "user_id" uuid NOT NULL,
        "stack" varchar(4) NOT NULL CHECK ("stack" IN ('undo', 'redo')),
        "version" bigint NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX "undo_steps_stack" ON "undo_steps" ("sheet_id", "user_id", "stack", "seq")`);
    await queryRunner.query(`ALTER TABLE "spreadsheet_changes" ADD COLUMN "position" numeric NULL`);
    await queryRunner.query(`ALTER TABLE "spreadsheet_rows" ADD COLUMN "created_in" bigint NULL`);
    await queryRunner.query(`
      CREATE TABLE "spreadsheet_cell_trash" (
        "sheet_id" uuid NOT NULL REFERENCES "spreadsheets" ("id") ON DELETE CASCADE,
        "column_id" uuid NOT NULL,
        "row_id" uuid NOT NULL,
        "value" jsonb NOT NULL,
        PRIMARY KEY ("sheet_id", "column_id", "row_id")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "spreadsheet_cell_trash"`);
    await queryRunner.query(`ALTER TABLE "spreadsheet_rows" DROP COLUMN "created_in"`);
    await queryRunner.query(`ALTER TABLE "spreadsheet_changes" DROP COLUMN "position"`);
    await queryRunner.query(`DROP TABLE "undo_steps"`);
  }
}
