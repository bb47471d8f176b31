import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys of mutations (SPEC §6), per caller. No row-level security: the table is never read
 * by a provider's query, but a provider's mutation marks its key inside the provider's transaction,
 * where `app.provider_id` may be set. The application role gets its privileges with every other table's.
 */
export class IdempotencyKeys1796587887291 implements MigrationInterface {
  name = 'IdempotencyKeys1796587887291';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "idempotency_keys" ("caller_role" text NOT NULL, "caller_subject" text NOT NULL, "key" character varying(255) NOT NULL, "request_hash" character(64) NOT NULL, "claim" uuid NOT NULL, "locked_until" TIMESTAMP WITH TIME ZONE NOT NULL, "committed_at" TIMESTAMP WITH TIME ZONE, "response_status" integer, "response_body" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_9fffcea7234b17b192f3cdb74ff" PRIMARY KEY ("caller_role", "caller_subject", "key"))`);
    await queryRunner.query(`CREATE INDEX "IDX_e5fc0731b6752a8e9194fa265e" ON "idempotency_keys"  ("expires_at") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_e5fc0731b6752a8e9194fa265e"`);
    await queryRunner.query(`DROP TABLE "idempotency_keys"`);
  }
}
