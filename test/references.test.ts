/**
 * Complaint references (`CMP-YYYY-NNNNNN`, SPEC §1.1) from a sequence per year: concurrent intakes
 * each get their own number, a year starts at 000001, and a rolled-back intake leaves a gap.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/domain/enums';
import type { Case, Party, Staff } from '../src/entities';
import type { QueryRunner } from 'typeorm';
import { createTestDatabase, type TestDatabase } from './fixtures/database';
import { Factory } from './fixtures/factories';
import { startTestGateway, type TestGateway } from './fixtures/gateway';
import { waitUntil } from './fixtures/wait';

const NOW = new Date('2026-11-02T15:00:00Z');
const REFERENCE = /^CMP-\d{4}-\d{6}$/;
const CONCURRENT = 32;

let db: TestDatabase;
let gw: TestGateway;
let officer: string;
let kase: Case;
let party: Party;
let practitioner: Staff;

const RECORD = /* GraphQL */ `
  mutation Record($input: RecordComplaintInput!) {
    recordComplaint(input: $input) {
      complaint {
        reference
      }
      errors {
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
  practitioner = await f.staff({ serviceAreaId: area.id });
  kase = await f.case({ courtId: court.id, serviceAreaId: area.id, practitionerId: practitioner.id });
  party = await f.party(kase.id);
  gw = await startTestGateway(db, { now: () => NOW });
  officer = await gw.token(Role.CST_OFFICER, (await f.staff({ role: Role.CST_OFFICER })).id);
});

afterAll(async () => {
  await gw?.stop();
  await db?.drop();
});

/** Records a complaint received at `receivedAt`; its reference. */
async function record(receivedAt: string): Promise<string> {
  const input = {
    channel: 'EMAIL',
    receivedAt,
    summary: 'The report says I missed contact sessions that I attended.',
    caseId: kase.id,
    subjectStaffId: practitioner.id,
    complainant: { kind: 'ADULT_PARTY', firstName: 'Alex', lastName: 'Applicant', partyId: party.id },
  };
  const result = await gw.query(RECORD, { input }, officer);
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  expect(result.data.recordComplaint.errors).toEqual([]);
  return result.data.recordComplaint.complaint.reference;
}

const numbered = (year: number, from: number, count: number) =>
  Array.from({ length: count }, (_, i) => `CMP-${year}-${String(from + i).padStart(6, '0')}`);

describe('complaint references', () => {
  it(`start a new year at 000001, even when ${CONCURRENT} intakes open it at once`, async () => {
    // The year's sequence does not exist yet: the concurrent intakes race to create it.
    const references = await Promise.all(Array.from({ length: CONCURRENT }, () => record('2025-03-03T10:00:00Z')));
    expect([...references].sort()).toEqual(numbered(2025, 1, CONCURRENT));
  });

  it(`give ${CONCURRENT} concurrent intakes in a year under way distinct references after the earlier ones`, async () => {
    const first = await record('2026-11-02T09:00:00Z');
    expect(first).toBe('CMP-2026-000001');
    const references = await Promise.all(Array.from({ length: CONCURRENT }, () => record('2026-11-02T09:30:00Z')));
    expect(new Set(references).size).toBe(CONCURRENT);
    for (const reference of references) {
      expect(reference).toMatch(REFERENCE);
      expect(reference > first).toBe(true);
    }
    const [{ stored, distinct }] = await db.dataSource.query(
      `SELECT count(*)::int AS stored, count(DISTINCT reference)::int AS distinct FROM complaints
       WHERE reference LIKE 'CMP-2026-%'`,
    );
    expect({ stored, distinct }).toEqual({ stored: CONCURRENT + 1, distinct: CONCURRENT + 1 });
  });

  it("are drawn by two transactions that both find the year's sequence missing", async () => {
    const first = db.dataSource.createQueryRunner();
    const second = db.dataSource.createQueryRunner();
    const draw = async (runner: QueryRunner) =>
      (await runner.query('SELECT next_complaint_reference(2023) AS reference'))[0].reference as string;
    try {
      await first.startTransaction();
      await second.startTransaction();
      expect(await draw(first)).toBe('CMP-2023-000001'); // created, not yet committed
      const [{ pid }] = await second.query('SELECT pg_backend_pid() AS pid');
      const waiting = draw(second);
      await waitUntil(
        'the second transaction to wait for the first',
        async () =>
          (
            await db.dataSource.query('SELECT count(*)::int AS n FROM pg_locks WHERE pid = $1 AND NOT granted', [pid])
          )[0].n,
        (n) => n > 0,
      );
      await first.commitTransaction();
      expect(await waiting).toBe('CMP-2023-000002');
      await second.commitTransaction();
    } finally {
      for (const runner of [first, second]) {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        await runner.release();
      }
    }
  });

  it('are not given again when the transaction that drew one rolls back: a gap, never a repeat', async () => {
    const draw = async (query: (sql: string) => Promise<{ reference: string }[]>) =>
      (await query('SELECT next_complaint_reference(2024) AS reference'))[0].reference;
    expect(await draw((sql) => db.dataSource.query(sql))).toBe('CMP-2024-000001');
    const runner = db.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      expect(await draw((sql) => runner.query(sql))).toBe('CMP-2024-000002');
      await runner.rollbackTransaction();
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
    expect(await draw((sql) => db.dataSource.query(sql))).toBe('CMP-2024-000003');
  });

  it('are drawn by the application role, which cannot move or restart them', async () => {
    await expect(db.dataSource.query(`SELECT setval('complaint_reference_2025', 1)`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(db.dataSource.query('SELECT forget_complaint_references()')).rejects.toThrow(/permission denied/);
    await expect(db.dataSource.query('SELECT next_complaint_reference(999)')).rejects.toThrow(/four digits/);
  });
});
