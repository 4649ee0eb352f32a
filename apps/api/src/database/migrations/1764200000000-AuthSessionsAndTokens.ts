import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Refresh-token sessions (rotated within a family; a spent token presented again revokes the family) and personal
 * API tokens. Secrets are stored only as HMAC-SHA256 hashes.
 */
export class AuthSessionsAndTokens1764200000000 implements MigrationInterface {
  name = 'AuthSessionsAndTokens1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "user_sessions" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
        "family_id" uuid NOT NULL,
        "token_hash" char(64) NOT NULL,
        "expires_at" timestamptz NOT NULL,
        "revoked_at" timestamptz NULL,
        "replaced_by" uuid NULL,
        "user_agent" varchar(512) NULL,
        "ip" varchar(64) NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "user_sessions_token_hash_key" ON "user_sessions" ("token_hash")`);
    await queryRunner.query(`CREATE INDEX "user_sessions_family_idx" ON "user_sessions" ("family_id")`);
    await queryRunner.query(`CREATE INDEX "user_sessions_user_idx" ON "user_sessions" ("user_id") WHERE "revoked_at" IS NULL`);

    await queryRunner.query(`
      CREATE TABLE "api_tokens" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
        "name" varchar(100) NOT NULL,
        "scope" varchar(8) NOT NULL CHECK ("scope" IN ('read', 'write')),
        "prefix" varchar(16) NOT NULL,
        "token_hash" char(64) NOT NULL,
        "expires_at" timestamptz NULL,
        "last_used_at" timestamptz NULL,
        "revoked_at" timestamptz NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens" ("token_hash")`);
    await queryRunner.query(`CREATE INDEX "api_tokens_user_idx" ON "api_tokens" ("user_id", "created_at")`);

    await queryRunner.query(`CREATE INDEX "users_display_name_prefix_idx" ON "users" (lower("display_name") text_pattern_ops)`);
    await queryRunner.query(`CREATE INDEX "users_email_prefix_idx" ON "users" (lower("email") text_pattern_ops)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "users_email_prefix_idx"`);
    await queryRunner.query(`DROP INDEX "users_display_name_prefix_idx"`);
    await queryRunner.query(`DROP TABLE "api_tokens"`);
    await queryRunner.query(`DROP TABLE "user_sessions"`);
  }
}
