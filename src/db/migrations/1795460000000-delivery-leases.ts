import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Delivery claims a notification with a lease instead of holding its row locked while it sends (SPEC §4). */
export class DeliveryLeases1795460000000 implements MigrationInterface {
  name = 'DeliveryLeases1795460000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications" ADD "lease_until" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD "lease_token" uuid`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "lease_token"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "lease_until"`);
  }
}
