/**
 * The daily summaries behind complaintStatistics (migration StatisticsSummaries, issue 14): random-ish
 * complaints, aspects and responses around London midnights and both 2026 clock changes, then every
 * kind of write that moves a figure — status, triage, acknowledgement, due dates, complainant kind,
 * receipt date and area, aspects added, recategorised, moved and deleted, responses sent, unsent and
 * deleted, complaints anonymised and deleted, many rows in one statement and one row at a time. After
 * each, the summaries equal the counts from the tables; and the figures summed from them equal the
 * figures counted directly (the statement the gateway ran before), for periods with ragged edges,
 * every area and two "today"s.
 */
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AspectCategory, Channel, ComplainantKind, ComplaintStatus, TriageOutcome } from '../src/domain/enums';
import { Complainant, Response, type ServiceArea } from '../src/entities';
import { StatisticsService } from '../src/services/statistics.service';
import { createDataSource } from '../src/db/data-source';
import { createTestDatabase, type TestDatabase } from './fixtures/database';
import { Factory } from './fixtures/factories';
import { directFigures } from './fixtures/statistics-direct';

let db: TestDatabase;
let ds: DataSource;
let areas: ServiceArea[];

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  return { next, pick };
}

const rnd = random(14);
/** Instants near London midnight and the clock changes (29 March and 25 October 2026), and around a quarter's end. */
const DAYS = [
  '2026-03-27',
  '2026-03-28',
  '2026-03-29',
  '2026-03-30',
  '2026-06-30',
  '2026-07-01',
  '2026-10-24',
  '2026-10-25',
  '2026-10-26',
];
const TIMES = ['00:00:00', '00:30:00', '10:00:00', '22:59:59', '23:00:00', '23:30:00'];
const instant = () => new Date(`${rnd.pick(DAYS)}T${rnd.pick(TIMES)}Z`);
const day = () => rnd.pick(DAYS);
const maybe = <T>(x: T): T | null => (rnd.next() < 0.3 ? null : x);

/** The row of its key a complaint counts in (one of 16, by the last byte of its id). */
const SLOT = 'get_byte(uuid_send(c.id), 15) % 16';

const SUMMARY_CHECKS: Record<string, { summary: string; direct: string }> = {
  received: {
    summary: `SELECT received_on::text AS day, service_area_id AS area, channel, status, kind, triage_outcome AS triage,
                     acknowledgement AS ack, acknowledgement_due_on::text AS ack_due, slot, n
              FROM statistics_received_daily WHERE n <> 0`,
    direct: `SELECT (c.received_at AT TIME ZONE 'Europe/London')::date::text AS day, c.service_area_id AS area, c.channel,
                    c.status, k.kind, c.triage_outcome AS triage,
                    CASE WHEN c.acknowledged_at IS NULL THEN 'PENDING'
                         WHEN (c.acknowledged_at AT TIME ZONE 'Europe/London')::date <= c.acknowledgement_due_on
                         THEN 'ON_TIME' ELSE 'LATE' END AS ack,
                    CASE WHEN c.acknowledged_at IS NULL THEN c.acknowledgement_due_on::text END AS ack_due,
                    ${SLOT} AS slot, count(*)::int AS n
             FROM complaints c JOIN complainants k ON k.id = c.complainant_id GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9`,
  },
  categories: {
    summary: `SELECT received_on::text AS day, service_area_id AS area, category, slot, n
              FROM statistics_categories_daily WHERE n <> 0`,
    direct: `SELECT (c.received_at AT TIME ZONE 'Europe/London')::date::text AS day, c.service_area_id AS area,
                    COALESCE(a.category::text, 'ANY') AS category, ${SLOT} AS slot, count(DISTINCT c.id)::int AS n
             FROM complaints c JOIN complaint_aspects a ON a.complaint_id = c.id
             GROUP BY GROUPING SETS ((1, 2, a.category, 4), (1, 2, 4))`,
  },
  responses: {
    summary: `SELECT sent_on::text AS day, service_area_id AS area, against_due, against_original,
                     procedure_start_on::text AS started, slot, n
              FROM statistics_responses_daily WHERE n <> 0`,
    direct: `SELECT (r.sent_at AT TIME ZONE 'Europe/London')::date::text AS day, c.service_area_id AS area,
                    CASE WHEN c.response_due_on IS NULL THEN 'NO_DUE_DATE'
                         WHEN (r.sent_at AT TIME ZONE 'Europe/London')::date <= c.response_due_on THEN 'ON_TIME'
                         ELSE 'LATE' END AS against_due,
                    CASE WHEN c.original_response_due_on IS NULL THEN 'NO_DUE_DATE'
                         WHEN (r.sent_at AT TIME ZONE 'Europe/London')::date <= c.original_response_due_on THEN 'ON_TIME'
                         ELSE 'LATE' END AS against_original,
                    c.procedure_start_on::text AS started, ${SLOT} AS slot, count(*)::int AS n
             FROM responses r JOIN complaints c ON c.id = r.complaint_id WHERE r.sent_at IS NOT NULL
             GROUP BY 1, 2, 3, 4, 5, 6`,
  },
};

