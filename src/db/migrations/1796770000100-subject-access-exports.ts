import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Subject access exports (issue 16): who asked for whom, until when (ids only). Closed to providers by
 * row-level security, as every table a provider never reads.
 */
export class SubjectAccessExports1796770000100 implements MigrationInterface {
  name = 'SubjectAccessExports1796770000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "subject_access_exports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "requested_by_id" uuid NOT NULL, "person_kind" text NOT NULL, "person_id" uuid NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_36c53408333382885730299a748" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_f37fc08ccf85ab7c4fe46e9f34" ON "subject_access_exports"  ("requested_by_id") `);
    await queryRunner.query(`ALTER TABLE "subject_access_exports" ADD CONSTRAINT "FK_f37fc08ccf85ab7c4fe46e9f347" FOREIGN KEY ("requested_by_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "subject_access_exports" ENABLE ROW LEVEL SECURITY`);
    await queryRunner.query(`ALTER TABLE "subject_access_exports" FORCE ROW LEVEL SECURITY`);
    await queryRunner.query(`CREATE POLICY provider_scope ON "subject_access_exports" USING (app_provider_id() IS NULL)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP POLICY provider_scope ON "subject_access_exports"`);
    await queryRunner.query(`ALTER TABLE "subject_access_exports" DROP CONSTRAINT "FK_f37fc08ccf85ab7c4fe46e9f347"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f37fc08ccf85ab7c4fe46e9f34"`);
    await queryRunner.query(`DROP TABLE "subject_access_exports"`);
  }
}
