import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ConsequenceKeys1795426149562 implements MigrationInterface {
  name = 'ConsequenceKeys1795426149562';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Existing rows get the key the planner would give them, so re-assessment recognises them.
    for (const table of ['court_notifications', 'provider_engagements', 'referrals', 'report_corrections']) {
      await queryRunner.query(`ALTER TABLE "${table}" ADD "consequence_key" text`);
    }
    await queryRunner.query(`UPDATE court_notifications n SET consequence_key = CASE n.reason
        WHEN 'PROFESSIONAL_JUDGEMENT' THEN 'court-notification:professional-judgement'
        WHEN 'STAFF_CONDUCT' THEN 'court-notification:staff-conduct:'
          || coalesce((SELECT a.staff_id::text FROM complaint_aspects a WHERE a.id = n.aspect_id), n.id::text)
        ELSE 'court-notification:factual-error:'
          || coalesce((SELECT lower(regexp_replace(btrim(a.other_communication), '\\s+', ' ', 'g')) FROM complaint_aspects a WHERE a.id = n.aspect_id), n.id::text)
        END`);
    await queryRunner.query(`UPDATE report_corrections SET consequence_key = 'report-correction:' || court_report_id`);
    await queryRunner.query(`UPDATE referrals SET consequence_key = 'referral:' || staff_id || ':' || level`);
    await queryRunner.query(`UPDATE provider_engagements SET consequence_key = 'provider-engagement:' || provider_id`);
    for (const table of ['court_notifications', 'provider_engagements', 'referrals', 'report_corrections']) {
      await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "consequence_key" SET NOT NULL`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "report_corrections" DROP COLUMN "consequence_key"`);
    await queryRunner.query(`ALTER TABLE "referrals" DROP COLUMN "consequence_key"`);
    await queryRunner.query(`ALTER TABLE "provider_engagements" DROP COLUMN "consequence_key"`);
    await queryRunner.query(`ALTER TABLE "court_notifications" DROP COLUMN "consequence_key"`);
  }
}