let salt = 0;
/** About `percent` % of a table's rows, the same ones every run (a different sample each call). */
const some = (percent: number) => `abs(hashtext(id::text || '${++salt}')) % 100 < ${percent}`;

const sorted = (rows: object[]) => rows.map((r) => JSON.stringify(r)).sort();

/** Each summary as it is, against the same counts taken from the tables. */
async function expectSummariesExact(step: string) {
  for (const [name, { summary, direct }] of Object.entries(SUMMARY_CHECKS)) {
    const [kept, counted] = [await ds.query(summary), await ds.query(direct)];
    expect(sorted(kept), `${name} after ${step}`).toEqual(sorted(counted));
    expect(counted.length, `${name} after ${step}: something to compare`).toBeGreaterThan(0);
  }
}

async function seed(f: Factory) {
  const kinds = Object.values(ComplainantKind);
  const complainants = [];
  for (let i = 0; i < 30; i++) complainants.push(await f.complainant({ kind: rnd.pick(kinds) }));
  for (let i = 0; i < 90; i++) {
    const received = instant();
    const complaint = await f.complaint({
      complainantId: rnd.pick(complainants).id,
      serviceAreaId: maybe(rnd.pick(areas).id) ?? undefined,
      channel: rnd.pick(Object.values(Channel)),
      status: rnd.pick(Object.values(ComplaintStatus)),
      triageOutcome: maybe(rnd.pick(Object.values(TriageOutcome))),
      receivedAt: received,
      acknowledgedAt: maybe(instant()),
      acknowledgementDueOn: day(),
      procedureStartOn: day(),
      responseDueOn: maybe(day()),
      originalResponseDueOn: maybe(day()),
    });
    const aspects = Math.floor(rnd.next() * 4);
    for (let a = 0; a < aspects; a++) {
      await f.aspect(complaint.id, { position: a, category: rnd.pick(Object.values(AspectCategory)) });
    }
    const responses = Math.floor(rnd.next() * 3);
    for (let r = 0; r < responses; r++) {
      await ds.getRepository(Response).save({
        complaintId: complaint.id,
        understanding: 'u',
        desiredRemedy: 'd',
        assessmentOutcome: 'a',
        steps: 's',
        sentAt: maybe(instant()),
      });
    }
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  ds = db.dataSource;
  const f = new Factory(ds);
  areas = [await f.serviceArea(), await f.serviceArea(), await f.serviceArea()];
  await seed(f);
});

afterAll(async () => {
  await db?.drop();
});

