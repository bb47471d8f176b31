/** Compliments (SPEC §1.9, §4): the praised member of staff's line manager is told. */
import type { ComplimentPayload } from '../domain/message-payload';
import type { Compliment, Staff } from '../entities';
import { complimentPath } from './links';
import type { WriteContext } from './mutation';
import type { NotificationService } from './notification.service';
import type { Recipients } from './recipients';
import type { RoutingService } from './routing.service';

export class ComplimentNotices {
  constructor(
    private readonly notifications: NotificationService,
    private readonly recipients: Recipients,
    private readonly routing: RoutingService,
  ) {}

  /**
   * Their line manager at the time. No line manager (or one who has left) is nobody to tell, not an
   * error; and the praised member of staff is never told as their own manager.
   */
  async recorded(t: WriteContext, compliment: Compliment, staff: Staff): Promise<void> {
    const manager = await this.routing.lineManagerOf(t.tx, staff.id);
    if (!manager || !manager.active || manager.id === staff.id) return;
    const payload: ComplimentPayload = {
      ...this.recipients.record(
        t,
        complimentPath(compliment.id),
        'Read the compliment and pass the thanks on to them.',
      ),
      staffName: `${staff.firstName} ${staff.lastName}`,
      source: compliment.source,
      receivedOn: compliment.receivedOn,
    };
    await this.notifications.send(t, [
      this.recipients.staff(null, `compliment:${compliment.id}:line-manager`, manager, 'compliment-recorded', payload),
    ]);
  }
}
