import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Committed changes are announced with NOTIFY so each app instance can drop what it remembers at once, whichever
 * instance (or SQL session) made them: `user_changed '<user id>'` for accounts, `sheet_changed '<sheet id>'` for a
 * sheet's members and columns (what access checks read). Several changes to one sheet in a transaction arrive as one
 * message (PostgreSQL folds identical notifications).
 */
export class ChangeNotifications1764400000000 implements MigrationInterface {
  name = 'ChangeNotifications1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION "notify_user_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('user_changed', OLD.id::text);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER "users_changed" AFTER UPDATE OR DELETE ON "users"
      FOR EACH ROW EXECUTE FUNCTION "notify_user_changed"()`);

    await queryRunner.query(`
      CREATE FUNCTION "notify_sheet_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('sheet_changed', (CASE WHEN TG_OP = 'DELETE' THEN OLD.sheet_id ELSE NEW.sheet_id END)::text);
        RETURN NULL;
      END $$`);
    for (const table of ['spreadsheet_members', 'spreadsheet_columns']) {
      await queryRunner.query(`
        CREATE TRIGGER "${table}_changed" AFTER INSERT OR UPDATE OR DELETE ON "${table}"
        FOR EACH ROW EXECUTE FUNCTION "notify_sheet_changed"()`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['spreadsheet_members', 'spreadsheet_columns']) await queryRunner.query(`DROP TRIGGER "${table}_changed" ON "${table}"`);
    await queryRunner.query(`DROP FUNCTION "notify_sheet_changed"()`);
    await queryRunner.query(`DROP TRIGGER "users_changed" ON "users"`);
    await queryRunner.query(`DROP FUNCTION "notify_user_changed"()`);
  }
}
