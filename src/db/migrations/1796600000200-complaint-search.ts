import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Finding complaints (issue 15, `complaints(filter: { search })`, src/services/complaint-search.ts).
 *
 * Row-level security stops PostgreSQL from using an index for an operator that is not LEAKPROOF
 * (ILIKE, pg_trgm's similarity, full-text @@): on the complaints, complainants, parties and cases
 * tables every search would read every row (2.9 s for a reference at scale 100). So what is searched
 * is kept in `complaint_search`, one row per complaint (its reference, case number, the names and
 * emails of its complainant and of its case's parties, the words of its summary), without row-level
 * security and out of the application role's reach: it is read only through `find_complaints`, which
 * gives complaint ids (filtered afterwards by the caller's row scope and, for a provider, row-level
 * security) and never searches names, emails or summaries inside a provider's transaction. Triggers
 * keep it current (as the owner, with the provider setting cleared, so a provider's change sees the
 * whole row), whatever writes: intake, corrections, the case system's pushes, retention.
 */
export const REFRESH = `
  CREATE FUNCTION refresh_complaint_search(ids uuid[]) RETURNS void
  LANGUAGE sql SECURITY DEFINER SET search_path = public SET app.provider_id = '' AS $$
    INSERT INTO complaint_search AS s (complaint_id, reference, case_number, names, emails, words)
    SELECT c.id, c.reference, k.case_number,
           concat_ws(' | ', n.first_name || ' ' || n.last_name,
                     (SELECT string_agg(y.first_name || ' ' || y.last_name, ' | ') FROM parties y WHERE y.case_id = c.case_id)),
           concat_ws(' ', n.email, (SELECT string_agg(y.email, ' ') FROM parties y WHERE y.case_id = c.case_id)),
           to_tsvector('english', c.summary)
    FROM complaints c LEFT JOIN cases k ON k.id = c.case_id LEFT JOIN complainants n ON n.id = c.complainant_id
    WHERE c.id = ANY(ids)
    ON CONFLICT (complaint_id) DO UPDATE SET reference = EXCLUDED.reference, case_number = EXCLUDED.case_number,
      names = EXCLUDED.names, emails = EXCLUDED.emails, words = EXCLUDED.words
  $$`;

/**
 * The complaints `q` finds (`pattern`: q as an ILIKE pattern for any part): as written, or with
 * `look_alike` the names that look like it (word similarity of at least 0.3, as pg_trgm's `%`; its
 * default 0.6 for `<%` misses "Smyth" for "Smith"). People and summaries only when the caller may
 * read them and never while a provider's scope is set; case numbers when asked.
 */
export const FIND = `
  CREATE FUNCTION find_complaints(q text, pattern text, people boolean, case_numbers boolean, look_alike boolean)
  RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public SET pg_trgm.word_similarity_threshold = 0.3 AS $$
    SELECT complaint_id FROM complaint_search WHERE NOT look_alike AND reference ILIKE pattern
    UNION SELECT complaint_id FROM complaint_search WHERE NOT look_alike AND case_numbers AND case_number ILIKE pattern
    UNION SELECT complaint_id FROM complaint_search
      WHERE NOT look_alike AND people AND app_provider_id() IS NULL AND (names ILIKE pattern OR emails ILIKE pattern)
    UNION SELECT complaint_id FROM complaint_search
      WHERE NOT look_alike AND people AND app_provider_id() IS NULL AND words @@ websearch_to_tsquery('english', q)
    UNION SELECT complaint_id FROM complaint_search
      WHERE look_alike AND people AND app_provider_id() IS NULL AND q <% names
  $$`;

/** The ids of rows whose `columns` an update changed (its transition tables `before` and `changed`). */
const changedRows = (columns: string[]) =>
  'SELECT n.id FROM changed n JOIN before o ON o.id = n.id WHERE ' +
  columns.map((c) => `o.${c} IS DISTINCT FROM n.${c}`).join(' OR ');

const refresh = (ids: string) => `PERFORM refresh_complaint_search(ARRAY(${ids})); RETURN NULL;`;
const ofCases = (cases: string) => refresh(`SELECT c.id FROM complaints c WHERE c.case_id IN (${cases})`);

/**
 * [trigger, table, event, transition tables, body]: each refreshes the complaints it touches, once per
 * statement (a bulk write is one refresh: the seed's issuing of 200,000 references is one statement).
 */
const TRIGGERS: [string, string, string, string, string][] = [
  ['search_complaints_inserted', 'complaints', 'INSERT', 'NEW TABLE AS changed', refresh('SELECT id FROM changed')],
  ['search_complaints_updated', 'complaints', 'UPDATE', 'OLD TABLE AS before NEW TABLE AS changed',
    refresh(changedRows(['reference', 'summary', 'case_id', 'complainant_id']))],
  ['search_complainants_updated', 'complainants', 'UPDATE', 'OLD TABLE AS before NEW TABLE AS changed',
    refresh(`SELECT c.id FROM complaints c WHERE c.complainant_id IN (${changedRows(['first_name', 'last_name', 'email'])})`)],
  ['search_cases_updated', 'cases', 'UPDATE', 'OLD TABLE AS before NEW TABLE AS changed',
    ofCases(changedRows(['case_number']))],
  ['search_parties_inserted', 'parties', 'INSERT', 'NEW TABLE AS changed', ofCases('SELECT case_id FROM changed')],
  ['search_parties_updated', 'parties', 'UPDATE', 'OLD TABLE AS before NEW TABLE AS changed',
    ofCases('SELECT case_id FROM changed UNION SELECT case_id FROM before')],
  ['search_parties_deleted', 'parties', 'DELETE', 'OLD TABLE AS before', ofCases('SELECT case_id FROM before')],
];

export class ComplaintSearch1796600000200 implements MigrationInterface {
  name = 'ComplaintSearch1796600000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await queryRunner.query(`
      CREATE TABLE complaint_search (
        complaint_id uuid PRIMARY KEY REFERENCES complaints(id) ON DELETE CASCADE,
        reference text NOT NULL,
        case_number text,
        names text NOT NULL DEFAULT '',
        emails text NOT NULL DEFAULT '',
        words tsvector NOT NULL
      )`);
    for (const column of ['reference', 'case_number', 'names', 'emails'])
      await queryRunner.query(`CREATE INDEX complaint_search_${column} ON complaint_search USING gin (${column} gin_trgm_ops)`);
    await queryRunner.query('CREATE INDEX complaint_search_words ON complaint_search USING gin (words)');
    await queryRunner.query(REFRESH);
    await queryRunner.query(FIND);
    for (const [name, table, event, tables, body] of TRIGGERS) {
      await queryRunner.query(
        `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public ` +
          `SET app.provider_id = '' AS $$ BEGIN ${body} END $$`,
      );
      await queryRunner.query(
        `CREATE TRIGGER ${name} AFTER ${event} ON "${table}" REFERENCING ${tables} FOR EACH STATEMENT EXECUTE FUNCTION ${name}()`,
      );
    }
    await queryRunner.query('SELECT refresh_complaint_search(ARRAY(SELECT id FROM complaints))');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [name, table] of TRIGGERS) {
      await queryRunner.query(`DROP TRIGGER ${name} ON "${table}"`);
      await queryRunner.query(`DROP FUNCTION ${name}()`);
    }
    await queryRunner.query('DROP FUNCTION find_complaints(text, text, boolean, boolean, boolean)');
    await queryRunner.query('DROP FUNCTION refresh_complaint_search(uuid[])');
    await queryRunner.query('DROP TABLE complaint_search');
  }
}
