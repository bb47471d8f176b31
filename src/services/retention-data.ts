/**
 * What retention anonymises (SPEC §1.12), table by table: each personal column's replacement, and why
 * each other text column stays. A test checks that every text column of every table that belongs to a
 * complaint or a complainant is in one of the two, so a new column is decided on.
 */
import type { EntityManager } from 'typeorm';

/** What replaces personal text that cannot be empty. */
export const ANONYMISED = '[anonymised]';
const MARK = `'${ANONYMISED}'`;

/**
 * How one table's rows of a complaint (or of its complainant) are anonymised: `set` gives each
 * personal column its SQL replacement (`$2` is the time of the run); `keep` names the text columns
 * that stay because they are not personal data. A test checks that every text column of every table
 * that belongs to a complaint or a complainant is in one of the two, so a new column is decided on.
 */
export interface Anonymisation {
  table: string;
  /** The rows: SQL condition where `$1` is the complaint's (or the complainant's) id. */
  rows: string;
  set: Record<string, string>;
  keep: Record<string, string>;
}

const OF_COMPLAINT = 'complaint_id = $1';

/** A message of an anonymised complaint or complainant: what it was and to whom by id stay; the rest goes. */
const ANONYMISED_MESSAGE = {
  recipient_address: MARK,
  // The delivery effect (ids only) stays with the message; the names and text it carried go.
  payload: `jsonb_build_object('effect', coalesce(payload->'effect', '{}'::jsonb))`,
  // A message not yet sent will not be: its address and content are gone.
  status: `CASE WHEN status IN ('PENDING', 'AWAITING_POST') THEN 'FAILED'::notification_status ELSE status END`,
  last_error:
    "CASE WHEN status IN ('PENDING', 'AWAITING_POST', 'FAILED') THEN 'not sent: the complaint was anonymised' END",
  letter_file: 'NULL',
};
const MESSAGE_KEPT = { template: 'the kind of message', idempotency_key: 'event and recipient ids' };
/** Messages to a complainant about no one complaint (their contact restrictions): `$1` is the complainant's id. */
export const COMPLAINANT_MESSAGES = `complaint_id IS NULL AND recipient_kind = 'COMPLAINANT' AND recipient_id = $1`;
/** Rows of the emails of a complaint (issue 16). */
const OF_EMAIL = 'inbound_message_id IN (SELECT id FROM inbound_messages WHERE complaint_id = $1)';
const CONSEQUENCE_KEY = { consequence_key: 'names the aspect and the consequence, ids only' };

