/**
 * Keeps a complaint's deadlines right (SPEC "Deadline arithmetic"): computes them at intake,
 * recomputes every open one when hearings or holidays change, and audits each change old → new.
 */
import { IsNull, type EntityManager } from 'typeorm';
import { londonDate, type CalendarDate } from '../domain/calendar-date';
import { FINAL_STATUSES, isFinal } from '../domain/complaint-status';
import {
  complaintDeadlines,
  courtActionDueOn,
  movedEarlier,
  nextDueOn,
  nextListedHearing,
  type DeadlineState,
  type Deadlines,
  type HearingDate,
  deadlineState,
  deadlinesOf,
} from '../domain/deadlines';
import { DueReason, type ComplainantKind } from '../domain/enums';
import { Complaint, CourtNotification, ReportCorrection } from '../entities';
import { AuditService, diff } from './audit.service';
import { complainantKind } from './complaint-store';
import type { DeadlineAlertService } from './deadline-alert.service';
import type { WriteContext } from './mutation';
import type { DeadlineNotices } from './deadline-notices';
import type { WorkingCalendar } from './working-calendar';

export class DeadlineService {
  constructor(
    private readonly calendar: WorkingCalendar,
    private readonly audit: AuditService,
    private readonly notices: DeadlineNotices,
    private readonly alerts: DeadlineAlertService,
  ) {}

  async hearings(tx: EntityManager, caseId: string | null): Promise<HearingDate[]> {
    if (!caseId) return [];
    const rows: { starts_at: Date; status: HearingDate['status'] }[] = await tx.query(
      'SELECT starts_at, status FROM hearings WHERE case_id = $1',
      [caseId],
    );
    return rows.map((h) => ({ date: londonDate(h.starts_at), status: h.status }));
  }

  /** Due date of a court notification or report correction created (or recomputed) on `from`. */
  async courtActionDue(
    tx: EntityManager,
    caseId: string | null,
    from: CalendarDate,
    responseDueOn: CalendarDate | null,
  ): Promise<CalendarDate | null> {
    return courtActionDueOn(await this.calendar.of(tx), from, await this.hearings(tx, caseId), responseDueOn);
  }

  /** Deadlines of a complaint being recorded (or entering the procedure) on its start date. */
  async atIntake(tx: EntityManager, state: DeadlineState, caseId: string | null): Promise<Deadlines> {
    return complaintDeadlines(await this.calendar.of(tx), state, await this.hearings(tx, caseId), null);
  }

  /** Court notifications not yet sent and report corrections not yet made. */
  async openCourtActions(
    tx: EntityManager,
    complaintId: string,
  ): Promise<{ notifications: CourtNotification[]; corrections: ReportCorrection[] }> {
    // Sequential: a transaction's connection runs one statement at a time anyway.
    const notifications = await tx.getRepository(CourtNotification).find({ where: { complaintId, sentAt: IsNull() } });
    const corrections = await tx
      .getRepository(ReportCorrection)
      .find({ where: { complaintId, correctedAt: IsNull() } });
    return { notifications, corrections };
  }

  /**
   * `nextDueOn` from the complaint's current state (after any change to its steps). Its open court
   * actions are read, unless their due dates are given (a complaint being recorded).
   */
  async nextDue(
    tx: EntityManager,
    complaint: Complaint,
    kind: ComplainantKind,
    courtActionDues?: (CalendarDate | null)[],
  ): Promise<CalendarDate | null> {
    // A complaint not yet written has no court actions but those it is given with.
    const dues = courtActionDues ?? (complaint.id ? await this.openCourtActionDues(tx, complaint.id) : []);
    const state = deadlineState(complaint, kind);
    return nextDueOn(state, deadlinesOf(complaint), dues, isFinal(complaint.status));
  }

  private async openCourtActionDues(tx: EntityManager, complaintId: string): Promise<(CalendarDate | null)[]> {
    const { notifications, corrections } = await this.openCourtActions(tx, complaintId);
    return [...notifications, ...corrections].map((a) => a.dueOn);
  }

  /**
   * Recomputes the open complaints of a case (a hearing was listed, moved, postponed, adjourned,
   * cancelled or completed).
   */
  async recomputeCase(t: WriteContext, caseId: string, cause: string): Promise<number> {
    const open: { id: string }[] = await t.tx.query(
      'SELECT id FROM complaints WHERE case_id = $1 AND NOT (status = ANY($2::complaint_status[])) ORDER BY id',
      [caseId, FINAL_STATUSES],
    );
    let changed = 0;
    for (const { id } of open) if (Object.keys(await this.recompute(t, id, cause)).length) changed += 1;
    return changed;
  }

