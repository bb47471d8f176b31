import type { MigrationInterface, QueryRunner } from 'typeorm';

export class NotificationDelivery1795427225310 implements MigrationInterface {
  name = 'NotificationDelivery1795427225310';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "providers" ADD "webhook_secret" text`);
    await queryRunner.query(`ALTER TABLE "providers" ADD "webhook_disabled_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD "letter_file" text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "letter_file"`);
    await queryRunner.query(`ALTER TABLE "providers" DROP COLUMN "webhook_disabled_at"`);
    await queryRunner.query(`ALTER TABLE "providers" DROP COLUMN "webhook_secret"`);
  }
}
