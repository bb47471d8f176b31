import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Internal notes on complaints (issue 15). Closed to providers by row-level security, as every table a
 * provider never reads (migration RowLevelSecurity): a forgotten filter returns no note.
 */
export class ComplaintNotes1796612656629 implements MigrationInterface {
  name = 'ComplaintNotes1796612656629';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "complaint_notes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "complaint_id" uuid NOT NULL, "author_id" uuid NOT NULL, "text" text NOT NULL, CONSTRAINT "PK_f6d413a9225f2633753fb40abe7" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_c5f7adf7ff580617ee37583943" ON "complaint_notes"  ("complaint_id") `);
    await queryRunner.query(`ALTER TABLE "complaint_notes" ADD CONSTRAINT "FK_c5f7adf7ff580617ee375839437" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "complaint_notes" ADD CONSTRAINT "FK_42cb9847779e6662d62f0154c00" FOREIGN KEY ("author_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "complaint_notes" ENABLE ROW LEVEL SECURITY`);
    await queryRunner.query(`ALTER TABLE "complaint_notes" FORCE ROW LEVEL SECURITY`);
    await queryRunner.query(`CREATE POLICY provider_scope ON "complaint_notes" USING (app_provider_id() IS NULL)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP POLICY provider_scope ON "complaint_notes"`);
    await queryRunner.query(`ALTER TABLE "complaint_notes" DROP CONSTRAINT "FK_42cb9847779e6662d62f0154c00"`);
    await queryRunner.query(`ALTER TABLE "complaint_notes" DROP CONSTRAINT "FK_c5f7adf7ff580617ee375839437"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c5f7adf7ff580617ee37583943"`);
    await queryRunner.query(`DROP TABLE "complaint_notes"`);
  }
}