/** Writes that move figures, each in one statement over many rows unless it says otherwise. */
const WRITES: [string, () => Promise<unknown>][] = [
  [
    'statuses and triage outcomes',
    () => ds.query(`UPDATE complaints SET status = 'CLOSED', triage_outcome = 'ACCEPTED' WHERE ${some(40)}`),
  ],
  [
    'acknowledgements',
    () =>
      ds.query(
        `UPDATE complaints SET acknowledged_at = received_at + interval '2 days' WHERE acknowledged_at IS NULL AND ${some(50)}`,
      ),
  ],
  [
    'extensions of due dates',
    () =>
      ds.query(
        `UPDATE complaints SET response_due_on = COALESCE(response_due_on, procedure_start_on) + 2 WHERE ${some(50)}`,
      ),
  ],
  [
    'procedure start days',
    () => ds.query(`UPDATE complaints SET procedure_start_on = procedure_start_on - 1 WHERE ${some(30)}`),
  ],
  ['complainant kinds', () => ds.query(`UPDATE complainants SET kind = 'CHILD' WHERE kind <> 'CHILD' AND ${some(40)}`)],
  [
    'receipt dates and areas',
    async () => {
      await ds.query(`UPDATE complaints SET received_at = received_at + interval '1 hour' WHERE ${some(30)}`);
      await ds.query(`UPDATE complaints SET service_area_id = $1 WHERE ${some(30)}`, [areas[0].id]);
      await ds.query(`UPDATE complaints SET service_area_id = NULL WHERE ${some(10)}`);
    },
  ],
  [
    'aspects recategorised, moved, added and deleted',
    async () => {
      // Two aspects of one complaint, in one category, both moved to another in one statement.
      const [{ id }] = await ds.query(`SELECT id FROM complaints ORDER BY reference LIMIT 1 OFFSET 5`);
      await ds.query(`DELETE FROM complaint_aspects WHERE complaint_id = $1`, [id]);
      for (const position of [1, 2]) {
        await new Factory(ds).aspect(id, { position, category: AspectCategory.CASE_MANAGEMENT });
      }
      await ds.query(`UPDATE complaint_aspects SET category = 'FACTUAL_ERROR' WHERE complaint_id = $1`, [id]);
      await ds.query(`UPDATE complaint_aspects SET category = 'STAFF_CONDUCT' WHERE ${some(30)}`);
      await ds.query(
        `UPDATE complaint_aspects SET complaint_id = (SELECT id FROM complaints ORDER BY reference LIMIT 1) WHERE ${some(10)}`,
      );
      await ds.query(`INSERT INTO complaint_aspects (complaint_id, position, category, description)
                    SELECT id, 9, 'FACTUAL_ERROR', 'x' FROM complaints WHERE ${some(30)}`);
      await ds.query(`DELETE FROM complaint_aspects WHERE ${some(30)}`);
    },
  ],
  [
    'responses sent, unsent and deleted',
    async () => {
      await ds.query(
        `UPDATE responses SET sent_at = '2026-10-25T23:30:00Z'::timestamptz - (abs(hashtext(id::text)) % 48) * interval '1 hour' WHERE sent_at IS NULL AND ${some(50)}`,
      );
      await ds.query(`UPDATE responses SET sent_at = NULL WHERE ${some(10)}`);
      await ds.query(`UPDATE responses SET sent_at = sent_at + interval '90 minutes' WHERE ${some(30)}`);
      await ds.query(`DELETE FROM responses WHERE ${some(20)}`);
    },
  ],
  [
    'one complaint, aspect and response at a time, through the entities',
    async () => {
      const [c] = await ds.query(`SELECT id, complainant_id FROM complaints ORDER BY reference DESC LIMIT 1`);
      await ds.getRepository(Complainant).update(c.complainant_id, { kind: ComplainantKind.PROFESSIONAL });
      await ds.query(`UPDATE complaints SET status = 'WITHDRAWN', withdrawn_at = now() WHERE id = $1`, [c.id]);
      await new Factory(ds).aspect(c.id, { category: AspectCategory.PROVIDER_ACTIONS });
      await ds.getRepository(Response).save({
        complaintId: c.id,
        understanding: 'u',
        desiredRemedy: 'd',
        assessmentOutcome: 'a',
        steps: 's',
        sentAt: new Date('2026-10-25T00:30:00Z'),
      });
    },
  ],
  [
    'anonymisation (personal data replaced, what reports count kept)',
    async () => {
      await ds.query(`UPDATE complaints SET summary = '[anonymised]', anonymised_at = now() WHERE ${some(50)}`);
      await ds.query(`UPDATE complainants SET first_name = '[anonymised]', last_name = '[anonymised]'`);
    },
  ],
  [
    'complaints deleted with their aspects and responses',
    () => ds.query(`DELETE FROM complaints WHERE id IN (SELECT id FROM complaints WHERE ${some(15)})`),
  ],
];

