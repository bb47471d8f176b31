import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether a member of staff may still act (issue 13 §4): a token naming one who has left is refused.
 * Set to false when someone leaves (the HR system's offboarding); rows are kept for the audit trail.
 */
export class StaffActive1796600000001 implements MigrationInterface {
  name = 'StaffActive1796600000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "staff" ADD "active" boolean NOT NULL DEFAULT true`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "staff" DROP COLUMN "active"`);
  }
}
