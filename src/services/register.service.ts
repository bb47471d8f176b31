/** Lists kept beside complaints: compliments, learning points and referrals, newest or soonest first. */
import { SqlParams } from '../db/entity-sql';
import { isCalendarDate } from '../domain/calendar-date';
import { Compliment, LearningPoint, Notification, Referral } from '../entities';
import type { NotificationStatus } from '../domain/enums';
import type { Context } from '../graphql/context';
import { decodeCursor, pageSize, toConnection, type Connection } from '../graphql/connection';
import { InputError } from '../graphql/errors';
import { countRows, fetchWithRelations, type RelationTree } from '../graphql/look-ahead';
import { isUuid, requireUuid } from './ids';

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

const BAD_CURSOR = () => new InputError('after is not a cursor from this list', 'after');

/** A keyset page over (a sort column, id) of one table. */
async function page<T extends { id: string }>(
  ctx: Context,
  type: new () => T,
  args: PageArgs,
  relations: RelationTree,
  sort: { column: string; direction: 'ASC' | 'DESC'; key: (row: T) => string | null },
  filter: (p: SqlParams) => string[],
): Promise<Connection<T>> {
  const limit = pageSize(args.first, ctx.config.maxPageSize);
  const filterParams = new SqlParams();
  const where = filter(filterParams);
  const pageParams = filterParams.clone();
  const conditions = [...where];
  if (args.after) {
    const [value, id] = decodeCursor(args.after, 2);
    if (typeof value !== 'string' || typeof id !== 'string' || !isUuid(id)) throw BAD_CURSOR();
    const op = sort.direction === 'ASC' ? '>' : '<';
    conditions.push(`(t.${sort.column}, t.id) ${op} (${pageParams.p(value)}, ${pageParams.p(id)}::uuid)`);
  }
  const rows = limit === 0 ? [] : await fetchWithRelations(ctx, type, 't', relations, {
    where: conditions, params: pageParams, orderBy: `t.${sort.column} ${sort.direction}, t.id ${sort.direction}`, limit: limit + 1,
  });
  return toConnection(rows, limit, Boolean(args.after), (r) => [sort.key(r), r.id], () => countRows(ctx, type, 't', { where, params: filterParams }));
}

export class RegisterService {
  compliments(ctx: Context, args: PageArgs & { staffId?: string | null; from?: string | null; to?: string | null }, relations: RelationTree) {
    return page(ctx, Compliment, args, relations, { column: 'received_on', direction: 'DESC', key: (c) => c.receivedOn }, (p) => {
      const where: string[] = [];
      if (args.staffId) where.push(`t.staff_id = ${p.p(requireUuid(args.staffId, 'staffId'))}`);
      for (const [name, op] of [['from', '>='], ['to', '<=']] as const) {
        const value = args[name];
        if (!value) continue;
        if (!isCalendarDate(value)) throw new InputError(`${name} must be a date (YYYY-MM-DD)`, name);
        where.push(`t.received_on ${op} ${p.p(value)}`);
      }
      return where;
    });
  }

  learningPoints(ctx: Context, args: PageArgs & { open?: boolean | null; ownerId?: string | null }, relations: RelationTree) {
    return page(ctx, LearningPoint, args, relations, { column: 'due_on', direction: 'ASC', key: (l) => l.dueOn }, (p) => {
      const where: string[] = [];
      if (args.open === true) where.push('t.closed_on IS NULL');
      if (args.open === false) where.push('t.closed_on IS NOT NULL');
      if (args.ownerId) where.push(`t.owner_id = ${p.p(requireUuid(args.ownerId, 'ownerId'))}`);
      return where;
    });
  }

  notifications(ctx: Context, args: PageArgs & { status?: NotificationStatus | null }, relations: RelationTree) {
    return page(ctx, Notification, args, relations, { column: 'created_at', direction: 'DESC', key: (n) => n.createdAt.toISOString() }, (p) =>
      args.status ? [`t.status = ${p.p(args.status)}`] : [],
    );
  }

  referrals(ctx: Context, args: PageArgs & { staffId?: string | null; open?: boolean | null }, relations: RelationTree) {
    return page(ctx, Referral, args, relations, { column: 'created_at', direction: 'DESC', key: (r) => r.createdAt.toISOString() }, (p) => {
      const where: string[] = [];
      if (args.staffId) where.push(`t.staff_id = ${p.p(requireUuid(args.staffId, 'staffId'))}`);
      if (args.open === true) where.push('t.outcome IS NULL');
      if (args.open === false) where.push('t.outcome IS NOT NULL');
      return where;
    });
  }
}
