/** The response (SPEC §1.6–1.7): approval asked, the response sent, the deadline extended. */

import { Complaint, DeadlineExtension, Provider, ProviderEngagement, Response, Staff } from '../entities';
import type { WriteContext } from './mutation';
import type { NotificationService, Outgoing } from './notification.service';
import type { Recipients } from './recipients';
import { theirLineManagers } from './complaint-people';

export class ResponseNotices {
  constructor(
    private readonly notifications: NotificationService,
    private readonly recipients: Recipients,
  ) {}

  async approvalRequested(t: WriteContext, complaint: Complaint, response: Response): Promise<void> {
    if (!response.approverId) return;
    const approver = await t.tx.getRepository(Staff).findOneByOrFail({ id: response.approverId });
    const key = `approval:${response.id}:${response.submittedAt?.getTime() ?? 0}`;
    await this.notifications.send(t, [
      this.recipients.staff(
        complaint,
        key,
        approver,
        'approval-requested',
        this.recipients.base(
          t,
          complaint,
          'Approve the response, or return it with your comments.',
          complaint.responseDueOn,
        ),
      ),
    ]);
  }

  /**
   * Response sent: the complainant (in full); the line manager of each staff member named (a copy);
   * a joint response's provider.
   */
  async responseSent(t: WriteContext, complaint: Complaint, response: Response): Promise<void> {
    const key = `response-sent:${response.id}`;
    const out: Outgoing[] = [
      await this.recipients.complainant(t, complaint, key, 'response', {
        responseText: this.recipients.responseText(response),
      }),
    ];
    for (const manager of await theirLineManagers(t.tx, complaint)) {
      out.push(
        this.recipients.staff(
          complaint,
          key,
          manager,
          'response-copy',
          this.recipients.base(t, complaint, 'Read the complaint and the response; share the learning with your team.'),
        ),
      );
    }
    if (response.joint) {
      const engagements = await t.tx.getRepository(ProviderEngagement).findBy({ complaintId: complaint.id });
      for (const providerId of new Set(engagements.map((e) => e.providerId))) {
        out.push(
          this.recipients.provider(
            complaint,
            key,
            await t.tx.getRepository(Provider).findOneByOrFail({ id: providerId }),
            'provider-response-sent',
            this.recipients.base(t, complaint),
          ),
        );
      }
    }
    await this.notifications.send(t, out);
  }

  async extended(t: WriteContext, complaint: Complaint, extension: DeadlineExtension): Promise<void> {
    await this.notifications.send(t, [
      await this.recipients.complainant(t, complaint, `extension:${extension.id}`, 'extension', {
        newDueOn: extension.newDueOn,
        extensionReason: extension.reason,
      }),
    ]);
  }
}
