import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every committed change to an account is announced with NOTIFY user_changed '<id>', so each app instance can drop
 * what it remembers of that account at once, whichever instance (or SQL session) made the change.
 */
export class UserChangeNotifications1764400000000 implements MigrationInterface {
  name = 'UserChangeNotifications1764400000000';

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
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "users_changed" ON "users"`);
    await queryRunner.query(`DROP FUNCTION "notify_user_changed"()`);
  }
}
