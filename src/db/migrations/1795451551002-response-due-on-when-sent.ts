import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `responses.due_on_when_sent`: the response due date in force when a response was sent, so that
 * "on time" is judged against it (SPEC §1.13) whatever happens to the complaint afterwards.
 */
export class ResponseDueOnWhenSent1795451551002 implements MigrationInterface {
  name = 'ResponseDueOnWhenSent1795451551002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "responses" ADD "due_on_when_sent" date`);
    // Responses sent before the column existed: once a response is sent its complaint's due date is
    // no longer recomputed, so the complaint's current due date is the one that was in force.
    await queryRunner.query(
      `UPDATE "responses" r SET "due_on_when_sent" = c."response_due_on" FROM "complaints" c WHERE c."id" = r."complaint_id" AND r."sent_at" IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "responses" DROP COLUMN "due_on_when_sent"`);
  }
}