  /**
   * The CST is told when a due date moved earlier (a hearing was listed or brought forward), and
   * when a hearing is listed on or before an extended date, which recomputation leaves alone.
   */
  private async alertCst(
    t: WriteContext,
    complaint: Complaint,
    state: DeadlineState,
    hearings: HearingDate[],
    changes: Record<string, { from: unknown; to: unknown }>,
  ): Promise<void> {
    const earlier = movedEarlier(changes.responseDueOn)
      ? changes.responseDueOn
      : movedEarlier(changes.nextDueOn)
        ? changes.nextDueOn
        : null;
    if (earlier) {
      await this.notices.dueDateMoved(t, complaint, {
        from: earlier.from,
        to: earlier.to,
      });
    }
    if (state.responseOpen && complaint.dueReason === DueReason.EXTENDED && complaint.responseDueOn) {
      const hearing = nextListedHearing(hearings, t.today);
      if (hearing && hearing <= complaint.responseDueOn) await this.notices.extensionOverrun(t, complaint, hearing);
    }
  }

  /**
   * Recomputes every open deadline of the complaint as of `today` (a hearing of its case changed,
   * or a holiday was added) in the caller's transaction; audits what moved. Not an edit: the
   * version stays. Returns the changes. The CST is alerted when a date moved earlier, or a hearing
   * is listed before an extended date, unless `alertCst` is false.
   */
  async recompute(
    t: WriteContext,
    complaintId: string,
    cause: string,
    options: { alertCst?: boolean } = {},
  ): Promise<Record<string, { from: unknown; to: unknown }>> {
    const { tx, today } = t;
    const complaint = await tx
      .getRepository(Complaint)
      .findOneOrFail({ where: { id: complaintId }, lock: { mode: 'pessimistic_write' } });
    const kind = await complainantKind(tx, complaint.complainantId);
    const cal = await this.calendar.of(tx);
    const hearings = await this.hearings(tx, complaint.caseId);
    const state = deadlineState(complaint, kind);
    const ended = isFinal(complaint.status);
    const fresh = ended ? null : complaintDeadlines(cal, state, hearings, today);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (fresh) {
      const update: Partial<Complaint> = {};
      if (!state.handedOver) update.cstDueOn = fresh.cstDueOn;
      if (!state.acknowledged) update.acknowledgementDueOn = fresh.acknowledgementDueOn;
      if (fresh.childContactDueOn && !state.childContactedOn) update.childContactDueOn = fresh.childContactDueOn;
      update.responseDueOn = fresh.responseDueOn;
      update.dueReason = fresh.dueReason;
      Object.assign(changes, diff(complaint, update));
      Object.assign(complaint, update);
    }
    const { notifications, corrections } = await this.openCourtActions(tx, complaint.id);
    const from = today;
    for (const action of [...notifications, ...corrections]) {
      const dueOn = courtActionDueOn(cal, from, hearings, complaint.responseDueOn);
      if (dueOn !== action.dueOn) {
        const entity = action instanceof CourtNotification ? 'CourtNotification' : 'ReportCorrection';
        changes[`${entity}:${action.id}.dueOn`] = { from: action.dueOn, to: dueOn };
        await tx
          .getRepository(action instanceof CourtNotification ? CourtNotification : ReportCorrection)
          .update(action.id, { dueOn });
        action.dueOn = dueOn;
      }
    }
    const next = nextDueOn(
      state,
      { ...complaint },
      [...notifications, ...corrections].map((a) => a.dueOn),
      ended,
    );
    if (next !== complaint.nextDueOn) changes.nextDueOn = { from: complaint.nextDueOn, to: next };
    // A change the CST made itself (an extension) needs no alert to the CST.
    if (options.alertCst !== false) await this.alertCst(t, complaint, state, hearings, changes);
    if (Object.keys(changes).length === 0) return changes;
    await tx.getRepository(Complaint).update(complaint.id, {
      cstDueOn: complaint.cstDueOn,
      acknowledgementDueOn: complaint.acknowledgementDueOn,
      childContactDueOn: complaint.childContactDueOn,
      responseDueOn: complaint.responseDueOn,
      dueReason: complaint.dueReason,
      nextDueOn: next,
    });
    if (next !== complaint.nextDueOn) await this.alerts.schedule(t, complaint.id, next);
    await this.audit.record(tx, t.actor, {
      action: 'deadlines.recomputed',
      entityType: 'Complaint',
      entityId: complaint.id,
      complaintId: complaint.id,
      change: { cause, ...changes },
    });
    return changes;
  }
}
