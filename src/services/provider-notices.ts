/** Commissioned providers (SPEC §1.5, §4): asked for their side, chased, and the CST told when they answer. */
import { Complaint, Provider, ProviderEngagement } from '../entities';
import type { BasePayload } from '../domain/message-payload';
import type { WriteContext } from './mutation';
import type { NotificationService } from './notification.service';
import type { Recipients } from './recipients';

export class ProviderNotices {
  constructor(
    private readonly notifications: NotificationService,
    private readonly recipients: Recipients,
  ) {}

  /** Provider engagement: the provider is asked for its side. */
  async engagement(t: WriteContext, complaint: Complaint, engagement: ProviderEngagement): Promise<void> {
    const provider = await t.tx.getRepository(Provider).findOneByOrFail({ id: engagement.providerId });
    const payload = {
      ...this.recipients.base(
        t,
        complaint,
        'Give your side of the complaint through the partner API.',
        engagement.dueOn,
      ),
      providerEngagementId: engagement.id,
    } as BasePayload;
    await this.notifications.send(t, [
      this.recipients.provider(complaint, `engagement:${engagement.id}`, provider, 'provider-engagement', payload, {
        providerEngagementId: engagement.id,
      }),
    ]);
  }

  /** The provider gave its side: the CST. */
  async providerResponded(t: WriteContext, complaint: Complaint, engagement: ProviderEngagement): Promise<void> {
    const what =
      engagement.responseKind === 'JOINT'
        ? 'It is now the provider’s part of the draft response.'
        : engagement.responseKind === 'SEPARATE'
          ? 'It is recorded with the separate response.'
          : 'Record whether it is a joint or separate response.';
    const payload = this.recipients.base(
      t,
      complaint,
      `The provider has given its side. ${what}`,
      complaint.responseDueOn,
    );
    await this.notifications.send(t, [
      await this.recipients.cst(
        t,
        complaint,
        `provider-responded:${engagement.id}:${engagement.respondedAt?.getTime() ?? 0}`,
        'provider-responded',
        payload,
      ),
    ]);
  }

  /** A provider that has not answered: reminded (twice), then the CST managers are told. */
  async providerChase(
    t: WriteContext,
    complaint: Complaint,
    engagement: ProviderEngagement,
    step: number,
  ): Promise<void> {
    const key = `provider-chase:${engagement.id}:${step}`;
    if (step <= 2) {
      const provider = await t.tx.getRepository(Provider).findOneByOrFail({ id: engagement.providerId });
      const payload = {
        ...this.recipients.base(
          t,
          complaint,
          `Reminder ${step}: give your side of the complaint through the partner API.`,
          engagement.dueOn,
        ),
        providerEngagementId: engagement.id,
      } as BasePayload;
      await this.notifications.send(t, [this.recipients.provider(complaint, key, provider, 'provider-chase', payload)]);
      return;
    }
    const managers = await this.recipients.cstManagers(t);
    const payload = this.recipients.base(
      t,
      complaint,
      'The provider has not given its side after two reminders: contact the provider, or respond without it.',
      engagement.dueOn,
    );
    await this.notifications.send(
      t,
      managers.map((m) => this.recipients.staff(complaint, key, m, 'provider-escalation', payload)),
    );
  }
}
