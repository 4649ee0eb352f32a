import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The foundation's schema: the `users` table every later module refers to (accounts, sharing, history authors).
 * Emails are unique case-insensitively through an index on lower(email).
 */
export class InitialSchema1764100000000 implements MigrationInterface {
  name = 'InitialSchema1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "users" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "email" varchar(320) NOT NULL,
        "password_hash" varchar(255) NOT NULL,
        "display_name" varchar(100) NOT NULL,
        "role" varchar(16) NOT NULL DEFAULT 'member' CHECK ("role" IN ('admin', 'member')),
        "is_active" boolean NOT NULL DEFAULT true,
        "preferences" jsonb NOT NULL DEFAULT '{}'::jsonb,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "last_login_at" timestamptz NULL
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "users_email_lower_key" ON "users" (lower("email"))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "users"`);
  }
}
