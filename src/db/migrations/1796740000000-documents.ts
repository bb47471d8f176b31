import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Documents of complaints (issue 16): the letters sent to complainants, their metadata in `documents`
 * (one per notification: the unique index makes keeping a letter idempotent) and their bytes in
 * `document_contents`. Closed to providers by row-level security, as every table a provider never reads.
 */
export class Documents1796740000000 implements MigrationInterface {
  name = 'Documents1796740000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "documents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "complaint_id" uuid NOT NULL, "notification_id" uuid, "template" text NOT NULL, "channel" "public"."notification_channel" NOT NULL, "recipient_kind" "public"."recipient_kind" NOT NULL, "recipient_id" uuid, "content_type" text NOT NULL, "filename" text NOT NULL, "size" integer NOT NULL, "sha256" text NOT NULL, "storage" text NOT NULL DEFAULT 'postgres', "content_deleted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_ac51aa5181ee2036f5ca482857c" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_0057dfd1f7859abb317b3e19af" ON "documents"  ("complaint_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_ddf74ad63aff4c1a517d0f8e26" ON "documents"  ("notification_id") `);
    await queryRunner.query(`CREATE TABLE "document_contents" ("document_id" uuid NOT NULL, "content" bytea NOT NULL, CONSTRAINT "PK_dfc809fb593cb08f0e97825a630" PRIMARY KEY ("document_id"))`);
    await queryRunner.query(`ALTER TABLE "documents" ADD CONSTRAINT "FK_0057dfd1f7859abb317b3e19afd" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "documents" ADD CONSTRAINT "FK_ddf74ad63aff4c1a517d0f8e26b" FOREIGN KEY ("notification_id") REFERENCES "notifications"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "document_contents" ADD CONSTRAINT "FK_dfc809fb593cb08f0e97825a630" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    for (const table of ['documents', 'document_contents']) {
      await queryRunner.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await queryRunner.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
      await queryRunner.query(`CREATE POLICY provider_scope ON "${table}" USING (app_provider_id() IS NULL)`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['documents', 'document_contents'])
      await queryRunner.query(`DROP POLICY provider_scope ON "${table}"`);
    await queryRunner.query(`ALTER TABLE "document_contents" DROP CONSTRAINT "FK_dfc809fb593cb08f0e97825a630"`);
    await queryRunner.query(`ALTER TABLE "documents" DROP CONSTRAINT "FK_ddf74ad63aff4c1a517d0f8e26b"`);
    await queryRunner.query(`ALTER TABLE "documents" DROP CONSTRAINT "FK_0057dfd1f7859abb317b3e19afd"`);
    await queryRunner.query(`DROP TABLE "document_contents"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ddf74ad63aff4c1a517d0f8e26"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0057dfd1f7859abb317b3e19af"`);
    await queryRunner.query(`DROP TABLE "documents"`);
  }
}
