import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail against insiders (SPEC §5, issue 13 point 5).
 *
 * `audit_chain_heads`: each chain's last sequence and hash, updated in the transaction that appends,
 * so an append reads one row by its key instead of sorting the chain (`DISTINCT ON … ORDER BY
 * sequence DESC` cost 38 ms at 300 events). `lane_of` marks the chains of a partner's reads: a
 * partner has as many lanes as it has reads in flight (a read takes a free lane with SKIP LOCKED),
 * so concurrent reads never wait for one another.
 *
 * `audit_checkpoints` / `audit_checkpoint_heads`: the heads that changed since the previous
 * checkpoint, sealed with an Ed25519 signature whose key is not in the database; each checkpoint
 * names its predecessor's hash. The application role inserts them (the sealer) and cannot change them.
 *
 * `redact_complaint_audit`: the one way to redact (anonymisation, SPEC §1.12): it runs as the owner
 * (SECURITY DEFINER, fixed search_path), redacts only the events of an anonymised complaint in a
 * final status, not under legal hold and closed longer ago than the retention period, and records
 * each redaction in `audit_redactions`, which only it writes. The application role has no UPDATE on
 * `audit_events` at all (see grantAppRole).
 *
 * No entities: the gateway reads and writes these tables in SQL only (src/services/audit*.ts), and
 * TypeORM's schema comparison leaves tables it has no entity for alone.
 */
/** FINAL_STATUSES (src/domain/complaint-status.ts) when this migration was written. */
const FINAL = ['NOT_ACCEPTED', 'REFERRED_TO_PROVIDER', 'RESOLVED_LOCALLY', 'CLOSED', 'ESCALATED_TO_OMBUDSMAN', 'WITHDRAWN'];

const REDACT = `
  CREATE FUNCTION redact_complaint_audit(complaint uuid, retention_years integer, at timestamptz)
  RETURNS integer[] LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  DECLARE
    c record;
    redacted integer[];
  BEGIN
    IF retention_years IS NULL OR retention_years < 1 THEN
      RAISE EXCEPTION 'retention is at least a year, not %', retention_years USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT x.anonymised_at, x.legal_hold, x.status::text AS status,
           greatest(x.closed_at, x.responded_at, x.triaged_at, x.withdrawn_at) AS closed
      INTO c FROM public.complaints x WHERE x.id = complaint FOR UPDATE;
    IF NOT FOUND OR c.anonymised_at IS NULL OR c.legal_hold
       OR c.status NOT IN (${FINAL.map((s) => `'${s}'`).join(', ')})
       OR c.closed IS NULL
       OR (c.closed AT TIME ZONE 'Europe/London')::date
          > (at AT TIME ZONE 'Europe/London')::date - make_interval(years => retention_years) + interval '1 day' THEN
      RAISE EXCEPTION 'complaint % is not past retention: its audit trail cannot be redacted', complaint
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    WITH done AS (
      UPDATE public.audit_events SET change = NULL, redacted_at = at
      WHERE complaint_id = complaint AND redacted_at IS NULL RETURNING sequence
    )
    SELECT coalesce(array_agg(sequence ORDER BY sequence), '{}') INTO redacted FROM done;
    IF cardinality(redacted) > 0 THEN
      INSERT INTO public.audit_redactions (complaint_id, sequences, redacted_at) VALUES (complaint, redacted, at);
    END IF;
    RETURN redacted;
  END $$`;

const CLOSED = ['audit_chain_heads', 'audit_checkpoints', 'audit_checkpoint_heads', 'audit_redactions'];

export class AuditSeals1796600000000 implements MigrationInterface {
  name = 'AuditSeals1796600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_chain_heads" ("chain_key" text PRIMARY KEY, "sequence" integer NOT NULL, "hash" text, "lane_of" text)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_chain_heads_lane_of" ON "audit_chain_heads" ("lane_of", "chain_key") WHERE "lane_of" IS NOT NULL`,
    );
    await queryRunner.query(`
      INSERT INTO "audit_chain_heads" ("chain_key", "sequence", "hash")
      SELECT DISTINCT ON (chain_key) chain_key, sequence, hash FROM "audit_events" ORDER BY chain_key, sequence DESC`);
    await queryRunner.query(`
      CREATE TABLE "audit_checkpoints" (
        "sequence" integer PRIMARY KEY, "sealed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "previous_hash" text,
        "heads" integer NOT NULL, "heads_digest" text NOT NULL, "key_id" text NOT NULL, "signature" text NOT NULL,
        "hash" text NOT NULL)`);
    await queryRunner.query(`
      CREATE TABLE "audit_checkpoint_heads" (
        "chain_key" text NOT NULL, "checkpoint" integer NOT NULL REFERENCES "audit_checkpoints" ("sequence"),
        "sequence" integer NOT NULL, "hash" text NOT NULL, PRIMARY KEY ("chain_key", "checkpoint"))`);
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_checkpoint_heads_checkpoint" ON "audit_checkpoint_heads" ("checkpoint")`,
    );
    await queryRunner.query(`
      CREATE TABLE "audit_redactions" (
        "id" bigserial PRIMARY KEY, "complaint_id" uuid NOT NULL, "sequences" integer[] NOT NULL,
        "redacted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "redacted_by" text NOT NULL DEFAULT session_user)`);
    for (const table of CLOSED) {
      // As RowLevelSecurity's closed tables: no row while a provider's scope is set.
      await queryRunner.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await queryRunner.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
      await queryRunner.query(
        `CREATE POLICY provider_scope ON "${table}" USING (app_provider_id() IS NULL OR (false))`,
      );
    }
    await queryRunner.query(REDACT);
    await queryRunner.query(`REVOKE ALL ON FUNCTION redact_complaint_audit(uuid, integer, timestamptz) FROM PUBLIC`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION redact_complaint_audit(uuid, integer, timestamptz)`);
    for (const table of ['audit_redactions', 'audit_checkpoint_heads', 'audit_checkpoints', 'audit_chain_heads']) {
      await queryRunner.query(`DROP TABLE "${table}"`);
    }
  }
}
