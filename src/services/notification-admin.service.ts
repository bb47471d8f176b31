/**
 * What people do with notifications: list them (the dead letters among them), send a failed one
 * again, record a letter as posted.
 */
import { NotificationStatus, type NotificationChannel, type RecipientKind } from '../domain/enums';
import { InputError } from '../domain/input-error';
import { TEMPLATES } from '../integrations/templates/templates';
import { requireId } from './ids';
import { londonDays } from './list-filters';
import { UserErrorCode, fail, noSuch } from '../domain/problems';
import { isId } from '../domain/validation';
import { Notification } from '../entities';
import type { SqlParams } from '../db/entity-sql';
import type { Context } from './context';
import type { Selection } from '../read/look-ahead';
import { QUEUES } from '../integrations/queue/job-queue';
import { AuditService } from './audit.service';
import { DeliveryEffects } from './delivery-effects.service';
import { columnKeyset, cursorPart, keysetPage, type PageArgs } from '../read/keyset-page';
import type { TxContext } from './mutation';

export interface NotificationFilterInput {
  status?: NotificationStatus | null;
  complaintId?: string | null;
  channel?: NotificationChannel | null;
  recipientKind?: RecipientKind | null;
  template?: string | null;
  /** Created on or after this London date. */
  from?: string | null;
  /** Created on or before this London date. */
  to?: string | null;
}

export interface NotificationListArgs extends PageArgs {
  filter?: NotificationFilterInput | null;
}

function conditions(filter: NotificationFilterInput, p: SqlParams): string[] {
  const where: string[] = [];
  if (filter.status) where.push(`t.status = ${p.p(filter.status)}`);
  if (filter.complaintId) where.push(`t.complaint_id = ${p.p(requireId(filter.complaintId, 'filter.complaintId'))}`);
  if (filter.channel) where.push(`t.channel = ${p.p(filter.channel)}`);
  if (filter.recipientKind) where.push(`t.recipient_kind = ${p.p(filter.recipientKind)}`);
  if (filter.template) {
    if (!(filter.template in TEMPLATES))
      throw new InputError(`filter.template must be one of ${Object.keys(TEMPLATES).join(', ')}`, 'filter.template');
    where.push(`t.template = ${p.p(filter.template)}`);
  }
  where.push(...londonDays('t.created_at', filter, { from: 'filter.from', to: 'filter.to' }, p));
  return where;
}

const NEWEST_FIRST = columnKeyset<Notification>('t', 'created_at', 'DESC', 'createdAt', cursorPart.timestamp);

export class NotificationAdminService {
  constructor(
    private readonly audit: AuditService,
    private readonly effects: DeliveryEffects,
  ) {}

  list(ctx: Context, args: NotificationListArgs, selection: Selection) {
    const filter = (p: SqlParams) => conditions(args.filter ?? {}, p);
    return keysetPage(ctx, { type: Notification, keyset: NEWEST_FIRST, filter }, args, selection);
  }

  private async find(t: TxContext, id: string): Promise<Notification> {
    const n = isId(id)
      ? await t.tx.getRepository(Notification).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } })
      : null;
    if (!n) fail(UserErrorCode.NOT_FOUND, 'input.notificationId', noSuch('notification', id));
    return n;
  }

  /** A FAILED notification goes back to PENDING with a new delivery job. */
  async retry(t: TxContext, notificationId: string): Promise<Notification> {
    const n = await this.find(t, notificationId);
    if (n.status !== NotificationStatus.FAILED)
      fail(
        UserErrorCode.CONFLICT,
        'input.notificationId',
        `only a FAILED notification is retried; this one is ${n.status}`,
      );
    await t.tx.getRepository(Notification).update(n.id, { status: NotificationStatus.PENDING });
    n.status = NotificationStatus.PENDING;
    await t.outbox.enqueue(
      t.tx,
      QUEUES.delivery,
      { notificationId: n.id },
      { singletonKey: `notification:${n.id}:retry:${n.attempts}` },
    );
    await this.audit.record(t.tx, t.actor, {
      action: 'notification.retried',
      entityType: 'Notification',
      entityId: n.id,
      complaintId: n.complaintId,
      change: { status: { from: NotificationStatus.FAILED, to: NotificationStatus.PENDING }, lastError: n.lastError },
    });
    return n;
  }

  /** The printed letter went in the post: the notification is sent, and what it stands for is done. */
  async recordPosted(t: TxContext, notificationId: string): Promise<Notification> {
    const n = await this.find(t, notificationId);
    if (n.status !== NotificationStatus.AWAITING_POST)
      fail(
        UserErrorCode.CONFLICT,
        'input.notificationId',
        `only a letter AWAITING_POST is recorded as posted; this one is ${n.status}`,
      );
    const at = t.now();
    await t.tx.getRepository(Notification).update(n.id, { status: NotificationStatus.SENT, sentAt: at });
    Object.assign(n, { status: NotificationStatus.SENT, sentAt: at });
    await this.effects.apply(t, n.payload.effect ?? {}, at);
    await this.audit.record(t.tx, t.actor, {
      action: 'letter.posted',
      entityType: 'Notification',
      entityId: n.id,
      complaintId: n.complaintId,
      change: { status: { from: NotificationStatus.AWAITING_POST, to: NotificationStatus.SENT } },
    });
    return n;
  }
}
