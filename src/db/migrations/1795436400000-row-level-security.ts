import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Defence in depth for partner requests (SPEC §3): row-level security, forced on the tables' owner
 * too. A provider request sets `app.provider_id` for its transaction (`set_config(…, true)`); the
 * policies then admit only that provider's rows of the provider-visible tables and no row at all
 * of the others, so a query that forgot its filter returns nothing. Without the setting (internal
 * requests, workers) every row is admitted: the application's own row scoping decides.
 *
 * `staff_line(manager)` is a line manager's whole reporting line (direct reports and theirs),
 * used by the application's row scoping for line managers.
 */
const PROVIDER_TABLES: Record<string, string> = {
  providers: 'id = app_provider_id()',
  complaint_aspects: `category = 'PROVIDER_ACTIONS' AND provider_id = app_provider_id()`,
  provider_engagements: 'provider_id = app_provider_id()',
  complaints:
    'referred_provider_id = app_provider_id() OR EXISTS (SELECT 1 FROM complaint_aspects a WHERE a.complaint_id = complaints.id ' +
    `AND a.category = 'PROVIDER_ACTIONS' AND a.provider_id = app_provider_id())`,
  complainants: 'EXISTS (SELECT 1 FROM complaints c WHERE c.complainant_id = complainants.id)',
  cases: 'EXISTS (SELECT 1 FROM complaints c WHERE c.case_id = cases.id)',
};

/** Tables a provider never reads: no row while `app.provider_id` is set. */
const CLOSED_TABLES = [
  'audit_events', 'children', 'compliments', 'contact_logs', 'contact_restrictions', 'court_notifications', 'court_reports',
  'deadline_extensions', 'evidence', 'hearings', 'learning_points', 'notifications', 'ombudsman_escalations', 'ombudsman_recommendations',
  'parties', 'reasonable_adjustments', 'reference_counters', 'referrals', 'report_corrections', 'responses', 'staff',
];

export class RowLevelSecurity1795436400000 implements MigrationInterface {
  name = 'RowLevelSecurity1795436400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE FUNCTION app_provider_id() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('app.provider_id', true), '')::uuid $$`,
    );
    await queryRunner.query(`
      CREATE FUNCTION staff_line(manager uuid) RETURNS SETOF uuid LANGUAGE sql STABLE AS $$
        WITH RECURSIVE line(id) AS (
          SELECT s.id FROM staff s WHERE s.line_manager_id = manager
          UNION
          SELECT s.id FROM staff s JOIN line ON s.line_manager_id = line.id
        )
        SELECT id FROM line
      $$`);
    const tables = [...Object.entries(PROVIDER_TABLES), ...CLOSED_TABLES.map((t) => [t, 'false'] as const)];
    for (const [table, providerRows] of tables) {
      await queryRunner.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await queryRunner.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
      await queryRunner.query(`CREATE POLICY provider_scope ON "${table}" USING (app_provider_id() IS NULL OR (${providerRows}))`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...Object.keys(PROVIDER_TABLES), ...CLOSED_TABLES]) {
      await queryRunner.query(`DROP POLICY provider_scope ON "${table}"`);
      await queryRunner.query(`ALTER TABLE "${table}" NO FORCE ROW LEVEL SECURITY`);
      await queryRunner.query(`ALTER TABLE "${table}" DISABLE ROW LEVEL SECURITY`);
    }
    await queryRunner.query('DROP FUNCTION staff_line(uuid)');
    await queryRunner.query('DROP FUNCTION app_provider_id()');
  }
}
