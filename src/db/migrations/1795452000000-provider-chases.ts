import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A provider's separate response and its sending, and how far the gateway chased it (SPEC §1.5, §4.9). */
export class ProviderChases1795452000000 implements MigrationInterface {
  name = 'ProviderChases1795452000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "provider_engagements" ADD "provider_response_sent_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "provider_engagements" ADD "chase_count" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE "provider_engagements" ADD "escalated_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "provider_engagements" DROP COLUMN "escalated_at"`);
    await queryRunner.query(`ALTER TABLE "provider_engagements" DROP COLUMN "chase_count"`);
    await queryRunner.query(`ALTER TABLE "provider_engagements" DROP COLUMN "provider_response_sent_at"`);
  }
}
