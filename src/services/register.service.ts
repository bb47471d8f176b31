/** Lists kept beside complaints: compliments, learning points and referrals, newest or soonest first. */
import { isCalendarDate } from '../domain/calendar-date';
import { Compliment, LearningPoint, Notification, Referral } from '../entities';
import type { NotificationStatus } from '../domain/enums';
import type { Context } from '../graphql/context';
import { InputError } from '../graphql/errors';
import type { RelationTree } from '../graphql/look-ahead';
import { keysetPage, type PageArgs } from './keyset-page';
import { requireUuid } from './ids';

export class RegisterService {
  compliments(
    ctx: Context,
    args: PageArgs & { staffId?: string | null; from?: string | null; to?: string | null },
    relations: RelationTree,
  ) {
    return keysetPage(
      ctx,
      Compliment,
      args,
      relations,
      { column: 'received_on', direction: 'DESC', key: (c) => c.receivedOn },
      (p) => {
        const where: string[] = [];
        if (args.staffId) where.push(`t.staff_id = ${p.p(requireUuid(args.staffId, 'staffId'))}`);
        for (const [name, op] of [
          ['from', '>='],
          ['to', '<='],
        ] as const) {
          const value = args[name];
          if (!value) continue;
          if (!isCalendarDate(value)) throw new InputError(`${name} must be a date (YYYY-MM-DD)`, name);
          where.push(`t.received_on ${op} ${p.p(value)}`);
        }
        return where;
      },
    );
  }

  learningPoints(
    ctx: Context,
    args: PageArgs & { open?: boolean | null; ownerId?: string | null },
    relations: RelationTree,
  ) {
    return keysetPage(
      ctx,
      LearningPoint,
      args,
      relations,
      { column: 'due_on', direction: 'ASC', key: (l) => l.dueOn },
      (p) => {
        const where: string[] = [];
        if (args.open === true) where.push('t.closed_on IS NULL');
        if (args.open === false) where.push('t.closed_on IS NOT NULL');
        if (args.ownerId) where.push(`t.owner_id = ${p.p(requireUuid(args.ownerId, 'ownerId'))}`);
        return where;
      },
    );
  }

  notifications(ctx: Context, args: PageArgs & { status?: NotificationStatus | null }, relations: RelationTree) {
    return keysetPage(
      ctx,
      Notification,
      args,
      relations,
      { column: 'created_at', direction: 'DESC', key: (n) => n.createdAt.toISOString() },
      (p) => (args.status ? [`t.status = ${p.p(args.status)}`] : []),
    );
  }

  referrals(
    ctx: Context,
    args: PageArgs & { staffId?: string | null; open?: boolean | null },
    relations: RelationTree,
  ) {
    return keysetPage(
      ctx,
      Referral,
      args,
      relations,
      { column: 'created_at', direction: 'DESC', key: (r) => r.createdAt.toISOString() },
      (p) => {
        const where: string[] = [];
        if (args.staffId) where.push(`t.staff_id = ${p.p(requireUuid(args.staffId, 'staffId'))}`);
        if (args.open === true) where.push('t.outcome IS NULL');
        if (args.open === false) where.push('t.outcome IS NOT NULL');
        return where;
      },
    );
  }
}
