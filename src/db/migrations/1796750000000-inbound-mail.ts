import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['inbound_messages', 'inbound_message_sources', 'inbound_attachments'];

/**
 * Complaints by email (issue 16): the mailbox's messages (what they said, what became of them), their
 * bytes as received and their attachments, kept apart so that reading messages never reads bytes;
 * evidence's file details; a complaint's `draft` flag; and UNKNOWN, the kind of a complainant known
 * only by an email address until the CST completes intake. The new tables hold personal data a
 * provider never reads: closed to providers by row-level security, as every such table (migration
 * RowLevelSecurity), so that a forgotten filter returns nothing.
 */
export class InboundMail1796750000000 implements MigrationInterface {
  name = 'InboundMail1796750000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."inbound_message_status" AS ENUM('RECEIVED', 'DRAFTED', 'ATTACHED', 'QUARANTINED')`);
    await queryRunner.query(`CREATE TABLE "inbound_messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" "public"."inbound_message_status" NOT NULL, "reason" text, "complaint_id" uuid, "processed_at" TIMESTAMP WITH TIME ZONE, "envelope_from" text, "envelope_to" text array NOT NULL, "message_id" text, "from_address" text, "from_name" text, "subject" text, "sent_at" TIMESTAMP WITH TIME ZONE, "text" text, "size_bytes" integer NOT NULL, "attachment_count" integer NOT NULL, "sha256" text NOT NULL, CONSTRAINT "UQ_1392769988ba769f245428aba3d" UNIQUE ("sha256"), CONSTRAINT "PK_4f21d40ad47ab9702cb1ee64590" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_e79dad89933cadc78563eb5469" ON "inbound_messages"  ("status") `);
    await queryRunner.query(`CREATE INDEX "IDX_32078d1204a33796fc5364689a" ON "inbound_messages"  ("complaint_id") `);
    await queryRunner.query(`CREATE INDEX "inbound_messages_received_at_id_idx" ON "inbound_messages"  ("received_at", "id") `);
    await queryRunner.query(`CREATE TABLE "inbound_message_sources" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "inbound_message_id" uuid NOT NULL, "raw" bytea, CONSTRAINT "REL_c619ba040e6103608f08fdb51f" UNIQUE ("inbound_message_id"), CONSTRAINT "PK_24722d773e716c6255a704902bb" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "inbound_attachments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "inbound_message_id" uuid NOT NULL, "position" integer NOT NULL, "file_name" text, "content_type" text NOT NULL, "size_bytes" integer NOT NULL, "sha256" text NOT NULL, "content" bytea, "evidence_id" uuid, CONSTRAINT "PK_507416a1148a3a6671fc2c746fe" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_905c1fca76b330305e88b2453d" ON "inbound_attachments"  ("inbound_message_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_fc119ee504507301f43197eb69" ON "inbound_attachments"  ("evidence_id") `);
    await queryRunner.query(`ALTER TABLE "complaints" ADD "draft" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "evidence" ADD "file_name" text`);
    await queryRunner.query(`ALTER TABLE "evidence" ADD "content_type" text`);
    await queryRunner.query(`ALTER TABLE "evidence" ADD "size_bytes" integer`);
    await queryRunner.query(`ALTER TABLE "evidence" ADD "sha256" text`);
    await queryRunner.query(`ALTER TYPE "public"."complainant_kind" ADD VALUE 'UNKNOWN'`);
    await queryRunner.query(`ALTER TABLE "inbound_messages" ADD CONSTRAINT "FK_32078d1204a33796fc5364689a6" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "inbound_message_sources" ADD CONSTRAINT "FK_c619ba040e6103608f08fdb51f2" FOREIGN KEY ("inbound_message_id") REFERENCES "inbound_messages"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "inbound_attachments" ADD CONSTRAINT "FK_905c1fca76b330305e88b2453df" FOREIGN KEY ("inbound_message_id") REFERENCES "inbound_messages"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "inbound_attachments" ADD CONSTRAINT "FK_fc119ee504507301f43197eb692" FOREIGN KEY ("evidence_id") REFERENCES "evidence"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    for (const table of TABLES) {
      await queryRunner.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await queryRunner.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
      await queryRunner.query(`CREATE POLICY provider_scope ON "${table}" USING (app_provider_id() IS NULL)`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) await queryRunner.query(`DROP POLICY provider_scope ON "${table}"`);
    await queryRunner.query(`ALTER TABLE "inbound_attachments" DROP CONSTRAINT "FK_fc119ee504507301f43197eb692"`);
    await queryRunner.query(`ALTER TABLE "inbound_attachments" DROP CONSTRAINT "FK_905c1fca76b330305e88b2453df"`);
    await queryRunner.query(`ALTER TABLE "inbound_message_sources" DROP CONSTRAINT "FK_c619ba040e6103608f08fdb51f2"`);
    await queryRunner.query(`ALTER TABLE "inbound_messages" DROP CONSTRAINT "FK_32078d1204a33796fc5364689a6"`);
    // PostgreSQL cannot drop an enum value, and complainant_kind is used by the statistics summaries and their
    // functions too: UNKNOWN stays in the type, unused by the code before this migration.
    await queryRunner.query(`ALTER TABLE "evidence" DROP COLUMN "sha256"`);
    await queryRunner.query(`ALTER TABLE "evidence" DROP COLUMN "size_bytes"`);
    await queryRunner.query(`ALTER TABLE "evidence" DROP COLUMN "content_type"`);
    await queryRunner.query(`ALTER TABLE "evidence" DROP COLUMN "file_name"`);
    await queryRunner.query(`ALTER TABLE "complaints" DROP COLUMN "draft"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fc119ee504507301f43197eb69"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_905c1fca76b330305e88b2453d"`);
    await queryRunner.query(`DROP TABLE "inbound_attachments"`);
    await queryRunner.query(`DROP TABLE "inbound_message_sources"`);
    await queryRunner.query(`DROP INDEX "public"."inbound_messages_received_at_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_32078d1204a33796fc5364689a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e79dad89933cadc78563eb5469"`);
    await queryRunner.query(`DROP TABLE "inbound_messages"`);
    await queryRunner.query(`DROP TYPE "public"."inbound_message_status"`);
  }
}
