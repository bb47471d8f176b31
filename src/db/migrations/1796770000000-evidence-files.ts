import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Evidence files (issue 16): their metadata in `evidence_files`, their bytes (when kept in PostgreSQL) in
 * `evidence_file_contents`. Closed to providers by row-level security, as every table a provider never reads.
 */
export class EvidenceFiles1796770000000 implements MigrationInterface {
  name = 'EvidenceFiles1796770000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "evidence_files" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "complaint_id" uuid NOT NULL, "evidence_id" uuid NOT NULL, "filename" text NOT NULL, "content_type" text NOT NULL, "size" integer NOT NULL, "sha256" text NOT NULL, "storage" text NOT NULL, "uploaded_by_id" uuid, "content_deleted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_f8d1a9a8e0430b749e2f4694460" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_4bba92d4ec04888c7bf2af2f71" ON "evidence_files"  ("complaint_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_259593ef0b329747f711162984" ON "evidence_files"  ("evidence_id") `);
    await queryRunner.query(`CREATE TABLE "evidence_file_contents" ("evidence_file_id" uuid NOT NULL, "content" bytea NOT NULL, CONSTRAINT "PK_b77b483b6368f2d24035e65ed9d" PRIMARY KEY ("evidence_file_id"))`);
    await queryRunner.query(`ALTER TABLE "evidence_files" ADD CONSTRAINT "FK_4bba92d4ec04888c7bf2af2f713" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "evidence_files" ADD CONSTRAINT "FK_259593ef0b329747f711162984d" FOREIGN KEY ("evidence_id") REFERENCES "evidence"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "evidence_file_contents" ADD CONSTRAINT "FK_b77b483b6368f2d24035e65ed9d" FOREIGN KEY ("evidence_file_id") REFERENCES "evidence_files"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    for (const table of ['evidence_files', 'evidence_file_contents']) {
      await queryRunner.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await queryRunner.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
      await queryRunner.query(`CREATE POLICY provider_scope ON "${table}" USING (app_provider_id() IS NULL)`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['evidence_files', 'evidence_file_contents'])
      await queryRunner.query(`DROP POLICY provider_scope ON "${table}"`);
    await queryRunner.query(`ALTER TABLE "evidence_file_contents" DROP CONSTRAINT "FK_b77b483b6368f2d24035e65ed9d"`);
    await queryRunner.query(`ALTER TABLE "evidence_files" DROP CONSTRAINT "FK_259593ef0b329747f711162984d"`);
    await queryRunner.query(`ALTER TABLE "evidence_files" DROP CONSTRAINT "FK_4bba92d4ec04888c7bf2af2f713"`);
    await queryRunner.query(`DROP TABLE "evidence_file_contents"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_259593ef0b329747f711162984"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4bba92d4ec04888c7bf2af2f71"`);
    await queryRunner.query(`DROP TABLE "evidence_files"`);
  }
}
