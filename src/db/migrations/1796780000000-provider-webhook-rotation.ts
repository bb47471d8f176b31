import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ProviderWebhookRotation1796780000000 implements MigrationInterface {
  name = 'ProviderWebhookRotation1796780000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "providers" ADD "webhook_previous_secret" text`);
    await queryRunner.query(`ALTER TABLE "providers" ADD "webhook_previous_secret_expires_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "providers" ADD "webhook_secret_issued_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "providers" DROP COLUMN "webhook_secret_issued_at"`);
    await queryRunner.query(`ALTER TABLE "providers" DROP COLUMN "webhook_previous_secret_expires_at"`);
    await queryRunner.query(`ALTER TABLE "providers" DROP COLUMN "webhook_previous_secret"`);
  }
}
