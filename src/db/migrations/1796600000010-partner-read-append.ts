import type { MigrationInterface, QueryRunner } from 'typeorm';

/** `eventHash` (src/domain/audit-chain.ts) in SQL: $3-$5 are the text `eventHashTemplate` gives. */
const hashOf = (previous: string, key: string, sequence: string) =>
  `encode(sha256(convert_to(coalesce(${previous}, '') || $3 || to_json(${key})::text || $4` +
  ` || (${sequence})::text || $5, 'UTF8')), 'hex')`;

/**
 * A partner's read audited in one statement (issue 14): `append_partner_read(lane, new lane key, the
 * hash's template (3), the event as JSON)` takes the first lane of the partner no other transaction
 * holds (FOR UPDATE SKIP LOCKED, so its head is the one committed last; chosen once, MATERIALIZED, as a
 * join that scanned it again would take another lane) and moves its head on, or
 * opens a new lane; it appends the event, hashed from the lane's head. It runs with `app.provider_id`
 * cleared (the SET clause, undone when it returns): in a provider's transaction the audit tables are
 * closed by row-level security, and the trail is written as the gateway, not as the provider.
 * SECURITY INVOKER: the application role's own privileges (INSERT on events, UPDATE on heads) apply.
 */
const APPEND = `
  CREATE FUNCTION append_partner_read(text, text, text, text, text, jsonb)
  RETURNS TABLE (lane_key text, lane_sequence integer, previous text, event_hash text)
  LANGUAGE sql SET app.provider_id = '' AS $$
    WITH lane AS MATERIALIZED (
      SELECT chain_key, sequence, hash FROM audit_chain_heads WHERE lane_of = $1
      ORDER BY chain_key LIMIT 1 FOR UPDATE SKIP LOCKED
    ), moved AS (
      UPDATE audit_chain_heads h SET sequence = o.sequence + 1, hash = ${hashOf('o.hash', 'o.chain_key', 'o.sequence + 1')}
      FROM lane o WHERE h.chain_key = o.chain_key
      RETURNING h.chain_key, h.sequence, o.hash AS previous_hash, h.hash
    ), opened AS (
      INSERT INTO audit_chain_heads (chain_key, sequence, hash, lane_of)
      SELECT $2, 1, ${hashOf('NULL', '$2', '1')}, $1 WHERE NOT EXISTS (SELECT 1 FROM moved)
      RETURNING chain_key, sequence, NULL::text AS previous_hash, hash
    )
    INSERT INTO audit_events (id, chain_key, sequence, actor_id, actor_role, action, entity_type, entity_id,
                              complaint_id, case_id, change, change_digest, previous_hash, hash, occurred_at)
    SELECT e.id, h.chain_key, h.sequence, e.actor_id, e.actor_role, e.action, e.entity_type, e.entity_id,
           e.complaint_id, e.case_id, e.change, e.change_digest, h.previous_hash, h.hash, e.occurred_at
    FROM (SELECT * FROM moved UNION ALL SELECT * FROM opened) h,
         jsonb_to_record($6) AS e(id uuid, actor_id text, actor_role role, action text, entity_type text,
           entity_id uuid, complaint_id uuid, case_id uuid, change jsonb, change_digest text, occurred_at timestamptz)
    RETURNING chain_key, sequence, previous_hash, hash
  $$`;

export class PartnerReadAppend1796600000010 implements MigrationInterface {
  name = 'PartnerReadAppend1796600000010';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(APPEND);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION append_partner_read(text, text, text, text, text, jsonb)`);
  }
}
