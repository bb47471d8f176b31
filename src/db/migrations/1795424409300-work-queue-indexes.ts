import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Keyset indexes for the work queue orderings (nulls last: closed complaints have no next due date). */
export class WorkQueueIndexes1795424409300 implements MigrationInterface {
  name = 'WorkQueueIndexes1795424409300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "complaints_next_due_on_id_idx" ON "complaints" ("next_due_on" ASC NULLS LAST, "id")`);
    await queryRunner.query(`CREATE INDEX "complaints_received_at_id_idx" ON "complaints" ("received_at", "id")`);
    await queryRunner.query(`CREATE INDEX "complaints_service_area_next_due_on_idx" ON "complaints" ("service_area_id", "next_due_on" ASC NULLS LAST, "id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "complaints_service_area_next_due_on_idx"`);
    await queryRunner.query(`DROP INDEX "complaints_received_at_id_idx"`);
    await queryRunner.query(`DROP INDEX "complaints_next_due_on_id_idx"`);
  }
}
