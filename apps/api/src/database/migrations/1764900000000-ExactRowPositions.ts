import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Row positions are doubles from now on (written as their exact decimal), so JSON carries them exactly. Positions
 * computed before could have more digits than a double holds (inserting before a row repeatedly produced positions
 * that looked equal to clients): the sheets that have any fractional position are renumbered 1..N in their order.
 * Sheets whose rows were only ever appended keep their integer positions untouched.
 */
export class ExactRowPositions1764900000000 implements MigrationInterface {
  name = 'ExactRowPositions1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      UPDATE spreadsheet_rows r SET position = o.n
      FROM (
        SELECT id, row_number() OVER (PARTITION BY sheet_id ORDER BY position, id) AS n
        FROM spreadsheet_rows
        WHERE sheet_id IN (SELECT DISTINCT sheet_id FROM spreadsheet_rows WHERE position <> trunc(position))
      ) o
      WHERE r.id = o.id AND r.position <> o.n`);
  }

  async down(): Promise<void> {
    // Renumbered positions keep the rows' order; there is nothing to undo.
  }
}
