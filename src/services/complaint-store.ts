/**
 * Reading a complaint for a change and writing the change: the row lock, the optimistic version
 * check, the refreshed next due date and the audit event, in the mutation's transaction.
 */
import type { EntityManager } from 'typeorm';
import { londonDate, type CalendarDate } from '../domain/calendar-date';
import { canTake, transition } from '../domain/complaint-status';
import type { ComplainantKind } from '../domain/enums';
import { UserErrorCode, fail } from '../domain/problems';
import { Complaint } from '../entities';
import { AuditService, diff, SYSTEM, type Actor } from './audit.service';
import { DeadlineAlertService } from './deadline-alert.service';
import { DeadlineService } from './deadline.service';
import type { WriteContext } from './mutation';
import { mustLock } from './row-lock';

export interface UpdateOptions {
  /** Edits bump the version; system updates (recomputation, delivery) do not. */
  edit?: boolean;
  /** More to record in the audit event than the complaint's own fields. */
  detail?: Record<string, unknown>;
  /** Who the audit names; the caller by default (the gateway itself for automatic steps). */
  actor?: Actor;
  /** The audited entity when the change is to something of the complaint's (evidence, an aspect). */
  entity?: { type: string; id: string };
}

/** What the `complaint.recorded` event keeps of a new complaint. */
const RECORDED = [
  'reference',
  'status',
  'channel',
  'receivedAt',
  'cstReceivedAt',
  'cstDueOn',
  'acknowledgementDueOn',
  'responseDueOn',
  'dueReason',
  'childContactDueOn',
  'ownerId',
  'caseId',
  'subjectStaffId',
  'repeatsComplaintId',
] as const satisfies readonly (keyof Complaint)[];

/** Who complained: the deadlines and the procedure depend on it. */
export async function complainantKind(tx: EntityManager, complainantId: string): Promise<ComplainantKind> {
  const [row] = await tx.query('SELECT kind FROM complainants WHERE id = $1', [complainantId]);
  return row.kind;
}

export class ComplaintStore {
  constructor(
    private readonly audit: AuditService,
    private readonly deadlines: DeadlineService,
    private readonly alerts: DeadlineAlertService,
  ) {}

  /**
   * The complaint, locked for the rest of the transaction. Unknown, or outside the caller's row
   * scope → NOT_FOUND naming `field`; a stale `expectedVersion` → CONFLICT.
   */
  async lock(
    t: WriteContext,
    id: string,
    expectedVersion?: number | null,
    field = 'input.complaintId',
  ): Promise<Complaint> {
    const complaint = await mustLock(t, Complaint, id, { field, what: 'complaint' });
    // Retention took its personal data away (SPEC §1.12): nothing may write new personal data to it.
    if (complaint.anonymisedAt)
      fail(
        UserErrorCode.CONFLICT,
        field,
        `the complaint was anonymised on ${londonDate(complaint.anonymisedAt)} under the retention policy: ` +
          'it can no longer be changed',
      );
    if (expectedVersion !== undefined && expectedVersion !== null && expectedVersion !== complaint.version) {
      fail(
        UserErrorCode.CONFLICT,
        'input.expectedVersion',
        `the complaint has changed since you read it (version ${complaint.version}, you had ${expectedVersion}): ` +
          'reload it and try again',
      );
    }
    return complaint;
  }

  /** The complaint as stored now (after system updates made during the mutation). */
  reload(t: WriteContext, complaint: Complaint): Promise<Complaint> {
    return t.tx.getRepository(Complaint).findOneByOrFail({ id: complaint.id });
  }

  kindOf(t: WriteContext, complaint: Complaint): Promise<ComplainantKind> {
    return complainantKind(t.tx, complaint.complainantId);
  }

  /**
   * Records a new complaint (its deadlines set): its next due date from its steps and the court
   * actions it starts with (written by the caller once the complaint is), the row, the alerts, and
   * the `complaint.recorded` event.
   */
  async create(
    t: WriteContext,
    draft: Complaint,
    kind: ComplainantKind,
    courtActionDues: (CalendarDate | null)[],
  ): Promise<Complaint> {
    draft.nextDueOn = await this.deadlines.nextDue(t.tx, draft, kind, courtActionDues);
    const complaint = await t.tx.getRepository(Complaint).save(draft);
    await this.alerts.schedule(t, complaint.id, complaint.nextDueOn);
    const recorded = Object.fromEntries(RECORDED.map((field) => [field, complaint[field]]));
    await this.audit.record(t.tx, t.actor, {
      action: 'complaint.recorded',
      entityType: 'Complaint',
      entityId: complaint.id,
      complaintId: complaint.id,
      caseId: complaint.caseId,
      change: { ...recorded, kind },
    });
    return complaint;
  }

  /** Applies `changes`, refreshes `nextDueOn`, writes the row and audits what changed under `action`. */
  async update(
    t: WriteContext,
    complaint: Complaint,
    changes: Partial<Complaint>,
    action: string,
    options: UpdateOptions = {},
  ): Promise<Complaint> {
    const before = { ...complaint };
    Object.assign(complaint, changes);
    complaint.nextDueOn = await this.deadlines.nextDue(t.tx, complaint, await this.kindOf(t, complaint));
    const after: Partial<Complaint> = { ...changes, nextDueOn: complaint.nextDueOn };
    const changed = diff(before, after);
    if (Object.keys(changed).length === 0 && !options.detail) return complaint;
    if (options.edit !== false) {
      complaint.version = before.version + 1;
      after.version = complaint.version;
    }
    await t.tx.getRepository(Complaint).update(complaint.id, after);
    if (complaint.nextDueOn !== before.nextDueOn) await this.alerts.schedule(t, complaint.id, complaint.nextDueOn);
    await this.audit.record(t.tx, options.actor ?? t.actor, {
      action,
      entityType: options.entity?.type ?? 'Complaint',
      entityId: options.entity?.id ?? complaint.id,
      complaintId: complaint.id,
      caseId: complaint.caseId,
      change: { ...changed, ...options.detail },
    });
    return complaint;
  }

  /**
   * RESPONDED → CLOSED automatically once every court notification and report correction is done
   * (SPEC "Statuses"). Referrals, learning points and recommendations do not hold it open.
   */
  async closeIfDone(t: WriteContext, complaint: Complaint): Promise<Complaint> {
    if (!canTake('close', complaint.status)) return complaint;
    const { notifications, corrections } = await this.deadlines.openCourtActions(t.tx, complaint.id);
    if (notifications.length + corrections.length > 0) return complaint;
    return this.update(
      t,
      complaint,
      { status: transition('close', complaint.status), closedAt: t.now() },
      'complaint.closed',
      {
        edit: false,
        actor: SYSTEM,
        detail: { cause: 'the response is sent and every court action is done' },
      },
    );
  }
}