describe('the statistics summaries', () => {
  it('equal the counts from the tables after the data is written', async () => {
    await expectSummariesExact('seeding');
  });

  for (const [step, write] of WRITES) {
    it(`stay equal to the counts from the tables after ${step}`, async () => {
      await write();
      await expectSummariesExact(step);
    });
  }

  it('give the figures counting the tables directly gives, for any period, area and day asked', async () => {
    const periods = [
      { from: '2026-03-29', to: '2026-03-29' }, // the spring clock change: a 23-hour day
      { from: '2026-10-25', to: '2026-10-25' }, // the autumn one: 25 hours
      { from: '2026-03-28', to: '2026-06-30' },
      { from: '2026-07-01', to: '2026-09-30' },
      { from: '2026-03-30', to: '2026-10-24' },
      { from: '2026-01-01', to: '2026-12-31' },
      { from: '2026-10-26', to: '2026-10-26' },
      { from: '2026-11-09', to: '2026-11-09' },
    ];
    // The writes above pick rows by their random ids, so whether some median falls between two values
    // is left to chance; a day none of them touches gets two responses, 5 and 4 working days after
    // their procedures started: a median of 4.5 is always compared.
    const f = new Factory(ds);
    for (const procedureStartOn of ['2026-11-02', '2026-11-03']) {
      const c = await f.complaint({ procedureStartOn, receivedAt: new Date(`${procedureStartOn}T10:00:00Z`) });
      await ds.getRepository(Response).save({
        complaintId: c.id,
        understanding: 'u',
        desiredRemedy: 'd',
        assessmentOutcome: 'a',
        steps: 's',
        sentAt: new Date('2026-11-09T12:00:00Z'),
      });
    }
    const service = new StatisticsService();
    let compared = 0;
    let halves = 0; // medians between two values (an even number of responses, middle two differing)
    for (const period of periods) {
      for (const area of [null, ...areas]) {
        for (const today of ['2026-03-29', '2026-11-23']) {
          const { figures } = await service.figures(ds.manager, { ...period, serviceArea: area }, today);
          expect(figures, `${period.from} to ${period.to}, ${area?.name ?? 'all'}, on ${today}`).toEqual(
            await directFigures(ds.manager, period, today, area),
          );
          compared += figures.received + figures.responsesSent;
          if (!Number.isInteger(figures.medianWorkingDaysToRespond ?? 0)) halves++;
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
    expect(halves).toBeGreaterThan(0);
  });

  it('are emptied with the tables they summarise', async () => {
    const owner = await ownerSource();
    try {
      await owner.query('TRUNCATE complainants, complaints, complaint_aspects, responses CASCADE');
    } finally {
      await owner.destroy();
    }
    for (const table of ['statistics_received_daily', 'statistics_categories_daily', 'statistics_responses_daily']) {
      expect(await ds.query(`SELECT count(*)::int AS n FROM ${table}`)).toEqual([{ n: 0 }]);
    }
  });
});

async function ownerSource(): Promise<DataSource> {
  const owner = createDataSource({ url: db.ownerUrl, poolSize: 1 });
  await owner.initialize();
  return owner;
}
