import type { MigrationInterface, QueryRunner } from 'typeorm';

export class StaffPersonalData1795436335307 implements MigrationInterface {
  name = 'StaffPersonalData1795436335307';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "staff" ADD "qualifications" text array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "staff" ADD "training" text array NOT NULL DEFAULT '{}'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "staff" DROP COLUMN "training"`);
    await queryRunner.query(`ALTER TABLE "staff" DROP COLUMN "qualifications"`);
  }
}
