/**
 * Reminders and breach alerts (SPEC §4): delayed jobs made whenever a complaint's next due date
 * changes — a reminder 2 working days before it (at once if fewer remain) and a breach alert the
 * working day after. When a job fires it checks that the due date it was made for still stands.
 */
import { londonInstant, type CalendarDate } from '../domain/calendar-date';
import { Complaint } from '../entities';
import { QUEUES } from '../integrations/queue/job-queue';
import type { WriteContext } from './mutation';
import type { DeadlineNotices } from './deadline-notices';
import type { WorkingCalendar } from './working-calendar';

export interface DeadlineAlertJob {
  complaintId: string;
  dueOn: CalendarDate;
  kind: 'reminder' | 'breach';
}

/** Alerts go out at 07:00 London time. */
const ALERT_HOUR = 7;

export class DeadlineAlertService {
  constructor(
    private readonly calendar: WorkingCalendar,
    private readonly notices: DeadlineNotices,
  ) {}

  /** Schedules the reminder and the breach alert for a complaint's (new) next due date. */
  async schedule(t: WriteContext, complaintId: string, dueOn: CalendarDate | null): Promise<void> {
    if (!dueOn) return;
    const cal = await this.calendar.of(t.tx);
    const now = t.now();
    const remindAt = londonInstant(cal.subtractWorkingDays(dueOn, 2), ALERT_HOUR);
    const breachAt = londonInstant(cal.addWorkingDays(dueOn, 1), ALERT_HOUR);
    await t.outbox.enqueue(t.tx, QUEUES.deadline, { complaintId, dueOn, kind: 'reminder' } satisfies DeadlineAlertJob, {
      startAfter: remindAt > now ? remindAt : now,
      singletonKey: `reminder:${complaintId}:${dueOn}`,
    });
    await t.outbox.enqueue(t.tx, QUEUES.deadline, { complaintId, dueOn, kind: 'breach' } satisfies DeadlineAlertJob, {
      startAfter: breachAt,
      singletonKey: `breach:${complaintId}:${dueOn}`,
    });
  }

  /** The job fired: alert only if the complaint is still due on that date (and, for a breach, past it). */
  async fire(t: WriteContext, job: DeadlineAlertJob): Promise<boolean> {
    const complaint = await t.tx.getRepository(Complaint).findOneBy({ id: job.complaintId });
    if (!complaint || complaint.nextDueOn !== job.dueOn) return false;
    if (job.kind === 'breach') {
      if (t.today <= job.dueOn) return false;
      await this.notices.breach(t, complaint, job.dueOn);
    } else {
      await this.notices.reminder(t, complaint, job.dueOn);
    }
    return true;
  }
}
