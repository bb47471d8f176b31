/** The response (SPEC §1.6–1.7): approval asked, the response sent, the deadline extended. */
import { In } from 'typeorm';
import {
  ComplaintAspect,
  Complaint,
  DeadlineExtension,
  Provider,
  ProviderEngagement,
  Response,
  Staff,
} from '../entities';
import type { WriteContext } from './mutation';
import type { NotificationService, Outgoing } from './notification.service';
import type { Recipients } from './recipients';

export class ResponseNotices {
  constructor(
    private readonly outbox: NotificationService,
    private readonly recipients: Recipients,
  ) {}

  async approvalRequested(t: WriteContext, complaint: Complaint, response: Response): Promise<void> {
    if (!response.approverId) return;
    const approver = await t.tx.getRepository(Staff).findOneByOrFail({ id: response.approverId });
    const key = `approval:${response.id}:${response.submittedAt?.getTime() ?? 0}`;
    await this.outbox.send(t, [
      this.recipients.staff(
        t,
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
    const conduct = await t.tx.getRepository(ComplaintAspect).find({ where: { complaintId: complaint.id } });
    const named = [
      ...new Set(
        [complaint.subjectStaffId, ...conduct.map((a) => a.staffId)].filter((id): id is string => Boolean(id)),
      ),
    ];
    const staff = named.length ? await t.tx.getRepository(Staff).findBy({ id: In(named) }) : [];
    const managers = [
      ...new Set(staff.map((s) => s.lineManagerId).filter((id): id is string => Boolean(id) && !named.includes(id!))),
    ];
    for (const manager of managers.length ? await t.tx.getRepository(Staff).findBy({ id: In(managers) }) : []) {
      out.push(
        this.recipients.staff(
          t,
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
            t,
            complaint,
            key,
            await t.tx.getRepository(Provider).findOneByOrFail({ id: providerId }),
            'provider-response-sent',
            this.recipients.base(t, complaint),
          ),
        );
      }
    }
    await this.outbox.send(t, out);
  }

  async extended(t: WriteContext, complaint: Complaint, extension: DeadlineExtension): Promise<void> {
    await this.outbox.send(t, [
      await this.recipients.complainant(t, complaint, `extension:${extension.id}`, 'extension', {
        newDueOn: extension.newDueOn,
        extensionReason: extension.reason,
      }),
    ]);
  }
}
