import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ProcedureColumns1795425819700 implements MigrationInterface {
  name = 'ProcedureColumns1795425819700';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "complaints" ADD "referred_provider_id" uuid`);
    await queryRunner.query(`ALTER TABLE "complaints" ADD "local_manager_id" uuid`);
    await queryRunner.query(`ALTER TABLE "complaints" ADD "child_contact_method" "public"."contact_method"`);
    await queryRunner.query(`ALTER TABLE "complaints" ADD "child_met" boolean`);
    await queryRunner.query(`ALTER TABLE "complaints" ADD "child_supporter" text`);
    await queryRunner.query(`ALTER TABLE "complaints" ADD "child_contact_note" text`);
    await queryRunner.query(`ALTER TABLE "complaints" ADD "safeguarding_note" text`);
    await queryRunner.query(`ALTER TABLE "complaints" ADD "withdrawal_reason" text`);
    await queryRunner.query(`ALTER TABLE "complaint_aspects" ADD "other_communication" text`);
    await queryRunner.query(`CREATE INDEX "IDX_17faf68bac18c1b1d213331f0f" ON "complaints"  ("referred_provider_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_9a8e8e2ea4a0dd9d5f018c0a55" ON "complaints"  ("local_manager_id") `);
    await queryRunner.query(`ALTER TABLE "complaints" ADD CONSTRAINT "FK_17faf68bac18c1b1d213331f0f7" FOREIGN KEY ("referred_provider_id") REFERENCES "providers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "complaints" ADD CONSTRAINT "FK_9a8e8e2ea4a0dd9d5f018c0a55d" FOREIGN KEY ("local_manager_id") REFERENCES "staff"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "complaints" DROP CONSTRAINT "FK_9a8e8e2ea4a0dd9d5f018c0a55d"`);
    await queryRunner.query(`ALTER TABLE "complaints" DROP CONSTRAINT "FK_17faf68bac18c1b1d213331f0f7"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9a8e8e2ea4a0dd9d5f018c0a55"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_17faf68bac18c1b1d213331f0f"`);
    await queryRunner.query(`ALTER TABLE "complaint_aspects" DROP COLUMN "other_communication"`);
    await queryRunner.query(`ALTER TABLE "complaints" DROP COLUMN "withdrawal_reason"`);
    await queryRunner.query(`ALTER TABLE "complaints" DROP COLUMN "safeguarding_note"`);
    await queryRunner.query(`ALTER TABLE "complaints" DROP COLUMN "child_contact_note"`);
    await queryRunner.query(`ALTER TABLE "complaints" DROP COLUMN "child_supporter"`);
    await queryRunner.query(`ALTER TABLE "complaints" DROP COLUMN "child_met"`);
    await queryRunner.query(`ALTER TABLE "complaints" DROP COLUMN "child_contact_method"`);
    await queryRunner.query(`ALTER TABLE "complaints" DROP COLUMN "local_manager_id"`);
    await queryRunner.query(`ALTER TABLE "complaints" DROP COLUMN "referred_provider_id"`);
  }
}
