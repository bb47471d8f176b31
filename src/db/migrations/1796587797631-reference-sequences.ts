import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Complaint references (`CMP-YYYY-NNNNNN`, SPEC §1.1) from one PostgreSQL sequence per year,
 * `complaint_reference_<year>`, instead of the single `reference_counters` row that every intake
 * locked until it committed (issue 12: two replicas, 16 concurrent intakes, p99 13 s).
 *
 * A sequence is not transactional: a number drawn by an intake that then rolls back is not given
 * out again. References are unique and increase within a year in the order they are drawn, and
 * may have gaps; a number drawn earlier may commit later.
 *
 * The functions run as their owner (the migrating role; SECURITY DEFINER with a fixed
 * search_path), so the application role needs no right on the sequences, only EXECUTE on
 * `next_complaint_reference` and `catch_up_complaint_references` (granted at start-up with the
 * other privileges, see grantAppRole). `forget_complaint_references` is the owner's alone.
 */
const FUNCTIONS = {
  // The year's sequence, created on first use. Creators of the same year queue on a lock held to the
  // end of their transaction, so the later one finds the sequence the first committed (IF NOT EXISTS)
  // instead of failing on a duplicate catalog row; a creator that rolls back leaves it to the next.
  // The lock is only taken on that path: drawing a number from an existing sequence takes no lock.
  'complaint_reference_sequence(integer)': `
    CREATE FUNCTION complaint_reference_sequence(year integer) RETURNS regclass
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    DECLARE
      qualified text := format('public.complaint_reference_%s', year);
      sequence regclass := to_regclass(qualified);
    BEGIN
      IF year IS NULL OR year NOT BETWEEN 1000 AND 9999 THEN
        RAISE EXCEPTION 'a complaint reference year has four digits, not %', year
          USING ERRCODE = 'invalid_parameter_value';
      END IF;
      IF sequence IS NULL THEN
        PERFORM pg_advisory_xact_lock(hashtext('complaint_reference_sequence'), year);
        EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %s AS integer MINVALUE 1', qualified);
        sequence := qualified::regclass;
      END IF;
      RETURN sequence;
    END $$`,
  // The next reference of a year, zero-padded to six digits (never cut short).
  'next_complaint_reference(integer)': `
    CREATE FUNCTION next_complaint_reference(year integer) RETURNS text
    LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      SELECT format('CMP-%s-%s', year, lpad(n::text, greatest(6, length(n::text)), '0'))
      FROM (SELECT nextval(public.complaint_reference_sequence(year)) AS n) drawn
    $$`,
  // After complaints were written with their references (the demo data, this migration), each year's
  // sequence is moved on past the highest number already used; it is never moved back.
  'catch_up_complaint_references()': `
    CREATE FUNCTION catch_up_complaint_references() RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    DECLARE
      used record;
      sequence regclass;
      issued bigint;
    BEGIN
      FOR used IN
        SELECT substr(reference, 5, 4)::integer AS year, max(substr(reference, 10)::bigint) AS last
        FROM public.complaints WHERE reference ~ '^CMP-[0-9]{4}-[0-9]{6,}$' GROUP BY 1
      LOOP
        sequence := public.complaint_reference_sequence(used.year);
        EXECUTE format('SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM %s', sequence) INTO issued;
        IF used.last > issued THEN
          PERFORM setval(sequence, used.last);
        END IF;
      END LOOP;
    END $$`,
  // Every year's sequence dropped: numbering starts again at 000001 (resetting the demo data).
  'forget_complaint_references()': `
    CREATE FUNCTION forget_complaint_references() RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    DECLARE
      sequence text;
    BEGIN
      FOR sequence IN
        SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'S' AND n.nspname = 'public' AND c.relname ~ '^complaint_reference_[0-9]{4}$'
      LOOP
        EXECUTE format('DROP SEQUENCE public.%I', sequence);
      END LOOP;
    END $$`,
};

export class ReferenceSequences1796587797631 implements MigrationInterface {
  name = 'ReferenceSequences1796587797631';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [signature, sql] of Object.entries(FUNCTIONS)) {
      await queryRunner.query(sql);
      await queryRunner.query(`REVOKE ALL ON FUNCTION ${signature} FROM PUBLIC`);
    }
    // The counters carried over, then moved on past any reference already used (whichever is higher).
    await queryRunner.query(
      `SELECT setval(complaint_reference_sequence(year), last) FROM reference_counters WHERE last > 0`,
    );
    await queryRunner.query(`SELECT catch_up_complaint_references()`);
    await queryRunner.query(`DROP TABLE "reference_counters"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "reference_counters" ("year" integer NOT NULL, "last" integer NOT NULL, ` +
        `CONSTRAINT "PK_d3f15305259a907cc69d4df1c46" PRIMARY KEY ("year"))`,
    );
    // As in RowLevelSecurity: a provider reads no counter.
    await queryRunner.query(`ALTER TABLE "reference_counters" ENABLE ROW LEVEL SECURITY`);
    await queryRunner.query(`ALTER TABLE "reference_counters" FORCE ROW LEVEL SECURITY`);
    await queryRunner.query(
      `CREATE POLICY provider_scope ON "reference_counters" USING (app_provider_id() IS NULL OR (false))`,
    );
    // Each year's last number drawn (a sequence never drawn from has a null last_value).
    await queryRunner.query(`
      INSERT INTO "reference_counters" ("year", "last")
      SELECT substr(sequencename, 21)::integer, last_value FROM pg_sequences
      WHERE schemaname = 'public' AND sequencename ~ '^complaint_reference_[0-9]{4}$' AND last_value IS NOT NULL`);
    await queryRunner.query(`SELECT forget_complaint_references()`);
    for (const signature of Object.keys(FUNCTIONS).reverse()) {
      await queryRunner.query(`DROP FUNCTION ${signature}`);
    }
  }
}
