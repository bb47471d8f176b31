/** Reminders and breach alerts: scheduled when the next due date changes, checked when they fire, sent once per due date. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarDate } from '../src/domain/calendar-date';
import { createWorld, type World } from './fixtures/procedure';
import { systemWrite } from '../src/services/mutation';

const NOW = new Date('2026-11-04T15:00:00Z'); // Wednesday 4 November 2026
let w: World;

beforeAll(async () => {
  w = await createWorld(NOW);
});

afterAll(async () => {
  await w?.stop();
});

const fire = (today: CalendarDate, job: { complaintId: string; dueOn: string; kind: 'reminder' | 'breach' }) =>
  w.db.dataSource.transaction((tx) =>
    w.gw.services.alerts.fire(
      systemWrite(tx, () => new Date(`${today}T08:00:00Z`), w.gw.workers.queue, w.gw.config),
      job,
    ),
  );

async function messages(complaintId: string) {
  return w.db.dataSource.query(
    `SELECT template, recipient_address AS "to" FROM notifications WHERE complaint_id = $1 AND template LIKE 'deadline-%' ORDER BY template, recipient_address`,
    [complaintId],
  );
}

describe('deadline alerts', () => {
  it('are scheduled for the next due date and fire only while it stands', async () => {
    const c = await w.recordAdult(); // received Monday 2 November; the acknowledgement is due Thursday 5 November
    expect(c.nextDueOn).toBe('2026-11-05');
    const jobs = await w.db.dataSource.query(
      `SELECT data->>'kind' AS kind, start_after AS "startAfter" FROM pgboss.job WHERE name = 'deadline-alert' AND data->>'complaintId' = $1 ORDER BY 1`,
      [c.id],
    );
    expect(jobs.map((j: any) => [j.kind, j.startAfter.toISOString()])).toEqual([
      ['breach', '2026-11-06T07:00:00.000Z'], // 07:00 London on the working day after
      ['reminder', NOW.toISOString()], // 2 working days before is already past: at once
    ]);

    const job = { complaintId: c.id, dueOn: '2026-11-05' };
    expect(await fire('2026-11-04', { ...job, kind: 'reminder' })).toBe(true);
    expect(await fire('2026-11-04', { ...job, kind: 'reminder' })).toBe(true); // fired twice, sent once
    expect(await fire('2026-11-05', { ...job, kind: 'breach' })).toBe(false); // not missed yet
    expect(await fire('2026-11-06', { ...job, kind: 'breach' })).toBe(true);
    expect(await messages(c.id)).toEqual([
      { template: 'deadline-breach', to: w.cstManager.email },
      { template: 'deadline-reminder', to: w.officer.email },
    ]);

    // Acknowledged: the next due date moves to the response, and the old alerts stand down.
    const ack = await w.mutate(
      `mutation ($input: AcknowledgeComplaintInput!) { acknowledgeComplaint(input: $input) { complaint { nextDueOn } errors { message } } }`,
      { complaintId: c.id },
    );
    expect(ack.complaint.nextDueOn).toBe('2026-11-23');
    const other = await w.recordAdult();
    expect(await fire('2026-11-06', { complaintId: other.id, dueOn: '2026-11-05', kind: 'breach' })).toBe(true);
    await w.mutate(
      `mutation ($input: AcknowledgeComplaintInput!) { acknowledgeComplaint(input: $input) { errors { message } } }`,
      { complaintId: other.id },
    );
    expect(await fire('2026-11-20', { complaintId: other.id, dueOn: '2026-11-05', kind: 'reminder' })).toBe(false);
    const rescheduled = await w.db.dataSource.query(
      `SELECT data->>'kind' AS kind FROM pgboss.job WHERE name = 'deadline-alert' AND data->>'complaintId' = $1 AND data->>'dueOn' = '2026-11-23' ORDER BY 1`,
      [c.id],
    );
    expect(rescheduled.map((j: any) => j.kind)).toEqual(['breach', 'reminder']);
  });
});
