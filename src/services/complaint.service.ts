/** Reading complaints: one by id or reference, and the work queue (filtered, keyset-paginated). */
import type { SelectQueryBuilder } from 'typeorm';
import { Complaint } from '../entities';
import { isCalendarDate } from '../domain/calendar-date';
import type { AspectCategory, ComplaintStatus } from '../domain/enums';
import type { Context } from '../graphql/context';
import { decodeCursor, pageSize, toConnection, type Connection } from '../graphql/connection';
import { InputError } from '../graphql/errors';
import { isUuid, requireUuid } from './ids';

export enum ComplaintOrder {
  /** Earliest next due date first, complaints with nothing due last (the CST work queue). */
  NEXT_DUE_ON = 'NEXT_DUE_ON',
  RECEIVED_AT = 'RECEIVED_AT',
  RECEIVED_AT_DESC = 'RECEIVED_AT_DESC',
}

export interface ComplaintFilterInput {
  status?: ComplaintStatus[] | null;
  serviceAreaId?: string | null;
  dueBefore?: string | null;
  assigneeId?: string | null;
  category?: AspectCategory | null;
  providerId?: string | null;
  childId?: string | null;
}

export interface ComplaintListArgs {
  filter?: ComplaintFilterInput | null;
  first?: number | null;
  after?: string | null;
  orderBy?: ComplaintOrder | null;
}

type Keyset = {
  arity: number;
  key: (c: Complaint) => unknown[];
  order: (qb: SelectQueryBuilder<Complaint>) => void;
  after: (qb: SelectQueryBuilder<Complaint>, key: unknown[]) => void;
};

function timestampKey(value: unknown): string {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw new InputError('after is not a cursor from this list', 'after');
  return value;
}

function idKey(value: unknown): string {
  if (typeof value !== 'string' || !isUuid(value)) throw new InputError('after is not a cursor from this list', 'after');
  return value;
}

const KEYSETS: Record<ComplaintOrder, Keyset> = {
  [ComplaintOrder.NEXT_DUE_ON]: {
    arity: 2,
    key: (c) => [c.nextDueOn, c.id],
    order: (qb) => qb.orderBy('c.nextDueOn', 'ASC', 'NULLS LAST').addOrderBy('c.id', 'ASC'),
    after: (qb, [due, id]) => {
      if (due === null) {
        qb.andWhere('c.next_due_on IS NULL AND c.id > :afterId', { afterId: idKey(id) });
      } else {
        if (typeof due !== 'string' || !isCalendarDate(due)) throw new InputError('after is not a cursor from this list', 'after');
        qb.andWhere(
          '(c.next_due_on > :afterDue OR (c.next_due_on = :afterDue AND c.id > :afterId) OR c.next_due_on IS NULL)',
          { afterDue: due, afterId: idKey(id) },
        );
      }
    },
  },
  [ComplaintOrder.RECEIVED_AT]: {
    arity: 2,
    key: (c) => [c.receivedAt.toISOString(), c.id],
    order: (qb) => qb.orderBy('c.receivedAt', 'ASC').addOrderBy('c.id', 'ASC'),
    after: (qb, [at, id]) => qb.andWhere('(c.received_at, c.id) > (:afterAt, :afterId)', { afterAt: timestampKey(at), afterId: idKey(id) }),
  },
  [ComplaintOrder.RECEIVED_AT_DESC]: {
    arity: 2,
    key: (c) => [c.receivedAt.toISOString(), c.id],
    order: (qb) => qb.orderBy('c.receivedAt', 'DESC').addOrderBy('c.id', 'DESC'),
    after: (qb, [at, id]) => qb.andWhere('(c.received_at, c.id) < (:afterAt, :afterId)', { afterAt: timestampKey(at), afterId: idKey(id) }),
  },
};

function applyFilter(qb: SelectQueryBuilder<Complaint>, filter: ComplaintFilterInput): void {
  if (filter.status?.length) qb.andWhere('c.status IN (:...status)', { status: filter.status });
  if (filter.serviceAreaId) qb.andWhere('c.service_area_id = :serviceAreaId', { serviceAreaId: requireUuid(filter.serviceAreaId, 'filter.serviceAreaId') });
  if (filter.assigneeId) qb.andWhere('c.assignee_id = :assigneeId', { assigneeId: requireUuid(filter.assigneeId, 'filter.assigneeId') });
  if (filter.dueBefore) {
    if (!isCalendarDate(filter.dueBefore)) throw new InputError('filter.dueBefore must be a date (YYYY-MM-DD)', 'filter.dueBefore');
    qb.andWhere('c.next_due_on < :dueBefore', { dueBefore: filter.dueBefore });
  }
  if (filter.category) {
    qb.andWhere('EXISTS (SELECT 1 FROM complaint_aspects a WHERE a.complaint_id = c.id AND a.category = :category)', { category: filter.category });
  }
  if (filter.providerId) {
    qb.andWhere('EXISTS (SELECT 1 FROM complaint_aspects p WHERE p.complaint_id = c.id AND p.provider_id = :providerId)', {
      providerId: requireUuid(filter.providerId, 'filter.providerId'),
    });
  }
  if (filter.childId) {
    qb.andWhere('EXISTS (SELECT 1 FROM children ch WHERE ch.id = :childId AND ch.case_id = c.case_id)', {
      childId: requireUuid(filter.childId, 'filter.childId'),
    });
  }
}

export class ComplaintService {
  /** By id or reference; null when unknown. */
  async findOne(ctx: Context, where: { id?: string | null; reference?: string | null }): Promise<Complaint | null> {
    if ((where.id ? 1 : 0) + (where.reference ? 1 : 0) !== 1) throw new InputError('give exactly one of id and reference', where.id ? 'reference' : 'id');
    if (where.id) return isUuid(where.id) ? ctx.loaders.complaint.load(where.id) : null;
    return ctx.em.getRepository(Complaint).findOne({ where: { reference: where.reference! } });
  }

  async list(ctx: Context, args: ComplaintListArgs): Promise<Connection<Complaint>> {
    const limit = pageSize(args.first, ctx.config.maxPageSize);
    const keyset = KEYSETS[args.orderBy ?? ComplaintOrder.NEXT_DUE_ON];
    const filtered = ctx.em.getRepository(Complaint).createQueryBuilder('c');
    applyFilter(filtered, args.filter ?? {});
    const page = filtered.clone();
    if (args.after) keyset.after(page, decodeCursor(args.after, keyset.arity));
    keyset.order(page);
    const rows = limit === 0 ? [] : await page.limit(limit + 1).getMany();
    for (const row of rows) ctx.loaders.complaint.prime(row.id, row);
    return toConnection(rows, limit, Boolean(args.after), keyset.key, () => filtered.getCount());
  }
}
