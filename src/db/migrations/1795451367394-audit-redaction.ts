import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditRedaction1795451367394 implements MigrationInterface {
  name = 'AuditRedaction1795451367394';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_events" ADD "redacted_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_events" DROP COLUMN "redacted_at"`);
  }
}
