/** The demo data set: the sizes the README promises, every status, consistent dates, and determinism. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComplaintStatus, Role } from '../src/domain/enums';
import { demoSubject } from '../src/seed/ids';
import { seedDemoData, type SeedCounts } from '../src/seed/seed';
import { createTestDatabase, type TestDatabase } from './fixtures/database';
import { startTestGateway } from './fixtures/gateway';

let first: TestDatabase;
let second: TestDatabase;
let counts: SeedCounts;

beforeAll(async () => {
  [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  counts = await seedDemoData(first.dataSource, { scale: 1, today: '2026-11-23' });
  await seedDemoData(second.dataSource, { scale: 1, today: '2026-11-23' });
});

afterAll(async () => {
  await first?.drop();
  await second?.drop();
});

describe('demo data at scale 1', () => {
  it("holds the subject of every role's demo token (npm run token), so the gateway accepts each", async () => {
    const gw = await startTestGateway(first);
    try {
      for (const role of Object.values(Role)) {
        const { subject } = demoSubject(role);
        const result = await gw.query('{ me { role } }', {}, await gw.token(role, subject));
        expect(result.errors, role).toBeUndefined();
        expect(result.data.me.role).toBe(role);
      }
    } finally {
      await gw.stop();
    }
  });

  it('has the promised sizes', () => {
    expect(counts.cases).toBe(1000);
    expect(counts.staff).toBe(50);
    expect(counts.service_areas).toBe(5);
    expect(counts.courts).toBe(20);
    expect(counts.providers).toBe(10);
    expect(counts.complaints).toBeGreaterThan(1800);
    expect(counts.complaints).toBeLessThan(2300);
    expect(counts.hearings).toBeGreaterThan(1000);
    expect(counts.parties).toBeGreaterThan(2000);
  });

  it('has complaints in every status, with references issued in receipt order', async () => {
    const rows: { status: string }[] = await first.dataSource.query('SELECT DISTINCT status FROM complaints');
    expect(rows.map((r) => r.status).sort()).toEqual(Object.values(ComplaintStatus).sort());
    const [{ out_of_order }] = await first.dataSource.query(`
      SELECT count(*)::int AS out_of_order FROM (
        SELECT reference, lag(reference) OVER (PARTITION BY substr(reference, 5, 4) ORDER BY received_at, id) AS previous FROM complaints
      ) r WHERE previous > reference`);
    expect(out_of_order).toBe(0);
  });

  it("leaves each year's next reference to the next intake", async () => {
    const years: { year: number; last: string }[] = await first.dataSource.query(
      `SELECT substr(reference, 5, 4)::int AS year, max(reference) AS last FROM complaints GROUP BY 1 ORDER BY 1`,
    );
    expect(years.length).toBeGreaterThan(1);
    for (const { year, last } of years) {
      const [{ next }] = await first.dataSource.query('SELECT next_complaint_reference($1) AS next', [year]);
      expect(next).toBe(`CMP-${year}-${String(Number(last.slice(9)) + 1).padStart(6, '0')}`);
    }
  });

  it('keeps open complaints on the work queue and closed ones off it', async () => {
    const [{ open_without, closed_with }] = await first.dataSource.query(`
      SELECT count(*) FILTER (WHERE status IN ('RECEIVED','ACCEPTED','ASSESSED','RESPONSE_DRAFTED','AWAITING_APPROVAL','APPROVED') AND next_due_on IS NULL)::int AS open_without,
             count(*) FILTER (WHERE status IN ('CLOSED','NOT_ACCEPTED','WITHDRAWN','RESOLVED_LOCALLY') AND next_due_on IS NOT NULL)::int AS closed_with
      FROM complaints`);
    expect(open_without).toBe(0);
    expect(closed_with).toBe(0);
  });

  it('is the same data for the same scale and date', async () => {
    const digest = async (t: TestDatabase) =>
      (
        await t.dataSource.query(
          `SELECT md5(string_agg(c::text, ',' ORDER BY c.id)) AS d FROM (SELECT id, reference, status, received_at, response_due_on, next_due_on FROM complaints) c`,
        )
      )[0].d;
    expect(await digest(first)).toBe(await digest(second));
  });
});
