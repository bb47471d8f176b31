import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A contact restriction's life after it is recorded (SPEC §1.11, §4): reviewed (a new review date, the
 * reviewer's note) and lifted (when, by whom, why). The table keeps its row-level security.
 */
export class ContactRestrictionLifecycle1796720000000 implements MigrationInterface {
  name = 'ContactRestrictionLifecycle1796720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "contact_restrictions" ADD "reviewed_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "contact_restrictions" ADD "review_note" text`);
    await queryRunner.query(`ALTER TABLE "contact_restrictions" ADD "lifted_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "contact_restrictions" ADD "lifted_by_id" uuid`);
    await queryRunner.query(`ALTER TABLE "contact_restrictions" ADD "lift_reason" text`);
    await queryRunner.query(`ALTER TABLE "contact_restrictions" ADD CONSTRAINT "FK_5d764b46264f12fc26e155bdabe" FOREIGN KEY ("lifted_by_id") REFERENCES "staff"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "contact_restrictions" DROP CONSTRAINT "FK_5d764b46264f12fc26e155bdabe"`);
    await queryRunner.query(`ALTER TABLE "contact_restrictions" DROP COLUMN "lift_reason"`);
    await queryRunner.query(`ALTER TABLE "contact_restrictions" DROP COLUMN "lifted_by_id"`);
    await queryRunner.query(`ALTER TABLE "contact_restrictions" DROP COLUMN "lifted_at"`);
    await queryRunner.query(`ALTER TABLE "contact_restrictions" DROP COLUMN "review_note"`);
    await queryRunner.query(`ALTER TABLE "contact_restrictions" DROP COLUMN "reviewed_at"`);
  }
}
