/**
 * Contact restrictions (SPEC §1.11, §4): the complainant is told when one is recorded, reviewed or lifted
 * (what is limited, why, until when: their own restriction, SPEC §1.14), by email or else by letter; on
 * the review date the CST managers are reminded, with a complaint's reference, what to do and a link only.
 */
import type { ContactRestrictionPayload, RecordPayload } from '../domain/message-payload';
import { Complainant, type ContactRestriction } from '../entities';
import { complaintPath } from './links';
import type { WriteContext } from './mutation';
import type { NotificationService } from './notification.service';
import type { Recipients } from './recipients';

/**
 * A restriction is about a complainant, not one complaint: its messages link to the complainant's latest
 * complaint (every complainant has one: intake records them together), where staff find their restrictions.
 */
async function latestComplaint(t: WriteContext, row: ContactRestriction): Promise<string | null> {
  const [latest] = await t.tx.query(
    `SELECT reference FROM complaints WHERE complainant_id = $1 ORDER BY received_at DESC, id DESC LIMIT 1`,
    [row.complainantId],
  );
  return latest?.reference ?? null;
}

const linkFor = (reference: string | null) => (reference ? complaintPath(reference) : '');

export class ContactRestrictionNotices {
  constructor(
    private readonly notifications: NotificationService,
    private readonly recipients: Recipients,
  ) {}

  private async toComplainant(
    t: WriteContext,
    row: ContactRestriction,
    key: string,
    template: 'contact-restricted' | 'contact-restriction-reviewed' | 'contact-restriction-lifted',
    extra: Partial<ContactRestrictionPayload> = {},
  ): Promise<void> {
    const c = await t.tx.getRepository(Complainant).findOneByOrFail({ id: row.complainantId });
    const payload: ContactRestrictionPayload = {
      ...this.recipients.record(t, linkFor(await latestComplaint(t, row))),
      complainantName: this.recipients.complainantName(c),
      restriction: row.restriction,
      reason: row.reason,
      reviewOn: row.reviewOn,
      ...extra,
    };
    await this.notifications.send(t, [this.recipients.toComplainant(c, null, key, template, payload)]);
  }

  recorded(t: WriteContext, row: ContactRestriction): Promise<void> {
    return this.toComplainant(t, row, `contact-restricted:${row.id}`, 'contact-restricted');
  }

  /** `reviewId` names this review (its audit event): a restriction may be reviewed many times. */
  reviewed(t: WriteContext, row: ContactRestriction, previousReviewOn: string, reviewId: string): Promise<void> {
    return this.toComplainant(t, row, `contact-restriction-reviewed:${reviewId}`, 'contact-restriction-reviewed', {
      previousReviewOn,
    });
  }

  lifted(t: WriteContext, row: ContactRestriction): Promise<void> {
    return this.toComplainant(t, row, `contact-restriction-lifted:${row.id}`, 'contact-restriction-lifted', {
      liftReason: row.liftReason,
    });
  }

  /** The review date has come: every CST manager, with the reference of the complainant's latest complaint. */
  async reviewDue(t: WriteContext, row: ContactRestriction): Promise<void> {
    const reference = await latestComplaint(t, row);
    const payload: RecordPayload = {
      ...this.recipients.record(
        t,
        linkFor(reference),
        'Review the restriction: keep it with a new review date, or lift it.',
        row.reviewOn,
      ),
      reference,
    };
    const managers = await this.recipients.cstManagers(t);
    await this.notifications.send(
      t,
      managers.map((m) =>
        this.recipients.staff(
          null,
          `contact-restriction-review:${row.id}:${row.reviewOn}`,
          m,
          'contact-restriction-review-due',
          payload,
        ),
      ),
    );
  }
}
