/**
 * The case management system's push (SPEC §2 `upsertCaseFile`): idempotent sync keyed by source ids,
 * per-record errors with the valid records applied, a savepoint per case, the 500-record limit,
 * deadline recomputation (and the CST alert) when a hearing moves, and a case closing.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/domain/enums';
import { createWorld, type World } from './fixtures/procedure';

const NOW = new Date('2026-11-05T12:00:00Z'); // Thursday 5 November 2026

const UPSERT = `mutation ($input: UpsertCaseFileInput!) {
  upsertCaseFile(input: $input) {
    cases { sourceId outcome changedRecords recomputedComplaints case { id caseNumber status involvementEndedOn } }
    errors { code field message }
  }
}`;

const CASE_FILE = `query ($n: String!) { case(caseNumber: $n) {
  caseNumber status openedOn involvementEndedOn court { code } serviceArea { code } practitioner { email }
  hearings { startsAt hearingType status } parties { firstName lastName role email } children { firstName dateOfBirth preferredContact }
  courtReports { title reportType filedOn author { email } } contactLogs { method withWhom summary staff { email } }
} }`;

let w: World;
let cs: string;

function newCase(overrides: Record<string, unknown> = {}) {
  return {
    sourceId: 'CMS-100',
    caseNumber: 'BM26P00100',
    courtCode: w.court.code,
    serviceAreaCode: w.area.code,
    practitionerEmail: w.practitioner.email.toUpperCase(), // matched without regard to case
    openedOn: '2026-06-01',
    parties: [
      {
        sourceId: 'P-1',
        firstName: 'Jo',
        lastName: 'Applicant',
        role: 'APPLICANT',
        email: 'jo@example.org',
        ethnicity: 'Irish',
      },
      { sourceId: 'P-2', firstName: 'Lee', lastName: 'Respondent', role: 'RESPONDENT' },
    ],
    children: [
      {
        sourceId: 'CH-1',
        firstName: 'Kit',
        lastName: 'Applicant',
        dateOfBirth: '2016-03-04',
        preferredContact: 'LETTER',
      },
    ],
    hearings: [
      { sourceId: 'H-1', startsAt: '2027-01-20T10:00:00.000Z', hearingType: 'Dispute resolution', status: 'LISTED' },
    ],
    courtReports: [
      {
        sourceId: 'R-1',
        title: 'Safeguarding letter',
        reportType: 'SAFEGUARDING_LETTER',
        filedOn: '2026-07-01',
        authorEmail: w.practitioner.email,
      },
    ],
    contactLogs: [
      {
        sourceId: 'L-1',
        occurredAt: '2026-07-10T14:00:00.000Z',
        method: 'PHONE',
        withWhom: 'Jo Applicant',
        summary: 'Discussed arrangements',
        staffEmail: w.practitioner.email,
      },
    ],
    ...overrides,
  };
}

const upsert = (cases: unknown[], token = cs) => w.mutate(UPSERT, { cases }, token);
const count = async (sql: string, params: unknown[] = []) => Number((await w.db.dataSource.query(sql, params))[0].n);
const auditCount = (caseNumber: string) =>
  count(
    `SELECT count(*) AS n FROM audit_events e JOIN cases k ON k.id = e.case_id WHERE k.case_number = $1 AND e.action LIKE 'case-file.%'`,
    [caseNumber],
  );

beforeAll(async () => {
  w = await createWorld(NOW);
  cs = await w.gw.token(Role.CASE_SYSTEM, 'case-system');
});

afterAll(async () => {
  await w?.stop();
});

describe('upsertCaseFile', () => {
  it('creates a case with its file, readable by the case system, and audits it once', async () => {
    const payload = await upsert([newCase()]);
    expect(payload.errors).toEqual([]);
    expect(payload.cases).toEqual([
      expect.objectContaining({
        sourceId: 'CMS-100',
        outcome: 'CREATED',
        changedRecords: 7,
        recomputedComplaints: 0,
        case: expect.objectContaining({ caseNumber: 'BM26P00100', status: 'OPEN', involvementEndedOn: null }),
      }),
    ]);
    const read = await w.gw.query(CASE_FILE, { n: 'BM26P00100' }, cs);
    expect(read.errors).toBeUndefined();
    expect(read.data.case).toEqual({
      caseNumber: 'BM26P00100',
      status: 'OPEN',
      openedOn: '2026-06-01',
      involvementEndedOn: null,
      court: { code: w.court.code },
      serviceArea: { code: w.area.code },
      practitioner: { email: w.practitioner.email },
      hearings: [{ startsAt: '2027-01-20T10:00:00.000Z', hearingType: 'Dispute resolution', status: 'LISTED' }],
      parties: expect.arrayContaining([
        { firstName: 'Jo', lastName: 'Applicant', role: 'APPLICANT', email: 'jo@example.org' },
        { firstName: 'Lee', lastName: 'Respondent', role: 'RESPONDENT', email: null },
      ]),
      children: [{ firstName: 'Kit', dateOfBirth: '2016-03-04', preferredContact: 'LETTER' }],
      courtReports: [
        {
          title: 'Safeguarding letter',
          reportType: 'SAFEGUARDING_LETTER',
          filedOn: '2026-07-01',
          author: { email: w.practitioner.email },
        },
      ],
      contactLogs: [
        {
          method: 'PHONE',
          withWhom: 'Jo Applicant',
          summary: 'Discussed arrangements',
          staff: { email: w.practitioner.email },
        },
      ],
    });
    expect(await auditCount('BM26P00100')).toBe(1);
    // Special-category data is kept, but its value never goes into the audit trail.
    const [event] = await w.db.dataSource.query(`SELECT change FROM audit_events WHERE action = 'case-file.created'`);
    expect(JSON.stringify(event.change)).not.toContain('Irish');
    expect(await count(`SELECT count(*) AS n FROM parties WHERE ethnicity = 'Irish'`)).toBe(1);
  });

  it('is idempotent: the same payload again changes nothing and audits nothing', async () => {
    const before = await w.db.dataSource.query(`SELECT updated_at FROM cases WHERE case_number = 'BM26P00100'`);
    const rows = await count(
      `SELECT (SELECT count(*) FROM parties) + (SELECT count(*) FROM children) + (SELECT count(*) FROM hearings) + (SELECT count(*) FROM court_reports) + (SELECT count(*) FROM contact_logs) AS n`,
    );
    const payload = await upsert([newCase()]);
    expect(payload.errors).toEqual([]);
    expect(payload.cases).toEqual([expect.objectContaining({ outcome: 'UNCHANGED', changedRecords: 0 })]);
    expect(await auditCount('BM26P00100')).toBe(1);
    expect(await w.db.dataSource.query(`SELECT updated_at FROM cases WHERE case_number = 'BM26P00100'`)).toEqual(
      before,
    );
    expect(
      await count(
        `SELECT (SELECT count(*) FROM parties) + (SELECT count(*) FROM children) + (SELECT count(*) FROM hearings) + (SELECT count(*) FROM court_reports) + (SELECT count(*) FROM contact_logs) AS n`,
      ),
    ).toBe(rows);
  });

  it('updates only what changed, keeping fields the record leaves out, and audits the change', async () => {
    const payload = await upsert([
      {
        sourceId: 'CMS-100',
        parties: [{ sourceId: 'P-2', firstName: 'Lee', lastName: 'Respondent-Smith', role: 'RESPONDENT' }],
      },
    ]);
    expect(payload.errors).toEqual([]);
    expect(payload.cases[0]).toMatchObject({ outcome: 'UPDATED', changedRecords: 1 });
    const read = await w.gw.query(CASE_FILE, { n: 'BM26P00100' }, cs);
    expect(read.data.case.parties).toEqual(
      expect.arrayContaining([{ firstName: 'Lee', lastName: 'Respondent-Smith', role: 'RESPONDENT', email: null }]),
    );
    expect(read.data.case.practitioner).toEqual({ email: w.practitioner.email });
    const [event] = await w.db.dataSource.query(
      `SELECT change FROM audit_events WHERE action = 'case-file.updated' ORDER BY sequence DESC LIMIT 1`,
    );
    expect(event.change.records).toEqual([{ record: 'Party:P-2', changed: ['lastName'] }]);
    expect(await auditCount('BM26P00100')).toBe(2);
  });

  it('returns invalid records as errors naming the field and applies the rest, a case at a time', async () => {
    const payload = await upsert([
      newCase({
        sourceId: 'CMS-200',
        caseNumber: 'BM26P00200',
        parties: [],
        children: [],
        courtReports: [],
        contactLogs: [],
        hearings: [
          { sourceId: 'H-200', startsAt: '2027-02-01T10:00:00Z', hearingType: 'Final hearing', status: 'LISTED' },
          {
            sourceId: 'H-201',
            startsAt: '2027-02-02T10:00:00Z',
            hearingType: '  ',
            status: 'LISTED',
            courtCode: 'NO-SUCH-COURT',
          },
        ],
      }),
      newCase({ sourceId: 'CMS-300', caseNumber: 'BM26P00300', serviceAreaCode: 'NOWHERE', openedOn: null }),
      { sourceId: 'CMS-400', caseNumber: 'BM26P00400' },
    ]);
    expect(payload.cases.map((c: any) => [c.sourceId, c.outcome, c.changedRecords])).toEqual([
      ['CMS-200', 'CREATED', 2],
      ['CMS-300', 'REJECTED', 0],
      ['CMS-400', 'REJECTED', 0],
    ]);
    expect(payload.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'INVALID', field: 'input.cases.0.hearings.1.hearingType' }),
        expect.objectContaining({ code: 'NOT_FOUND', field: 'input.cases.0.hearings.1.courtCode' }),
        expect.objectContaining({
          code: 'NOT_FOUND',
          field: 'input.cases.1.serviceAreaCode',
          message: 'no service area has the code "NOWHERE"',
        }),
        expect.objectContaining({
          code: 'INVALID',
          field: 'input.cases.1.openedOn',
          message: 'input.cases.1.openedOn is required for a new case',
        }),
        expect.objectContaining({
          code: 'INVALID',
          field: 'input.cases.2.courtCode',
          message: 'input.cases.2.courtCode is required for a new case',
        }),
      ]),
    );
    expect(payload.errors).toHaveLength(7); // and the missing serviceAreaCode and openedOn of CMS-400
    // A contact that has not happened yet is refused too, once its case is valid.
    const future = await upsert([
      {
        sourceId: 'CMS-200',
        contactLogs: [
          {
            sourceId: 'L-300',
            occurredAt: '2026-12-01T10:00:00Z',
            method: 'PHONE',
            withWhom: 'Jo',
            summary: 'Not yet happened',
          },
        ],
      },
    ]);
    expect(future.errors).toEqual([
      expect.objectContaining({
        code: 'INVALID',
        field: 'input.cases.0.contactLogs.0.occurredAt',
        message: 'input.cases.0.contactLogs.0.occurredAt must not be in the future',
      }),
    ]);
    expect(await count(`SELECT count(*) AS n FROM contact_logs WHERE source_id = 'L-300'`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM hearings WHERE source_id IN ('H-200', 'H-201')`)).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM cases WHERE source_id IN ('CMS-300', 'CMS-400')`)).toBe(0);
  });

  it('refuses a record that belongs to another case, and a case number held by another source case', async () => {
    const payload = await upsert([
      {
        sourceId: 'CMS-200',
        hearings: [{ sourceId: 'H-1', startsAt: '2027-03-01T10:00:00Z', hearingType: 'Stolen', status: 'LISTED' }],
      },
      newCase({
        sourceId: 'CMS-999',
        caseNumber: 'BM26P00100',
        parties: [],
        children: [],
        hearings: [],
        courtReports: [],
        contactLogs: [],
      }),
    ]);
    expect(payload.errors).toEqual([
      expect.objectContaining({
        code: 'CONFLICT',
        field: 'input.cases.0.hearings.0.sourceId',
        message: 'Hearing "H-1" belongs to another case',
      }),
      expect.objectContaining({ code: 'CONFLICT', field: 'input.cases.1.caseNumber' }),
    ]);
    expect(payload.cases.map((c: any) => c.outcome)).toEqual(['UNCHANGED', 'REJECTED']);
    expect(await count(`SELECT count(*) AS n FROM hearings WHERE hearing_type = 'Stolen'`)).toBe(0);
  });

  it('rolls back a case that fails half-way and keeps the others (a savepoint per case)', async () => {
    // A database failure after the case's first writes: a trigger refuses one party.
    const owner = new pg.Client({ connectionString: w.db.ownerUrl });
    await owner.connect();
    await owner.query(`CREATE FUNCTION refuse_party() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.first_name = 'Refused' THEN RAISE EXCEPTION 'refused' USING ERRCODE = 'unique_violation'; END IF; RETURN NEW; END $$`);
    await owner.query(
      'CREATE TRIGGER refuse_party BEFORE INSERT ON parties FOR EACH ROW EXECUTE FUNCTION refuse_party()',
    );
    try {
      const payload = await upsert([
        newCase({
          sourceId: 'CMS-500',
          caseNumber: 'BM26P00500',
          parties: [],
          children: [],
          hearings: [],
          courtReports: [],
          contactLogs: [],
        }),
        {
          sourceId: 'CMS-200',
          status: 'CLOSED',
          parties: [
            { sourceId: 'P-500', firstName: 'Ann', lastName: 'Other', role: 'INTERVENER' },
            { sourceId: 'P-501', firstName: 'Refused', lastName: 'Other', role: 'INTERVENER' },
          ],
        },
      ]);
      expect(payload.cases.map((c: any) => c.outcome)).toEqual(['CREATED', 'REJECTED']);
      expect(payload.errors).toEqual([expect.objectContaining({ code: 'CONFLICT', field: 'input.cases.1' })]);
    } finally {
      await owner.query('DROP TRIGGER refuse_party ON parties');
      await owner.end();
    }
    // Nothing of the failed case stands: not its status, not the party written before the failure, not an audit event.
    expect(await count(`SELECT count(*) AS n FROM parties WHERE source_id = 'P-500'`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM cases WHERE source_id = 'CMS-200' AND status = 'OPEN'`)).toBe(1);
    expect(await auditCount('BM26P00200')).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM cases WHERE source_id = 'CMS-500'`)).toBe(1);
  });

  it('takes at most 500 records per call and changes nothing otherwise', async () => {
    const parties = Array.from({ length: 500 }, (_, i) => ({
      sourceId: `BULK-${i}`,
      firstName: 'Bulk',
      lastName: `Party ${i}`,
      role: 'INTERVENER',
    }));
    const only = (list: unknown[]) =>
      newCase({
        sourceId: 'CMS-600',
        caseNumber: 'BM26P00600',
        parties: list,
        children: [],
        hearings: [],
        courtReports: [],
        contactLogs: [],
      });
    const payload = await upsert([only(parties)]);
    expect(payload.errors).toEqual([
      expect.objectContaining({
        code: 'INVALID',
        field: 'input.cases',
        message: expect.stringContaining('at most 500 records'),
      }),
    ]);
    expect(await count(`SELECT count(*) AS n FROM cases WHERE source_id = 'CMS-600'`)).toBe(0);
    const fits = await upsert([only(parties.slice(0, 499))]);
    expect(fits.errors).toEqual([]);
    expect(fits.cases[0]).toMatchObject({ outcome: 'CREATED', changedRecords: 500 });
  });

  it('is for the case system only', async () => {
    const result = await w.gw.query(UPSERT, { input: { cases: [newCase({ sourceId: 'CMS-700' })] } }, w.tokens.manager);
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('a hearing change recomputes the deadlines of the open complaints on the case', () => {
  const STATE = `query ($id: ID!) { complaint(id: $id) { responseDueOn dueReason } }`;
  let complaint: any;

  beforeAll(async () => {
    // Received Monday 2 November; no hearing listed: 15 working days, 23 November.
    complaint = await w.recordAdult();
    expect(complaint).toMatchObject({ responseDueOn: '2026-11-23', dueReason: 'FIFTEEN_WORKING_DAYS' });
  });

  const state = async () => (await w.gw.query(STATE, { id: complaint.id }, w.tokens.manager)).data.complaint;
  const moves = () =>
    w.db.dataSource.query(
      `SELECT template, recipient_address AS to, payload->>'dueOn' AS "dueOn" FROM notifications WHERE complaint_id = $1 AND template = 'due-date-moved' ORDER BY created_at`,
      [complaint.id],
    );
  const hearing = (startsAt: string, status: string) => ({
    sourceId: 'W-H1',
    startsAt,
    hearingType: 'Final hearing',
    status,
  });

  it('a hearing listed on 27 November brings the response forward to 20 November and alerts the CST', async () => {
    // The world's case was keyed by hand: the case system's first push adopts it by its number.
    const payload = await upsert([
      { sourceId: 'CMS-W', caseNumber: w.kase.caseNumber, hearings: [hearing('2026-11-27T10:00:00Z', 'LISTED')] },
    ]);
    expect(payload.errors).toEqual([]);
    expect(payload.cases[0]).toMatchObject({ outcome: 'UPDATED', changedRecords: 2, recomputedComplaints: 1 });
    expect(await state()).toEqual({ responseDueOn: '2026-11-20', dueReason: 'BEFORE_HEARING' });
    // The CST: the officer the complaint is assigned to (the one who recorded it).
    expect(await moves()).toEqual([{ template: 'due-date-moved', to: w.officer.email, dueOn: '2026-11-20' }]);
    const [audit] = await w.db.dataSource.query(
      `SELECT change FROM audit_events WHERE complaint_id = $1 AND action = 'deadlines.recomputed' ORDER BY sequence DESC LIMIT 1`,
      [complaint.id],
    );
    expect(audit.change).toMatchObject({
      cause: expect.stringContaining('W-H1 LISTED'),
      responseDueOn: { from: '2026-11-23', to: '2026-11-20' },
      dueReason: { from: 'FIFTEEN_WORKING_DAYS', to: 'BEFORE_HEARING' },
    });
  });

  it('the same push again recomputes nothing', async () => {
    const payload = await upsert([{ sourceId: 'CMS-W', hearings: [hearing('2026-11-27T10:00:00Z', 'LISTED')] }]);
    expect(payload.cases[0]).toMatchObject({ outcome: 'UNCHANGED', recomputedComplaints: 0 });
  });

  it('postponed: back to 15 working days, and no alert (the date moved later)', async () => {
    const payload = await upsert([{ sourceId: 'CMS-W', hearings: [hearing('2026-11-27T10:00:00Z', 'POSTPONED')] }]);
    expect(payload.cases[0]).toMatchObject({ outcome: 'UPDATED', recomputedComplaints: 1 });
    expect(await state()).toEqual({ responseDueOn: '2026-11-23', dueReason: 'FIFTEEN_WORKING_DAYS' });
    expect(await moves()).toHaveLength(1);
  });

  it('re-listed for Monday 9 November: the hearing is imminent, due the working day before it', async () => {
    await upsert([{ sourceId: 'CMS-W', hearings: [hearing('2026-11-09T10:00:00Z', 'LISTED')] }]);
    expect(await state()).toEqual({ responseDueOn: '2026-11-06', dueReason: 'HEARING_IMMINENT' });
    expect((await moves()).map((m: any) => m.dueOn)).toEqual(['2026-11-20', '2026-11-06']);
  });

  it('a hearing listed before an extended date leaves the date alone but alerts the CST', async () => {
    const kase = await w.db.dataSource.query(`SELECT id FROM cases WHERE source_id = 'CMS-100'`);
    const [party] = await w.db.dataSource.query(`SELECT id FROM parties WHERE source_id = 'P-1'`);
    const other = await w.recordAdult({
      caseId: kase[0].id,
      complainant: {
        kind: 'ADULT_PARTY',
        firstName: 'Jo',
        lastName: 'Applicant',
        partyId: party.id,
        email: 'jo@example.org',
      },
    });
    const triaged = await w.mutate(
      `mutation ($input: TriageComplaintInput!) { triageComplaint(input: $input) { errors { field message } } }`,
      { complaintId: other.id, outcome: 'ACCEPTED' },
    );
    expect(triaged.errors).toEqual([]);
    const extended = await w.mutate(
      `mutation ($input: ExtendResponseDeadlineInput!) { extendResponseDeadline(input: $input) { errors { field message } } }`,
      { complaintId: other.id, newDueOn: '2027-01-29', reason: 'Records awaited from the court' },
    );
    expect(extended.errors).toEqual([]);
    await upsert([
      {
        sourceId: 'CMS-100',
        hearings: [
          { sourceId: 'H-1', startsAt: '2027-01-25T10:00:00Z', hearingType: 'Dispute resolution', status: 'LISTED' },
        ],
      },
    ]);
    const [row] = await w.db.dataSource.query(
      `SELECT response_due_on AS "dueOn", due_reason AS reason FROM complaints WHERE id = $1`,
      [other.id],
    );
    expect(row).toEqual({ dueOn: '2027-01-29', reason: 'EXTENDED' });
    const alerts = await w.db.dataSource.query(
      `SELECT template, payload->>'action' AS action FROM notifications WHERE complaint_id = $1 AND template = 'extension-overrun'`,
      [other.id],
    );
    expect(alerts).toEqual([
      { template: 'extension-overrun', action: expect.stringContaining('A hearing is listed on 2027-01-25') },
    ]);
  });

  it('closing the case starts the six-month window', async () => {
    const closed = await upsert([{ sourceId: 'CMS-W', status: 'CLOSED' }]);
    expect(closed.cases[0].case).toMatchObject({ status: 'CLOSED', involvementEndedOn: '2026-11-05' });
    const given = await upsert([{ sourceId: 'CMS-200', status: 'CLOSED', involvementEndedOn: '2026-10-30' }]);
    expect(given.cases[0].case).toMatchObject({ status: 'CLOSED', involvementEndedOn: '2026-10-30' });
    const reopened = await upsert([{ sourceId: 'CMS-W', status: 'OPEN' }]);
    expect(reopened.cases[0].case).toMatchObject({ status: 'OPEN', involvementEndedOn: null });
  });
});
