/**
 * Chasing a provider that has not given its side (issue 6, §4.9): a reminder the working day after
 * its 5 working days are up, a second reminder 3 working days later, and 3 working days after that
 * the CST managers are told. Each step is a delayed job made when the engagement is made (or by the
 * step before); when it fires it checks that the provider still has not answered.
 */
import { londonInstant, type CalendarDate } from '../domain/calendar-date';
import { isFinal } from '../domain/complaint-status';
import { Complaint, ProviderEngagement } from '../entities';
import { QUEUES } from '../integrations/queue/job-queue';
import { AuditService, SYSTEM } from './audit.service';
import type { WriteContext } from './mutation';
import type { ProviderNotices } from './provider-notices';
import type { WorkingCalendar } from './working-calendar';

export interface ProviderChaseJob {
  engagementId: string;
  /** 1 and 2: reminders to the provider; 3: escalation to the CST managers. */
  step: 1 | 2 | 3;
  /** The working day the step is for. */
  on: CalendarDate;
}

/** Working days between the steps after the first. */
export const CHASE_INTERVAL_WORKING_DAYS = 3;
/** Chases go out at 07:00 London time, like deadline alerts. */
const CHASE_HOUR = 7;

export class ProviderChaseService {
  constructor(
    private readonly calendar: WorkingCalendar,
    private readonly providerNotices: ProviderNotices,
    private readonly audit: AuditService,
  ) {}

  private async enqueue(t: WriteContext, job: ProviderChaseJob): Promise<void> {
    const at = londonInstant(job.on, CHASE_HOUR);
    await t.outbox.enqueue(t.tx, QUEUES.providerChase, job, {
      startAfter: at > t.now() ? at : t.now(),
      singletonKey: `provider-chase:${job.engagementId}:${job.step}`,
    });
  }

  /** The first reminder: the working day after the engagement's due date (5 working days after it was made). */
  async schedule(t: WriteContext, engagement: ProviderEngagement): Promise<void> {
    if (!engagement.dueOn) return;
    const cal = await this.calendar.of(t.tx);
    await this.enqueue(t, { engagementId: engagement.id, step: 1, on: cal.addWorkingDays(engagement.dueOn, 1) });
  }

  /** The job fired: chase only if the provider still owes its side, the complaint is open and the day has come. */
  async fire(t: WriteContext, job: ProviderChaseJob): Promise<boolean> {
    const engagement = await t.tx
      .getRepository(ProviderEngagement)
      .findOne({ where: { id: job.engagementId }, lock: { mode: 'pessimistic_write' } });
    if (!engagement || engagement.respondedAt || !engagement.aspectId || engagement.chaseCount >= job.step)
      return false;
    if (t.today < job.on) return false;
    const complaint = await t.tx.getRepository(Complaint).findOneByOrFail({ id: engagement.complaintId });
    if (isFinal(complaint.status)) return false;
    await this.providerNotices.providerChase(t, complaint, engagement, job.step);
    const update = { chaseCount: job.step, ...(job.step === 3 ? { escalatedAt: t.now() } : {}) };
    await t.tx.getRepository(ProviderEngagement).update(engagement.id, update);
    await this.audit.record(
      t.tx,
      SYSTEM,
      {
        action: job.step === 3 ? 'provider-engagement.escalated' : 'provider-engagement.chased',
        entityType: 'ProviderEngagement',
        entityId: engagement.id,
        complaintId: complaint.id,
        change: { chaseCount: { from: engagement.chaseCount, to: job.step } },
      },
      t.now(),
    );
    if (job.step < 3) {
      const cal = await this.calendar.of(t.tx);
      await this.enqueue(t, {
        engagementId: engagement.id,
        step: (job.step + 1) as 2 | 3,
        on: cal.addWorkingDays(job.on, CHASE_INTERVAL_WORKING_DAYS),
      });
    }
    return true;
  }
}
