import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `credentials_changed '<user id>'` is NOTIFYed when one of a user's sessions or API tokens is revoked (or removed),
 * whoever does it (any instance, plain SQL). Each instance then drops what it remembers of that user's sessions and
 * re-checks the user's open sockets at once: a revoked session's access tokens stop working, and a revoked token's
 * socket is closed, without waiting for the token to expire.
 */
export class CredentialNotifications1764800000000 implements MigrationInterface {
  name = 'CredentialNotifications1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION "notify_credentials_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('credentials_changed', OLD.user_id::text);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER "user_sessions_revoked" AFTER UPDATE OF "revoked_at", "expires_at" OR DELETE ON "user_sessions"
      FOR EACH ROW EXECUTE FUNCTION "notify_credentials_changed"()`);
    await queryRunner.query(`
      CREATE TRIGGER "api_tokens_revoked" AFTER UPDATE OF "revoked_at", "expires_at" OR DELETE ON "api_tokens"
      FOR EACH ROW EXECUTE FUNCTION "notify_credentials_changed"()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "api_tokens_revoked" ON "api_tokens"`);
    await queryRunner.query(`DROP TRIGGER "user_sessions_revoked" ON "user_sessions"`);
    await queryRunner.query(`DROP FUNCTION "notify_credentials_changed"()`);
  }
}
