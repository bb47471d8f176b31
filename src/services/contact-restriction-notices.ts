/**
 * Contact restrictions (SPEC §1.11, §4): the complainant is told when one is recorded, reviewed or lifted
 * (what is limited, why, until when: their own restriction, SPEC §1.14), by email or else by letter; on
 * the review date the CST managers are reminded, with a complaint's reference, what to do and a link only.
 */
import type { ContactRestrictionPayload, RecordPayload } from '../domain/message-payload';
import { Complainant, type ContactRestriction } from '../entities';
import { present } from '../domain/problems';
import { complaintPath } from './links';
import type { WriteContext } from './mutation';
import type { NotificationService } from './notification.service';
import type { Recipients } from './recipients';

/**
 * A restriction is about a complainant, not one complaint: its messages go with the complainant's latest
 * complaint (every complainant has one: intake records them together), link to it, and the letters sent
 * are kept with it; staff find the restrictions there.
 */
async function latestComplaint(t: WriteContext, row: ContactRestriction): Promise<{ id: string; reference: string }> {
  const [latest] = await t.tx.query(
    `SELECT id, reference FROM complaints WHERE complainant_id = $1 ORDER BY received_at DESC, id DESC LIMIT 1`,
    [row.complainantId],
  );
  return present(latest, "the complainant's complaint");
}

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
    const latest = await latestComplaint(t, row);
    const payload: ContactRestrictionPayload = {
      ...this.recipients.record(t, complaintPath(latest.reference)),
      reference: latest.reference,
      complainantName: this.recipients.complainantName(c),
      restriction: row.restriction,
      reason: row.reason,
      reviewOn: row.reviewOn,
      ...extra,
    };
    await this.notifications.send(t, [this.recipients.toComplainant(c, latest.id, key, template, payload)]);
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
    const { reference } = await latestComplaint(t, row);
    const payload: RecordPayload = {
      ...this.recipients.record(
        t,
        complaintPath(reference),
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
