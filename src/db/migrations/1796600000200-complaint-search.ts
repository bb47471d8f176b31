import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Finding complaints (issue 15, `complaints(filter: { search })`, src/services/complaint-search.ts):
 * trigram indexes (pg_trgm, a trusted extension the schema's owner may create) for any part of a
 * reference, a case number or an email and for names with typos, and a full-text index over the
 * summary's words. Each searched expression has its own index, so every arm of the search is an index
 * scan whatever the size of the tables.
 */
const INDEXES: [name: string, table: string, expression: string][] = [
  ['complaints_reference_trgm', 'complaints', 'reference gin_trgm_ops'],
  ['complaints_summary_words', 'complaints', "to_tsvector('english', summary)"],
  ['cases_case_number_trgm', 'cases', 'case_number gin_trgm_ops'],
  ['complainants_name_trgm', 'complainants', "(first_name || ' ' || last_name) gin_trgm_ops"],
  ['complainants_first_name_trgm', 'complainants', 'first_name gin_trgm_ops'],
  ['complainants_last_name_trgm', 'complainants', 'last_name gin_trgm_ops'],
  ['complainants_email_trgm', 'complainants', 'email gin_trgm_ops'],
  ['parties_name_trgm', 'parties', "(first_name || ' ' || last_name) gin_trgm_ops"],
  ['parties_first_name_trgm', 'parties', 'first_name gin_trgm_ops'],
  ['parties_last_name_trgm', 'parties', 'last_name gin_trgm_ops'],
  ['parties_email_trgm', 'parties', 'email gin_trgm_ops'],
];

export class ComplaintSearch1796600000200 implements MigrationInterface {
  name = 'ComplaintSearch1796600000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    for (const [name, table, expression] of INDEXES)
      await queryRunner.query(`CREATE INDEX "${name}" ON "${table}" USING gin (${expression})`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [name] of INDEXES) await queryRunner.query(`DROP INDEX "${name}"`);
    await queryRunner.query('DROP EXTENSION IF EXISTS pg_trgm');
  }
}
