/**
 * Court actions done outside the gateway's own delivery (SPEC §1.5): a report correction made, a
 * court notification sent by a court portal or by hand. Each is recorded once, dated in the past,
 * audited on the complaint; the complaint closes if nothing else remains.
 */
import type { EntityTarget } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { londonDate } from '../domain/calendar-date';
import { Problems, UserErrorCode } from '../domain/problems';
import { LONG_TEXT, pastInstant, requiredText } from '../domain/validation';
import { CourtNotification, ReportCorrection } from '../entities';
import type { ComplaintChange } from '../graphql/payloads';
import type { ComplaintStore } from './complaint-store';
import type { TxContext } from './mutation';
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

/** One kind of court action: the row, when it was done, and how it is recorded. */
interface CourtAction<T extends CourtNotification | ReportCorrection> {
  entity: EntityTarget<T>;
  id: string;
  field: string;
  what: string;
  /** When it was done, if it was. */
  doneAt: (row: T) => Date | null;
  /** Why it cannot be recorded again. */
  done: (on: string) => string;
  /** The checked values to write; `at` is when it was done. */
  values: (problems: Problems) => { at: Date | null; write: QueryDeepPartialEntity<T> };
  action: string;
  detail: (row: T, at: Date) => Record<string, unknown>;
}

export class CourtActionService {
  constructor(
    private readonly store: ComplaintStore,
    private readonly notifications: NotificationService,
  ) {}

  async recordReportCorrection(t: TxContext, input: ReportCorrectionInput): Promise<ComplaintChange> {
    return this.record(t, {
      entity: ReportCorrection,
      id: input.reportCorrectionId,
      field: 'input.reportCorrectionId',
      what: 'report correction',
      doneAt: (row) => row.correctedAt,
      done: (on) => `the correction was recorded on ${on}`,
      values: (problems) => {
        const correction = requiredText(problems, 'input.correction', input.correction, LONG_TEXT);
        const at = pastInstant(problems, 'input.correctedAt', input.correctedAt ?? t.now(), t.now());
        return { at, write: { correction, correctedAt: at ?? undefined } };
      },
      action: 'report.corrected',
      detail: (row, correctedAt) => ({ courtReportId: row.courtReportId, correctedAt }),
    });
  }

  async recordCourtNotificationSent(t: TxContext, input: CourtNotificationSentInput): Promise<ComplaintChange> {
    const change = await this.record(t, {
      entity: CourtNotification,
      id: input.courtNotificationId,
      field: 'input.courtNotificationId',
      what: 'court notification',
      doneAt: (row) => row.sentAt,
      done: (on) => `the notification was sent on ${on}`,
      values: (problems) => {
        const at = pastInstant(problems, 'input.sentAt', input.sentAt ?? t.now(), t.now());
        return { at, write: { sentAt: at ?? undefined } };
      },
      action: 'court-notification.sent',
      detail: (row, sentAt) => ({ reason: row.reason, courtId: row.courtId, sentAt }),
    });
    // Sent outside the gateway: its own message is no longer needed.
    await this.notifications.cancelPending(t, 'courtNotificationId', [input.courtNotificationId]);
    return change;
  }

  private async record<T extends CourtNotification | ReportCorrection>(
    t: TxContext,
    a: CourtAction<T>,
  ): Promise<ComplaintChange> {
    const row = await mustFind(t.tx, a.entity, a.id, { field: a.field, what: a.what });
    const complaint = await this.store.lock(t, row.complaintId);
    const problems = new Problems();
    const { at, write } = a.values(problems);
    const doneAt = a.doneAt(row);
    if (doneAt) problems.add(UserErrorCode.CONFLICT, a.field, a.done(londonDate(doneAt)));
    if (!at || problems.any) throw problems;
    await t.tx.getRepository(a.entity).update(row.id, write);
    const updated = await this.store.update(t, complaint, {}, a.action, {
      entity: { type: row.constructor.name, id: row.id },
      detail: a.detail(row, at),
    });
    return { complaint: await this.store.closeIfDone(t, updated) };
  }
}