export const COMPLAINT_DATA: readonly Anonymisation[] = [
  {
    table: 'complaints',
    rows: 'id = $1',
    set: {
      summary: MARK,
      triage_note: 'NULL',
      exceptional_circumstances: 'NULL',
      safeguarding_note: 'NULL',
      withdrawal_reason: 'NULL',
      child_supporter: 'NULL',
      child_contact_note: 'NULL',
      anonymised_at: '$2',
    },
    keep: { reference: 'an issued number, not personal' },
  },
  {
    table: 'evidence',
    rows: OF_COMPLAINT,
    set: { description: MARK, source: MARK, rejection_reason: 'NULL', file_name: 'NULL' },
    keep: { content_type: 'a media type', sha256: 'the digest of a file that is removed (inbound_attachments)' },
  },
  {
    table: 'complaint_notes',
    rows: OF_COMPLAINT,
    set: { text: MARK },
    keep: { author_id: 'who wrote it: staff, not the complainant' },
  },
  {
    table: 'complaint_aspects',
    rows: OF_COMPLAINT,
    set: { description: MARK, finding: 'NULL', remedial_action: 'NULL', other_communication: 'NULL' },
    keep: {},
  },
  {
    table: 'responses',
    rows: OF_COMPLAINT,
    set: {
      understanding: MARK,
      desired_remedy: MARK,
      assessment_outcome: MARK,
      steps: MARK,
      provider_part: 'NULL',
      return_comment: 'NULL',
    },
    keep: {},
  },
  { table: 'deadline_extensions', rows: OF_COMPLAINT, set: { reason: MARK }, keep: {} },
  { table: 'referrals', rows: OF_COMPLAINT, set: { outcome_note: 'NULL' }, keep: CONSEQUENCE_KEY },
  { table: 'report_corrections', rows: OF_COMPLAINT, set: { correction: 'NULL' }, keep: CONSEQUENCE_KEY },
  { table: 'provider_engagements', rows: OF_COMPLAINT, set: { provider_response: 'NULL' }, keep: CONSEQUENCE_KEY },
  { table: 'court_notifications', rows: OF_COMPLAINT, set: {}, keep: CONSEQUENCE_KEY },
  { table: 'ombudsman_escalations', rows: OF_COMPLAINT, set: { mp_name: MARK, mp_constituency: 'NULL' }, keep: {} },
  {
    table: 'ombudsman_recommendations',
    rows: 'escalation_id IN (SELECT id FROM ombudsman_escalations WHERE complaint_id = $1)',
    set: { recommendation: MARK, compliance_evidence: 'NULL' },
    keep: {},
  },
  {
    table: 'notifications',
    rows: OF_COMPLAINT,
    set: ANONYMISED_MESSAGE,
    keep: MESSAGE_KEPT,
  },
  {
    // The letters' bytes are deleted from their store (below); the rows stay, digest and all: what was sent when.
    table: 'documents',
    rows: OF_COMPLAINT,
    set: { content_deleted_at: 'coalesce(content_deleted_at, $2)' },
    keep: {
      template: 'the kind of letter',
      content_type: 'the file type',
      filename: 'the reference and the template',
      sha256: 'the digest: proves what was sent, reveals nothing of it',
      storage: 'which store held the bytes',
    },
  },
  {
    // Evidence files lose their bytes (from whichever store, src/services/retention-files.ts) and the name
    // they came with (it may name people); what they were, their size and digest stay.
    table: 'evidence_files',
    rows: OF_COMPLAINT,
    set: { filename: MARK, content_deleted_at: 'coalesce(content_deleted_at, $2)' },
    keep: {
      content_type: 'the file type, as its content showed',
      sha256: 'the digest: proves what was given, reveals nothing of it',
      storage: 'which store held the bytes',
    },
  },
  {
    table: 'learning_points',
    rows: OF_COMPLAINT,
    set: {},
    keep: {
      description:
        "the national learning log: the organisation's lesson, with its own lifecycle, not the complainant's words",
      closing_evidence: 'what the organisation did about the lesson',
    },
  },
  // Emails (issue 16): what they said, their bytes as received and their attachments' bytes.
  {
    table: 'inbound_messages',
    rows: OF_COMPLAINT,
    set: {
      envelope_from: 'NULL',
      message_id: 'NULL',
      from_address: 'NULL',
      from_name: 'NULL',
      subject: 'NULL',
      text: 'NULL',
    },
    keep: {
      envelope_to: "the service's own mailbox addresses",
      sha256: 'the digest of bytes that are removed',
      reason: "the gateway's words on how it was processed",
    },
  },
  { table: 'inbound_message_sources', rows: OF_EMAIL, set: { raw: 'NULL' }, keep: {} },
  {
    table: 'inbound_attachments',
    rows: OF_EMAIL,
    set: { file_name: 'NULL', content: 'NULL' },
    keep: { content_type: 'a media type', sha256: 'the digest of bytes that are removed' },
  },
];

/** The complainant's own data, anonymised with the last of their complaints. */
export const COMPLAINANT_DATA: readonly Anonymisation[] = [
  {
    table: 'complainants',
    rows: 'id = $1',
    set: {
      first_name: MARK,
      last_name: MARK,
      email: 'NULL',
      phone: 'NULL',
      address: 'NULL',
      relationship: 'NULL',
      organisation: 'NULL',
      preferred_contact: 'NULL',
      party_id: 'NULL',
      child_id: 'NULL',
    },
    keep: {},
  },
  {
    table: 'contact_restrictions',
    rows: 'complainant_id = $1',
    set: { restriction: MARK, reason: MARK, review_note: 'NULL', lift_reason: 'NULL' },
    keep: {},
  },
  // What they were told of their restrictions: their name, address and the restriction's text.
  { table: 'notifications', rows: COMPLAINANT_MESSAGES, set: ANONYMISED_MESSAGE, keep: MESSAGE_KEPT },
  { table: 'reasonable_adjustments', rows: 'complainant_id = $1', set: { adjustment: MARK }, keep: {} },
];

/** Runs one table's anonymisation; returns the number of rows changed. */
export async function apply(tx: EntityManager, a: Anonymisation, id: string, at: Date): Promise<number> {
  const assignments = Object.entries(a.set).map(([column, value]) => `"${column}" = ${value}`);
  if (assignments.length === 0) return 0;
  const [, count] = await tx.query(
    `UPDATE "${a.table}" SET ${assignments.join(', ')}, "updated_at" = $2 WHERE ${a.rows}`,
    [id, at],
  );
  return count as number;
}
