/** Intake through the graph: references, deadlines, complainants, evidence, withdrawal, bad input. */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain, type StoredEvent } from '../src/domain/audit-chain';
import { HearingStatus, Role } from '../src/domain/enums';
import type { Case, Child, Party, Staff } from '../src/entities';
import { createTestDatabase, type TestDatabase } from './fixtures/database';
import { Factory } from './fixtures/factories';
import { startTestGateway, type TestGateway } from './fixtures/gateway';

// Monday 2 November 2026, mid-afternoon in London.
const NOW = new Date('2026-11-02T15:00:00Z');

let db: TestDatabase;
let gw: TestGateway;
let officer: string;
let officerStaff: Staff;
let kase: Case;
let hearingCase: Case;
let party: Party;
let child: Child;
let practitioner: Staff;
let head: Staff;
let managerToken: string;

const RECORD = /* GraphQL */ `
  mutation Record($input: RecordComplaintInput!) {
    recordComplaint(input: $input) {
      complaint {
        id
        reference
        status
        version
        cstDueOn
        acknowledgementDueOn
        responseDueOn
        dueReason
        nextDueOn
        handOffLate
        childContactDueOn
        owner {
          lastName
        }
        assignee {
          lastName
        }
        complainant {
          id
          kind
          firstName
          party {
            lastName
          }
        }
      }
      errors {
        code
        field
        message
      }
    }
  }
`;

beforeAll(async () => {
  db = await createTestDatabase();
  const f = new Factory(db.dataSource);
  const area = await f.serviceArea();
  const court = await f.court();
  head = await f.staff({ role: Role.SENIOR_MANAGER, headOfPractice: true, serviceAreaId: area.id, lastName: 'Head' });
  const manager = await f.staff({ role: Role.LINE_MANAGER, serviceAreaId: area.id, lineManagerId: head.id });
  practitioner = await f.staff({ serviceAreaId: area.id, lineManagerId: manager.id, lastName: 'Adviser' });
  officerStaff = await f.staff({ role: Role.CST_OFFICER, lastName: 'Officer' });
  kase = await f.case({ courtId: court.id, serviceAreaId: area.id, practitionerId: practitioner.id });
  party = await f.party(kase.id, { lastName: 'Applicant' });
  child = await f.child(kase.id);
  hearingCase = await f.case({ courtId: court.id, serviceAreaId: area.id });
  await f.hearing(hearingCase.id, court.id, { startsAt: new Date('2026-11-27T10:00:00Z') });
  await f.hearing(hearingCase.id, court.id, {
    startsAt: new Date('2026-11-10T10:00:00Z'),
    status: HearingStatus.CANCELLED,
  });
  gw = await startTestGateway(db, { now: () => NOW });
  officer = await gw.token(Role.CST_OFFICER, officerStaff.id);
  managerToken = await gw.token(Role.CST_MANAGER, (await f.staff({ role: Role.CST_MANAGER })).id);
});

/** The audit trail is for CST and senior managers (SPEC §3). */
async function auditTrail(complaintId: string) {
  const result = await gw.query(
    `query ($id: ID) { complaint(id: $id) { auditTrail { action actorRole change } } }`,
    { id: complaintId },
    managerToken,
  );
  expect(result.errors).toBeUndefined();
  return result.data.complaint.auditTrail;
}

afterAll(async () => {
  await gw?.stop();
  await db?.drop();
});

async function record(input: Record<string, unknown>, token = officer) {
  const result = await gw.query(RECORD, { input }, token);
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data.recordComplaint;
}

const adult = () => ({
  channel: 'EMAIL',
  receivedAt: '2026-11-02T09:00:00Z',
  summary: 'The report says I missed contact sessions that I attended.',
  caseId: kase.id,
  subjectStaffId: practitioner.id,
  complainant: {
    kind: 'ADULT_PARTY',
    firstName: 'Alex',
    lastName: 'Applicant',
    partyId: party.id,
    email: 'alex@example.org',
  },
});

