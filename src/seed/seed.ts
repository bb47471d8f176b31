/**
 * Deterministic synthetic data (`npm run seed -- --scale N`): at scale 1 about 1,000 cases with their
 * case file, 50 staff in 5 service areas, 20 courts, 10 providers and ~2,000 complaints in every status.
 * Rows are generated per chunk of cases and bulk-inserted, so scale 100 loads in minutes.
 *
 * The pieces, in the order they run (the order of random draws is part of the data): reference-data.ts,
 * staff-layout.ts, then per case case-files.ts and complaints.ts (with complaint-consequences.ts), then
 * compliments-and-learning.ts; random-source.ts draws every value and row-writer.ts inserts the rows.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { londonDate, type CalendarDate } from '../domain/calendar-date';
import { WorkingDayCalendar } from '../domain/working-days';
import { addCaseFile } from './case-files';
import { addCaseComplaints, addStaffComplaints } from './complaints';
import { writeCompliments, writeLearningPoints } from './compliments-and-learning';
import { createSeedRandom } from './random-source';
import { writeReferenceData } from './reference-data';
import { ChunkRows, RowWriter, type SeedCounts } from './row-writer';
import type { SeedContext } from './seed-context';
import { layoutStaff } from './staff-layout';

export type { SeedCounts } from './row-writer';

export interface SeedOptions {
  scale: number;
  /** The demo's "today" (Europe/London); the data is the same for the same scale and date. */
  today?: CalendarDate;
  onProgress?: (message: string) => void;
}

const CHUNK_CASES = 500;

/** The tables a chunk of cases fills, parents before the rows that refer to them. */
const CHUNK_TABLES = [
  'cases',
  'parties',
  'children',
  'hearings',
  'court_reports',
  'contact_logs',
  'complainants',
  'complaints',
  'complaint_aspects',
  'court_notifications',
  'report_corrections',
  'referrals',
  'provider_engagements',
  'responses',
  'ombudsman_escalations',
  'ombudsman_recommendations',
  'evidence',
];

export async function seedDemoData(ds: DataSource, options: SeedOptions): Promise<SeedCounts> {
  const { scale } = options;
  if (!Number.isInteger(scale) || scale < 1) throw new RangeError('scale must be a positive integer');
  const today = options.today ?? londonDate(new Date());
  const progress = options.onProgress ?? (() => undefined);
  const random = createSeedRandom(scale, today);

  return ds.transaction(async (em) => {
    const writer = new RowWriter(em);
    const ids = await writeReferenceData(writer);
    const staff = layoutStaff(scale, ids.areaIds, random);
    await writer.write('staff', staff.rows);
    progress(`reference data and ${staff.rows.length} staff`);

    const ctx: SeedContext = { scale, today, random, cal: new WorkingDayCalendar(), ids, staff, assessed: [] };
    await writeCasesAndComplaints(ctx, writer, progress);
    await issueReferences(em);
    await writeCompliments(ctx, writer);
    await writeLearningPoints(ctx, writer);
    progress(`${writer.counts.complaints} complaints`);
    return writer.counts;
  });
}

/** 1,000 cases per unit of scale with their complaints, written a chunk of cases at a time. */
async function writeCasesAndComplaints(
  ctx: SeedContext,
  writer: RowWriter,
  progress: (message: string) => void,
): Promise<void> {
  const caseCount = 1000 * ctx.scale;
  let complaintIndex = 0;
  for (let chunkStart = 0; chunkStart < caseCount; chunkStart += CHUNK_CASES) {
    const chunkEnd = Math.min(caseCount, chunkStart + CHUNK_CASES);
    const rows = new ChunkRows();
    for (let k = chunkStart; k < chunkEnd; k++) {
      const file = addCaseFile(ctx, rows, k);
      complaintIndex += addCaseComplaints(ctx, rows, file, complaintIndex);
    }
    // Complaints about staff unrelated to a case come with the last chunk.
    if (chunkEnd === caseCount) complaintIndex += addStaffComplaints(ctx, rows, complaintIndex);
    for (const table of CHUNK_TABLES) await writer.write(table, rows.of(table));
    progress(`${chunkEnd} of ${caseCount} cases`);
  }
}

/** References are issued in receipt order within each year, as intake would have issued them. */
async function issueReferences(em: EntityManager): Promise<void> {
  await em.query(`
    UPDATE complaints c SET reference = 'CMP-' || r.year || '-' || lpad(r.n::text, 6, '0')
    FROM (SELECT id, extract(year FROM received_at AT TIME ZONE 'Europe/London')::int AS year,
                 row_number() OVER (
                   PARTITION BY extract(year FROM received_at AT TIME ZONE 'Europe/London') ORDER BY received_at, id
                 ) AS n
          FROM complaints) r
    WHERE r.id = c.id`);
  // Each year's sequence moves on past the last reference issued: the next intake gets the next number.
  await em.query('SELECT catch_up_complaint_references()');
}

/** Empties every data table (not the migrations) and restarts references, for `npm run seed -- --reset`. */
export async function resetData(ds: DataSource): Promise<void> {
  const tables = ds.entityMetadatas.map((m) => `"${m.tableName}"`).join(', ');
  await ds.query(`TRUNCATE ${tables} CASCADE`);
  await ds.query('SELECT forget_complaint_references()');
}
