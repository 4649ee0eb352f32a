import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhooks of a sheet and their deliveries. A delivery is one committed change (one sheet version) for one webhook;
 * it is claimed by pushing `next_attempt_at` forward (a lease), so several instances share the work and a crashed
 * sender's deliveries are picked up again when the lease runs out.
 */
export class Webhooks1764500000000 implements MigrationInterface {
  name = 'Webhooks1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "webhooks" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "sheet_id" uuid NOT NULL REFERENCES "spreadsheets" ("id") ON DELETE CASCADE,
        "url" varchar(2048) NOT NULL,
        "events" text[] NOT NULL DEFAULT '{}',
        "secret" varchar(128) NOT NULL,
        "created_by" uuid NULL REFERENCES "users" ("id") ON DELETE SET NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX "webhooks_sheet_idx" ON "webhooks" ("sheet_id")`);
    await queryRunner.query(`
      CREATE TABLE "webhook_deliveries" (
        "id" bigserial PRIMARY KEY,
        "webhook_id" uuid NOT NULL REFERENCES "webhooks" ("id") ON DELETE CASCADE,
        "version" bigint NOT NULL,
        "event" varchar(32) NOT NULL,
        "payload" jsonb NOT NULL,
        "status" varchar(16) NOT NULL DEFAULT 'pending' CHECK ("status" IN ('pending', 'delivered', 'failed')),
        "attempts" integer NOT NULL DEFAULT 0,
        "next_attempt_at" timestamptz NOT NULL DEFAULT now(),
        "last_status_code" integer NULL,
        "last_error" varchar(500) NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "delivered_at" timestamptz NULL
      )`);
    await queryRunner.query(`CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" ("next_attempt_at") WHERE "status" = 'pending'`);
    await queryRunner.query(`CREATE INDEX "webhook_deliveries_webhook_idx" ON "webhook_deliveries" ("webhook_id", "id")`);
    // The dispatcher's per-sheet list of webhooks is dropped on the sheet's change notification.
    await queryRunner.query(`
      CREATE TRIGGER "webhooks_changed" AFTER INSERT OR UPDATE OR DELETE ON "webhooks"
      FOR EACH ROW EXECUTE FUNCTION "notify_sheet_changed"()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
    await queryRunner.query(`DROP TABLE "webhooks"`);
  }
}
