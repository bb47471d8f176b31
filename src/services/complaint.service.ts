/** Reading complaints: one by id or reference, and the work queue (filtered, keyset-paginated). */
import { Complaint } from '../entities';
import { isCalendarDate } from '../domain/calendar-date';
import type { AspectCategory, ComplaintStatus } from '../domain/enums';
import { SqlParams } from '../db/entity-sql';
import type { Context } from '../graphql/context';
import { decodeCursor, pageSize, toConnection, type Connection } from '../graphql/connection';
import { InputError } from '../graphql/errors';
import { countRows, fetchWithRelations, type RelationTree } from '../graphql/look-ahead';
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

const BAD_CURSOR = () => new InputError('after is not a cursor from this list', 'after');

function idKey(value: unknown): string {
  if (typeof value !== 'string' || !isUuid(value)) throw BAD_CURSOR();
  return value;
}

function timestampKey(value: unknown): string {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw BAD_CURSOR();
  return value;
}

/** A keyset ordering: the cursor is the sort key of the last row of the page. */
interface Keyset {
  key: (c: Complaint) => unknown[];
  orderBy: string;
  after: (key: unknown[], p: SqlParams) => string;
}

const KEYSETS: Record<ComplaintOrder, Keyset> = {
  [ComplaintOrder.NEXT_DUE_ON]: {
    key: (c) => [c.nextDueOn, c.id],
    orderBy: 'c.next_due_on ASC NULLS LAST, c.id ASC',
    after: ([due, id], p) => {
      if (due === null) return `(c.next_due_on IS NULL AND c.id > ${p.p(idKey(id))})`;
      if (typeof due !== 'string' || !isCalendarDate(due)) throw BAD_CURSOR();
      const d = p.p(due);
      return `(c.next_due_on > ${d} OR (c.next_due_on = ${d} AND c.id > ${p.p(idKey(id))}) OR c.next_due_on IS NULL)`;
    },
  },
  [ComplaintOrder.RECEIVED_AT]: {
    key: (c) => [c.receivedAt.toISOString(), c.id],
    orderBy: 'c.received_at ASC, c.id ASC',
    after: ([at, id], p) => `(c.received_at, c.id) > (${p.p(timestampKey(at))}::timestamptz, ${p.p(idKey(id))}::uuid)`,
  },
  [ComplaintOrder.RECEIVED_AT_DESC]: {
    key: (c) => [c.receivedAt.toISOString(), c.id],
    orderBy: 'c.received_at DESC, c.id DESC',
    after: ([at, id], p) => `(c.received_at, c.id) < (${p.p(timestampKey(at))}::timestamptz, ${p.p(idKey(id))}::uuid)`,
  },
};

function conditions(filter: ComplaintFilterInput, p: SqlParams): string[] {
  const where: string[] = [];
  if (filter.status?.length) where.push(`c.status = ANY(${p.p(filter.status)}::complaint_status[])`);
  if (filter.serviceAreaId)
    where.push(`c.service_area_id = ${p.p(requireUuid(filter.serviceAreaId, 'filter.serviceAreaId'))}`);
  if (filter.assigneeId) where.push(`c.assignee_id = ${p.p(requireUuid(filter.assigneeId, 'filter.assigneeId'))}`);
  if (filter.dueBefore) {
    if (!isCalendarDate(filter.dueBefore))
      throw new InputError('filter.dueBefore must be a date (YYYY-MM-DD)', 'filter.dueBefore');
    where.push(`c.next_due_on < ${p.p(filter.dueBefore)}`);
  }
  if (filter.category) {
    where.push(
      `EXISTS (SELECT 1 FROM complaint_aspects a WHERE a.complaint_id = c.id AND a.category = ${p.p(filter.category)})`,
    );
  }
  if (filter.providerId) {
    const provider = p.p(requireUuid(filter.providerId, 'filter.providerId'));
    where.push(
      `EXISTS (SELECT 1 FROM complaint_aspects a WHERE a.complaint_id = c.id AND a.provider_id = ${provider})`,
    );
  }
  if (filter.childId) {
    const child = p.p(requireUuid(filter.childId, 'filter.childId'));
    where.push(`EXISTS (SELECT 1 FROM children ch WHERE ch.id = ${child} AND ch.case_id = c.case_id)`);
  }
  return where;
}

export class ComplaintService {
  /** By id or reference, with the selected relations; null when unknown. */
  async findOne(
    ctx: Context,
    where: { id?: string | null; reference?: string | null },
    relations: RelationTree = {},
  ): Promise<Complaint | null> {
    if ((where.id ? 1 : 0) + (where.reference ? 1 : 0) !== 1)
      throw new InputError('give exactly one of id and reference', where.id ? 'reference' : 'id');
    if (where.id && !isUuid(where.id)) return null;
    const params = new SqlParams();
    const condition = where.id ? `c.id = ${params.p(where.id)}` : `c.reference = ${params.p(where.reference)}`;
    const [complaint] = await fetchWithRelations(ctx, Complaint, 'c', relations, { where: [condition], params });
    if (complaint) ctx.loaders.complaint.prime(complaint.id, complaint);
    return complaint ?? null;
  }

  /** A page of the work queue with the selected relations in one statement; the count only if asked. */
  async list(ctx: Context, args: ComplaintListArgs, relations: RelationTree = {}): Promise<Connection<Complaint>> {
    const limit = pageSize(args.first, ctx.config.maxPageSize);
    const keyset = KEYSETS[args.orderBy ?? ComplaintOrder.NEXT_DUE_ON];
    const filterParams = new SqlParams();
    const filtered = conditions(args.filter ?? {}, filterParams);
    const pageParams = filterParams.clone();
    const where = args.after ? [...filtered, keyset.after(decodeCursor(args.after, 2), pageParams)] : filtered;
    const rows =
      limit === 0
        ? []
        : await fetchWithRelations(ctx, Complaint, 'c', relations, {
            where,
            params: pageParams,
            orderBy: keyset.orderBy,
            limit: limit + 1,
          });
    for (const row of rows) ctx.loaders.complaint.prime(row.id, row);
    return toConnection(rows, limit, Boolean(args.after), keyset.key, () =>
      countRows(ctx, Complaint, 'c', { where: filtered, params: filterParams }),
    );
  }
}
