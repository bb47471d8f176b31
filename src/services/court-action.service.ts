/**
 * Court actions done (SPEC §1.5): a report correction made; a court notification sent, by the
 * gateway's own delivery or outside it (a court portal, by hand). Each is recorded once, audited on
 * the complaint, and the complaint closes if nothing else remains.
 */
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { londonDate } from '../domain/calendar-date';
import { Problems, UserErrorCode, present } from '../domain/problems';
import { LONG_TEXT, pastInstant, requiredText } from '../domain/validation';
import { Complaint, CourtNotification, ReportCorrection } from '../entities';
import type { ComplaintChange } from './mutation';
import type { ComplaintStore, UpdateOptions } from './complaint-store';
import type { TxContext, WriteContext } from './mutation';
import type { NotificationService } from './notification.service';
import { mustFind } from './referenced';

export interface ReportCorrectionInput {
  reportCorrectionId: string;
  correction: string;
  correctedAt?: Date | null;
}

export interface CourtNotificationSentInput {
  courtNotificationId: string;
  sentAt?: Date | null;
}

/** Who records it: the caller (an edit, by default) or the gateway itself (delivery). */
type RecordedBy = Pick<UpdateOptions, 'actor' | 'edit'>;

export class CourtActionService {
  constructor(
    private readonly store: ComplaintStore,
    private readonly notifications: NotificationService,
  ) {}

  async recordReportCorrection(t: TxContext, input: ReportCorrectionInput): Promise<ComplaintChange> {
    const field = 'input.reportCorrectionId';
    const row = await mustFind(t.tx, ReportCorrection, input.reportCorrectionId, { field, what: 'report correction' });
    const problems = new Problems();
    const correction = requiredText(problems, 'input.correction', input.correction, LONG_TEXT);
    const correctedAt = pastInstant(problems, 'input.correctedAt', input.correctedAt ?? t.now(), t.now());
    if (row.correctedAt) {
      problems.add(UserErrorCode.CONFLICT, field, `the correction was recorded on ${londonDate(row.correctedAt)}`);
    }
    problems.throwIfAny();
    const at = present(correctedAt, 'input.correctedAt');
    const detail = { courtReportId: row.courtReportId, correctedAt: at };
    return { complaint: await this.done(t, row, { correction, correctedAt: at }, 'report.corrected', detail) };
  }

  async recordCourtNotificationSent(t: TxContext, input: CourtNotificationSentInput): Promise<ComplaintChange> {
    const field = 'input.courtNotificationId';
    const row = await mustFind(t.tx, CourtNotification, input.courtNotificationId, {
      field,
      what: 'court notification',
    });
    const problems = new Problems();
    const sentAt = pastInstant(problems, 'input.sentAt', input.sentAt ?? t.now(), t.now());
    if (row.sentAt)
      problems.add(UserErrorCode.CONFLICT, field, `the notification was sent on ${londonDate(row.sentAt)}`);
    problems.throwIfAny();
    const complaint = await this.markSent(t, row, present(sentAt, 'input.sentAt'));
    // Sent outside the gateway: its own message is no longer needed.
    await this.notifications.cancelPending(t, 'courtNotificationId', [row.id]);
    return { complaint };
  }

  /** The court notification went, at `at`: by the caller's hand, or delivered by the gateway (`by`). */
  markSent(t: WriteContext, row: CourtNotification, at: Date, by: RecordedBy = {}): Promise<Complaint> {
    const detail = { reason: row.reason, courtId: row.courtId, sentAt: at };
    return this.done(t, row, { sentAt: at }, 'court-notification.sent', detail, by);
  }

  private async done<T extends CourtNotification | ReportCorrection>(
    t: WriteContext,
    row: T,
    values: QueryDeepPartialEntity<T>,
    action: string,
    detail: Record<string, unknown>,
    by: RecordedBy = {},
  ): Promise<Complaint> {
    const complaint = await this.store.lock(t, row.complaintId);
    await t.tx.getRepository<T>(row.constructor).update(row.id, values);
    const entity = { type: row.constructor.name, id: row.id };
    const updated = await this.store.update(t, complaint, {}, action, { ...by, entity, detail });
    return this.store.closeIfDone(t, updated);
  }
}
