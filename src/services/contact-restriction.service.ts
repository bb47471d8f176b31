/**
 * Contact restrictions (§3.4–3.5, SPEC §1.11): a CST manager limits contact with a complainant until a
 * review date, reviews it (a new date) or lifts it. The complainant is told each time; on the review
 * date the CST managers are reminded by a delayed job, which checks when it fires that the restriction
 * is still in force and still due for review that day (a lifted or re-dated restriction's job does nothing).
 */
import { londonDate, londonInstant, type CalendarDate } from '../domain/calendar-date';
import { Problems, UserErrorCode, fail, present } from '../domain/problems';
import { LONG_TEXT, dateAfter, requiredText } from '../domain/validation';
import { Complainant, ContactRestriction } from '../entities';
import { QUEUES } from '../integrations/queue/job-queue';
import type { AuditService } from './audit.service';
import type { ContactRestrictionNotices } from './contact-restriction-notices';
import type { TxContext, WriteContext } from './mutation';
import { mustFind } from './referenced';

export interface RestrictContactInput {
  complainantId: string;
  restriction: string;
  reason: string;
  reviewOn: string;
}

export interface ReviewContactRestrictionInput {
  restrictionId: string;
  reviewOn: string;
  note: string;
}

export interface LiftContactRestrictionInput {
  restrictionId: string;
  reason: string;
}

/** The delayed job of a review date: `{ restrictionId, reviewOn }`. */
export interface ContactReviewJob {
  restrictionId: string;
  reviewOn: CalendarDate;
}

/** Review reminders go out at 07:00 London time, like deadline alerts. */
const REVIEW_HOUR = 7;

const RESTRICTION = { field: 'input.restrictionId', what: 'contact restriction' };

/** A review date: after today, and given. */
function reviewDate(problems: Problems, value: string | null | undefined, today: CalendarDate): CalendarDate | null {
  const review = dateAfter(problems, 'input.reviewOn', value, today, 'today');
  if (!value) problems.add(UserErrorCode.INVALID, 'input.reviewOn', 'a restriction has a review date');
  return review;
}

export class ContactRestrictionService {
  constructor(
    private readonly audit: AuditService,
    private readonly notices: ContactRestrictionNotices,
  ) {}

  /** A CST manager limits contact (§3.4–3.5); the complainant is told; reviewed by the date given. */
  async restrict(t: TxContext, input: RestrictContactInput): Promise<ContactRestriction> {
    const complainant = await mustFind(t.tx, Complainant, input.complainantId, {
      field: 'input.complainantId',
      what: 'complainant',
    });
    const problems = new Problems();
    const restriction = requiredText(problems, 'input.restriction', input.restriction, LONG_TEXT);
    const reason = requiredText(problems, 'input.reason', input.reason, LONG_TEXT);
    const review = reviewDate(problems, input.reviewOn, t.today);
    problems.throwIfAny();
    const reviewOn = present(review, 'input.reviewOn');
    const repository = t.tx.getRepository(ContactRestriction);
    const row = await repository.save(
      repository.create({
        complainantId: complainant.id,
        restriction,
        reason,
        reviewOn,
        recordedById: t.identity.staffId,
      }),
    );
    // The audit trail names what changed, not the text: these events are in no complaint's chain, so
    // anonymisation could not redact it (the text itself is anonymised with the complainant).
    await this.audit.record(t.tx, t.actor, {
      action: 'contact.restricted',
      entityType: 'ContactRestriction',
      entityId: row.id,
      change: { complainantId: complainant.id, reviewOn },
    });
    await this.notices.recorded(t, row);
    await this.scheduleReview(t, row);
    return row;
  }

  /** Kept after a review until a new review date (the reviewer's note stays internal); the complainant is told. */
  async review(t: TxContext, input: ReviewContactRestrictionInput): Promise<ContactRestriction> {
    const row = await this.inForce(t, input.restrictionId);
    const problems = new Problems();
    const note = requiredText(problems, 'input.note', input.note, LONG_TEXT);
    const review = reviewDate(problems, input.reviewOn, t.today);
    if (review && review === row.reviewOn)
      problems.add(UserErrorCode.INVALID, 'input.reviewOn', `the restriction is already to be reviewed on ${review}`);
    problems.throwIfAny();
    const previous = row.reviewOn;
    const reviewOn = present(review, 'input.reviewOn');
    const reviewedAt = t.now();
    await t.tx.getRepository(ContactRestriction).update(row.id, { reviewOn, reviewedAt, reviewNote: note });
    const event = await this.audit.record(t.tx, t.actor, {
      action: 'contact-restriction.reviewed',
      entityType: 'ContactRestriction',
      entityId: row.id,
      change: { reviewOn: { from: previous, to: reviewOn }, reviewedAt: { from: row.reviewedAt, to: reviewedAt } },
    });
    const reviewed = Object.assign(row, { reviewOn, reviewedAt, reviewNote: note });
    await this.notices.reviewed(t, reviewed, previous, event.id);
    await this.scheduleReview(t, reviewed);
    return reviewed;
  }

  /** Ends the restriction; the complainant is told (with the reason); its review reminder will do nothing. */
  async lift(t: TxContext, input: LiftContactRestrictionInput): Promise<ContactRestriction> {
    const row = await this.inForce(t, input.restrictionId);
    const problems = new Problems();
    const liftReason = requiredText(problems, 'input.reason', input.reason, LONG_TEXT);
    problems.throwIfAny();
    const lift = { liftedAt: t.now(), liftedById: t.identity.staffId, liftReason };
    await t.tx.getRepository(ContactRestriction).update(row.id, lift);
    await this.audit.record(t.tx, t.actor, {
      action: 'contact-restriction.lifted',
      entityType: 'ContactRestriction',
      entityId: row.id,
      change: { liftedAt: { from: null, to: lift.liftedAt }, liftedById: { from: null, to: lift.liftedById } },
    });
    const lifted = Object.assign(row, lift);
    await this.notices.lifted(t, lifted);
    return lifted;
  }

  /** The review job fired: remind the CST managers if it is still in force and still due for review that day. */
  async fireReview(t: WriteContext, job: ContactReviewJob): Promise<boolean> {
    const row = await t.tx
      .getRepository(ContactRestriction)
      .findOne({ where: { id: job.restrictionId }, lock: { mode: 'pessimistic_write' } });
    if (!row || row.liftedAt || row.reviewOn !== job.reviewOn || t.today < job.reviewOn) return false;
    await this.notices.reviewDue(t, row);
    return true;
  }

  /** The restriction an input names, locked: NOT_FOUND if none, CONFLICT once lifted. */
  private async inForce(t: TxContext, id: string): Promise<ContactRestriction> {
    const found = await mustFind(t.tx, ContactRestriction, id, RESTRICTION);
    const row = await t.tx
      .getRepository(ContactRestriction)
      .findOneOrFail({ where: { id: found.id }, lock: { mode: 'pessimistic_write' } });
    if (row.liftedAt)
      fail(UserErrorCode.CONFLICT, RESTRICTION.field, `the restriction was lifted on ${londonDate(row.liftedAt)}`);
    return row;
  }

  private async scheduleReview(t: WriteContext, row: ContactRestriction): Promise<void> {
    const job: ContactReviewJob = { restrictionId: row.id, reviewOn: row.reviewOn };
    await t.outbox.enqueue(t.tx, QUEUES.contactReview, job, {
      startAfter: londonInstant(row.reviewOn, REVIEW_HOUR),
      singletonKey: `contact-review:${row.id}:${row.reviewOn}`,
    });
  }
}
