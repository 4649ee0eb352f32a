import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rows key their cells by a small per-sheet column key instead of the 36-character column id: `{"1": …, "2": …}`
 * (see rows/stored-keys). Each column gets `key`, from a counter on its sheet (`last_column_key`), so a key is never
 * given twice in one sheet, even after its column is deleted. Existing columns are numbered in column order, and
 * every row's `data` and kept linked values (`linked`) are rewritten; a cell of no existing column is dropped (no
 * reader could see it). History (`spreadsheet_changes`), the cell trash and undo steps keep column ids: they are read
 * through the repositories, which map at the edge.
 *
 * The per-view indexes on `spreadsheet_rows` were built on `data->>'<column id>'` (and formula key functions reading
 * it): no query writes those expressions any more, so they are dropped with their registry entries and functions, and
 * the registry builds them again on the new expressions as views ask for them (the sheet search index is over the
 * values only and stays).
 */
export class CompactRowKeys1765600000000 implements MigrationInterface {
  name = 'CompactRowKeys1765600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "spreadsheets" ADD COLUMN "last_column_key" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE "spreadsheet_columns" ADD COLUMN "key" integer NULL`);
    await queryRunner.query(`
      UPDATE "spreadsheet_columns" c SET "key" = o.n
      FROM (SELECT id, row_number() OVER (PARTITION BY sheet_id ORDER BY position, created_at, id)::int AS n FROM "spreadsheet_columns") o
      WHERE c.id = o.id`);
    await queryRunner.query(`
      UPDATE "spreadsheets" s SET "last_column_key" = k.n
      FROM (SELECT sheet_id, max("key") AS n FROM "spreadsheet_columns" GROUP BY sheet_id) k WHERE k.sheet_id = s.id`);
    await queryRunner.query(`ALTER TABLE "spreadsheet_columns" ALTER COLUMN "key" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "spreadsheet_columns" ADD CONSTRAINT "spreadsheet_columns_sheet_key" UNIQUE ("sheet_id", "key")`);
    await dropViewIndexes(queryRunner);
    await rekeyRows(queryRunner, 'c.id::text', 'c.key::text');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropViewIndexes(queryRunner);
    await rekeyRows(queryRunner, 'c.key::text', 'c.id::text');
    await queryRunner.query(`ALTER TABLE "spreadsheet_columns" DROP CONSTRAINT "spreadsheet_columns_sheet_key"`);
    await queryRunner.query(`ALTER TABLE "spreadsheet_columns" DROP COLUMN "key"`);
    await queryRunner.query(`ALTER TABLE "spreadsheets" DROP COLUMN "last_column_key"`);
  }
}

/** Rewrites every row's cells and kept linked values from one key of their columns (`from`, SQL over `c`) to another. */
async function rekeyRows(queryRunner: QueryRunner, from: string, to: string): Promise<void> {
  const rekeyed = (json: string) =>
    `coalesce((SELECT jsonb_object_agg(${to}, d.value) FROM jsonb_each(${json}) d JOIN "spreadsheet_columns" c ON c.sheet_id = r.sheet_id AND ${from} = d.key), '{}'::jsonb)`;
  await queryRunner.query(`
    UPDATE "spreadsheet_rows" r SET "data" = ${rekeyed('r.data')},
      "linked" = CASE WHEN r.linked IS NULL THEN NULL ELSE ${rekeyed('r.linked')} END`);
}

/**
 * Drops the per-view indexes (all but the sheets' search indexes, which hold values only), their registry entries and
 * the formula key functions they were built on: each was built on expressions of the keys being replaced.
 */
async function dropViewIndexes(queryRunner: QueryRunner): Promise<void> {
  const indexes: { name: string }[] = await queryRunner.query(`
    SELECT indexname AS name FROM pg_indexes
    WHERE tablename = 'spreadsheet_rows' AND indexname LIKE 'sr\\_%' AND indexdef !~ 'jsonb_path_query_array'`);
  for (const { name } of indexes) await queryRunner.query(`DROP INDEX IF EXISTS "${name}"`);
  if (indexes.length) await queryRunner.query(`DELETE FROM "spreadsheet_row_indexes" WHERE name = ANY($1)`, [indexes.map((i) => i.name)]);
  const functions: { name: string }[] = await queryRunner.query(`
    SELECT proname AS name FROM pg_proc
    WHERE proname ~ '^sr_fx_[0-9a-f]{32}$' AND pronamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())`);
  for (const { name } of functions) await queryRunner.query(`DROP FUNCTION IF EXISTS "${name}"(jsonb)`);
}
