/** The court is told (SPEC §1.5, §4) when a court notification falls due to be sent. */
import { Complaint, CourtNotification } from '../entities';
import type { WriteContext } from './mutation';
import type { NotificationService } from './notification.service';
import type { Recipients } from './recipients';

export class CourtNotices {
  constructor(
    private readonly notifications: NotificationService,
    private readonly recipients: Recipients,
  ) {}

  /** A court notification is delivered when it falls due to be sent: at once, or with the response. */
  async courtNotification(t: WriteContext, complaint: Complaint, notification: CourtNotification): Promise<void> {
    const withResponse = notification.reason === 'PROFESSIONAL_JUDGEMENT';
    const sent = withResponse ? await this.recipients.sentResponse(t, complaint.id) : null;
    const text = this.recipients.responseText(sent);
    const reasons: Record<string, string> = {
      PROFESSIONAL_JUDGEMENT:
        'it concerns the professional judgement of the officer; the complaint and our response follow',
      FACTUAL_ERROR: 'it identifies a factual error in what the court was told',
      STAFF_CONDUCT: "it concerns the conduct of the officer, drawn to the court's attention",
      CHILD_COMPLAINT: 'a child in the proceedings has complained; this is what we are doing about it',
    };
    const key = withResponse ? `response-sent:${sent?.id ?? notification.id}` : `court-notification:${notification.id}`;
    await this.notifications.send(t, [
      await this.recipients.court(t, complaint, key, notification.courtId, reasons[notification.reason], text, {
        courtNotificationId: notification.id,
      }),
    ]);
  }
}