async function counts() {
  const [row] = await db.dataSource.query(
    `SELECT (SELECT count(*) FROM complaints)::int AS complaints, (SELECT count(*) FROM complainants)::int AS complainants,
            (SELECT count(*) FROM audit_events)::int AS audit`,
  );
  return { ...row, referencesDrawn: await referencesDrawn() };
}

/** Reference numbers drawn so far, all years: the sequences are the owner's, so read as the owner. */
async function referencesDrawn(): Promise<number> {
  const client = new pg.Client({ connectionString: db.ownerUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT coalesce(sum(last_value), 0)::int AS n FROM pg_sequences WHERE sequencename LIKE 'complaint\\_reference\\_%'`,
    );
    return rows[0].n;
  } finally {
    await client.end();
  }
}

describe('recordComplaint', () => {
  it('records an adult complaint with its reference, deadlines and audit event', async () => {
    const { complaint, errors } = await record(adult());
    expect(errors).toEqual([]);
    expect(complaint).toMatchObject({
      reference: 'CMP-2026-000001',
      status: 'RECEIVED',
      version: 1,
      cstDueOn: '2026-11-03',
      acknowledgementDueOn: '2026-11-05',
      responseDueOn: '2026-11-23',
      dueReason: 'FIFTEEN_WORKING_DAYS',
      nextDueOn: '2026-11-05', // handed over now; the acknowledgement is the first open step
      handOffLate: false,
      assignee: { lastName: 'Officer' },
      owner: null,
      complainant: { kind: 'ADULT_PARTY', party: { lastName: 'Applicant' } },
    });
    const trail = await auditTrail(complaint.id);
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({ action: 'complaint.recorded', actorRole: 'CST_OFFICER' });
    expect(trail[0].change).toMatchObject({ reference: 'CMP-2026-000001', responseDueOn: '2026-11-23' });
  });

  it('matches a repeat complainant through their party', async () => {
    const first = await record(adult());
    const second = await record(adult());
    expect(second.complaint.complainant.id).toBe(first.complaint.complainant.id);
    expect(second.complaint.reference > first.complaint.reference).toBe(true);
  });

  it('binds the response to a listed hearing and flags a late hand-off', async () => {
    const { complaint } = await record({
      ...adult(),
      caseId: hearingCase.id,
      subjectStaffId: null,
      cstReceivedAt: '2026-11-02T12:00:00Z',
      receivedAt: '2026-10-29T09:00:00Z',
      complainant: { kind: 'NON_PARTY', firstName: 'Pat', lastName: 'Grandparent', relationship: 'Grandmother' },
    });
    expect(complaint.dueReason).toBe('OUTSIDE_PROCEDURE');
    expect(complaint.handOffLate).toBe(true); // due 30 Oct, received by the CST on 2 Nov
    const hearingParty = await new Factory(db.dataSource).party(hearingCase.id);
    const bound = await record({
      ...adult(),
      caseId: hearingCase.id,
      subjectStaffId: null,
      complainant: { kind: 'ADULT_PARTY', firstName: 'Sam', lastName: 'Party', partyId: hearingParty.id },
    });
    expect(bound.complaint).toMatchObject({ responseDueOn: '2026-11-20', dueReason: 'BEFORE_HEARING' });
  });

  it("gives a child's complaint to the senior manager of the area, with the child's deadlines", async () => {
    const { complaint, errors } = await record({
      ...adult(),
      complainant: { kind: 'CHILD', firstName: 'Robin', lastName: 'Child', childId: child.id },
    });
    expect(errors).toEqual([]);
    expect(complaint).toMatchObject({
      owner: { lastName: 'Head' },
      acknowledgementDueOn: '2026-11-03',
      childContactDueOn: '2026-11-05',
      responseDueOn: null,
      dueReason: null,
      nextDueOn: '2026-11-03',
    });
  });

  it('needs the member of staff, and no case, for a complaint about staff unrelated to a case', async () => {
    const { errors } = await record({
      ...adult(),
      subjectStaffId: null,
      complainant: { kind: 'STAFF_NOT_CASE', firstName: 'Kim', lastName: 'Public' },
    });
    expect(errors.map((e: any) => e.field).sort()).toEqual(['input.caseId', 'input.subjectStaffId']);
    const ok = await record({
      ...adult(),
      caseId: null,
      complainant: { kind: 'STAFF_NOT_CASE', firstName: 'Kim', lastName: 'Public' },
    });
    expect(ok.complaint).toMatchObject({ dueReason: 'OUTSIDE_PROCEDURE', responseDueOn: '2026-11-23' });
  });

  it('names every bad field and writes nothing', async () => {
    const before = await counts();
    const other = await new Factory(db.dataSource).case();
    const otherParty = await new Factory(db.dataSource).party(other.id);
    const { complaint, errors } = await record({
      ...adult(),
      receivedAt: '2026-11-09T09:00:00Z',
      summary: '   ',
      subjectStaffId: '00000000-0000-4000-8000-000000000000',
      complainant: {
        kind: 'ADULT_PARTY',
        firstName: 'x'.repeat(501),
        lastName: 'Applicant',
        partyId: otherParty.id,
        email: 'not-an-email',
      },
    });
    expect(complaint).toBeNull();
    expect(Object.fromEntries(errors.map((e: any) => [e.field, e.code]))).toEqual({
      'input.receivedAt': 'INVALID',
      'input.summary': 'INVALID',
      'input.subjectStaffId': 'NOT_FOUND',
      'input.complainant.firstName': 'INVALID',
      'input.complainant.email': 'INVALID',
      'input.complainant.partyId': 'INVALID',
    });
    expect(errors.find((e: any) => e.field === 'input.receivedAt').message).toMatch(/future/);
    expect(await counts()).toEqual(before);
  });

  it('is refused to roles that do not handle complaints', async () => {
    const token = await gw.token(Role.PRACTITIONER, practitioner.id);
    const result = await gw.query(RECORD, { input: adult() }, token);
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('after intake', () => {
  const EDIT = /* GraphQL */ `
    mutation ($ack: AcknowledgeComplaintInput!, $evidence: AddEvidenceInput!) {
      acknowledgeComplaint(input: $ack) {
        complaint {
          version
          acknowledgedAt
          nextDueOn
        }
        errors {
          code
          field
          message
        }
      }
      addEvidence(input: $evidence) {
        evidence {
          rejected
          rejectionReason
        }
        complaint {
          version
        }
        errors {
          code
          field
          message
        }
      }
    }
  `;

  it('tracks the acknowledgement, takes evidence and refuses rejected evidence without a reason', async () => {
    const { complaint } = await record(adult());
    const result = await gw.query(
      EDIT,
      {
        ack: { complaintId: complaint.id, expectedVersion: 1 },
        evidence: {
          complaintId: complaint.id,
          kind: 'RECORDING',
          description: 'Recording of a visit',
          source: 'Complainant',
          rejected: true,
        },
      },
      officer,
    );
    expect(result.data.acknowledgeComplaint.complaint).toMatchObject({ version: 2, nextDueOn: '2026-11-23' });
    expect(result.data.addEvidence.errors).toEqual([
      { code: 'INVALID', field: 'input.rejectionReason', message: expect.stringMatching(/covertly/) },
    ]);
    const accepted = await gw.query(
      `mutation ($e: AddEvidenceInput!) { addEvidence(input: $e) { evidence { rejected rejectionReason } complaint { version } errors { code } } }`,
      {
        e: {
          complaintId: complaint.id,
          kind: 'RECORDING',
          description: 'Recording of a visit',
          source: 'Complainant',
          rejected: true,
          rejectionReason: 'Recorded covertly',
        },
      },
      officer,
    );
    expect(accepted.data.addEvidence.evidence).toEqual({ rejected: true, rejectionReason: 'Recorded covertly' });
    expect(accepted.data.addEvidence.complaint.version).toBe(3);
    expect((await auditTrail(complaint.id)).map((a: any) => a.action)).toEqual([
      'complaint.recorded',
      'complaint.acknowledged',
      'evidence.rejected',
    ]);
  });

  it('withdraws an open complaint once, with optimistic locking', async () => {
    const { complaint } = await record(adult());
    const WITHDRAW = `mutation ($i: WithdrawComplaintInput!) { withdrawComplaint(input: $i) { complaint { status nextDueOn version } errors { code field message } } }`;
    const stale = await gw.query(WITHDRAW, { i: { complaintId: complaint.id, expectedVersion: 7 } }, officer);
    expect(stale.data.withdrawComplaint.errors[0]).toMatchObject({ code: 'CONFLICT', field: 'input.expectedVersion' });
    const done = await gw.query(
      WITHDRAW,
      { i: { complaintId: complaint.id, expectedVersion: 1, reason: 'Resolved at the hearing' } },
      officer,
    );
    expect(done.data.withdrawComplaint.complaint).toEqual({ status: 'WITHDRAWN', nextDueOn: null, version: 2 });
    const again = await gw.query(WITHDRAW, { i: { complaintId: complaint.id } }, officer);
    expect(again.data.withdrawComplaint.errors[0]).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      message: expect.stringMatching(/WITHDRAWN cannot be withdrawn/),
    });
    const unknown = await gw.query(WITHDRAW, { i: { complaintId: '00000000-0000-4000-8000-000000000000' } }, officer);
    expect(unknown.data.withdrawComplaint.errors[0]).toMatchObject({ code: 'NOT_FOUND', field: 'input.complaintId' });
  });

  it('keeps an intact hash chain per complaint', async () => {
    const rows = await db.dataSource.query(
      `SELECT id, chain_key AS "chainKey", sequence, actor_id AS "actorId", actor_role AS "actorRole", action, entity_type AS "entityType",
              entity_id AS "entityId", occurred_at AS "occurredAt", change, change_digest AS "changeDigest", previous_hash AS "previousHash", hash
       FROM audit_events ORDER BY chain_key, sequence`,
    );
    const chains = new Map<string, StoredEvent[]>();
    for (const row of rows) chains.set(row.chainKey, [...(chains.get(row.chainKey) ?? []), row]);
    expect(chains.size).toBeGreaterThan(5);
    for (const events of chains.values()) expect(verifyChain(events)).toBeNull();
    const tampered = [...chains.values()].find((e) => e.length > 1)!.map((e) => ({ ...e }));
    tampered[0].change = { reference: 'CMP-2026-999999' };
    expect(verifyChain(tampered)).toMatchObject({ sequence: 1 });
    expect(verifyChain(tampered.slice(1))).toMatchObject({ sequence: 2 });
  });
});

describe('concurrent edits', () => {
  it('let exactly one of two edits of the same version through; the other is a CONFLICT, never a lost update', async () => {
    const { complaint } = await record(adult());
    const TRIAGE = `mutation ($i: TriageComplaintInput!) { triageComplaint(input: $i) { complaint { status version } errors { code field } } }`;
    const [a, b] = await Promise.all([
      gw.query(TRIAGE, { i: { complaintId: complaint.id, expectedVersion: 1, outcome: 'ACCEPTED' } }, officer),
      gw.query(
        TRIAGE,
        {
          i: {
            complaintId: complaint.id,
            expectedVersion: 1,
            outcome: 'NOT_ACCEPTED',
            notAcceptedReason: 'COURT_DECISION',
            explanation: 'Appeal route',
          },
        },
        officer,
      ),
    ]);
    const results = [a.data.triageComplaint, b.data.triageComplaint];
    expect(results.filter((r) => r.errors.length === 0)).toHaveLength(1);
    expect(results.filter((r) => r.errors[0]?.code === 'CONFLICT')).toHaveLength(1);
    const winner = results.find((r) => r.errors.length === 0)!;
    const now = await gw.query(
      `query ($id: ID) { complaint(id: $id) { status version } }`,
      { id: complaint.id },
      officer,
    );
    expect(now.data.complaint).toEqual(winner.complaint);
  });
});
