/** Reading complaints: one by id or reference, and the work queue (filtered, keyset-paginated). */
import { Complaint } from '../entities';
import { londonDate } from '../domain/calendar-date';
import { dateArgument, londonDays } from './list-filters';
import { complaintSearch } from './complaint-search';
import type { AspectCategory, ComplaintStatus } from '../domain/enums';
import type { EnumDoc } from '../domain/enum-docs';
import { SqlParams } from '../db/entity-sql';
import type { Context } from './context';
import type { Connection } from '../read/paging';
import { InputError } from '../domain/input-error';
import { EVERY_COLUMN, fetchWithRelations, type Selection } from '../read/look-ahead';
import { isId } from '../domain/validation';
import { requireId } from './ids';
import { columnKeyset, cursorPart, keysetPage, type Keyset, type PageArgs } from '../read/keyset-page';

export enum ComplaintOrder {
  NEXT_DUE_ON = 'NEXT_DUE_ON',
  RECEIVED_AT = 'RECEIVED_AT',
  RECEIVED_AT_DESC = 'RECEIVED_AT_DESC',
}

/** What each order means, for the graph (src/graphql/register-enums.ts). */
export const COMPLAINT_ORDER_DOCS: EnumDoc<ComplaintOrder> = {
  description: 'Orders of the complaints list; ties are broken by id, so that cursors carry on exactly.',
  values: {
    NEXT_DUE_ON:
      'The work queue (the default): earliest nextDueOn first, complaints with nothing due last (SPEC "Deadline ' +
      'arithmetic").',
    RECEIVED_AT: 'Oldest receivedAt first.',
    RECEIVED_AT_DESC: 'Newest receivedAt first.',
  },
};

export interface ComplaintFilterInput {
  status?: ComplaintStatus[] | null;
  serviceAreaId?: string | null;
  dueBefore?: string | null;
  assigneeId?: string | null;
  category?: AspectCategory | null;
  providerId?: string | null;
  childId?: string | null;
  /** Text found in the reference, case number, names, emails or summary (src/services/complaint-search.ts). */
  search?: string | null;
  /** No CST officer handles it. */
  unassigned?: boolean | null;
  /** The caller handles it. */
  assignedToMe?: boolean | null;
  /** Something open is past its due date (the next due date is before today). */
  overdue?: boolean | null;
  /** Received on or after this London date. */
  receivedFrom?: string | null;
  /** Received on or before this London date. */
  receivedTo?: string | null;
  /** Arrived by email, intake not completed (true), or not a draft (false). */
  draft?: boolean | null;
}

export interface ComplaintListArgs extends PageArgs {
  filter?: ComplaintFilterInput | null;
  orderBy?: ComplaintOrder | null;
}

/** The work queue's orders; the NEXT_DUE_ON order puts complaints with nothing due last. */
const KEYSETS: Record<ComplaintOrder, Keyset<Complaint>> = {
  [ComplaintOrder.NEXT_DUE_ON]: {
    alias: 'c',
    key: (c) => [c.nextDueOn, c.id],
    reads: ['nextDueOn'],
    parts: 2,
    orderBy: 'c.next_due_on ASC NULLS LAST, c.id ASC',
    after: ([due, id], p) => {
      const after = p.p(cursorPart.id(id));
      if (due === null) return `(c.next_due_on IS NULL AND c.id > ${after})`;
      const d = p.p(cursorPart.date(due));
      return `(c.next_due_on > ${d} OR (c.next_due_on = ${d} AND c.id > ${after}) OR c.next_due_on IS NULL)`;
    },
  },
  [ComplaintOrder.RECEIVED_AT]: columnKeyset('c', 'received_at', 'ASC', 'receivedAt', cursorPart.timestamp),
  [ComplaintOrder.RECEIVED_AT_DESC]: columnKeyset('c', 'received_at', 'DESC', 'receivedAt', cursorPart.timestamp),
};

/** Who is handling it: one officer, none, or the caller (at most one of these). */
function assignment(filter: ComplaintFilterInput, ctx: Context, p: SqlParams): string[] {
  const given = ['assigneeId', 'unassigned', 'assignedToMe'].filter((k) => filter[k as keyof ComplaintFilterInput]);
  if (given.length > 1)
    throw new InputError(`give at most one of filter.${given.join(', filter.')}`, `filter.${given[1]}`);
  if (filter.assigneeId) return [`c.assignee_id = ${p.p(requireId(filter.assigneeId, 'filter.assigneeId'))}`];
  if (filter.unassigned) return ['c.assignee_id IS NULL'];
  if (filter.assignedToMe) {
    const staffId = ctx.identity?.staffId;
    if (!staffId) throw new InputError('filter.assignedToMe is for members of staff', 'filter.assignedToMe');
    return [`c.assignee_id = ${p.p(staffId)}`];
  }
  return [];
}

const RECEIVED = { from: 'filter.receivedFrom', to: 'filter.receivedTo' };

function conditions(filter: ComplaintFilterInput, ctx: Context, p: SqlParams): string[] {
  const where: string[] = [
    ...assignment(filter, ctx, p),
    ...londonDays('c.received_at', { from: filter.receivedFrom, to: filter.receivedTo }, RECEIVED, p),
  ];
  if (filter.status?.length) where.push(`c.status = ANY(${p.p(filter.status)}::complaint_status[])`);
  if (filter.serviceAreaId)
    where.push(`c.service_area_id = ${p.p(requireId(filter.serviceAreaId, 'filter.serviceAreaId'))}`);
  if (filter.dueBefore) where.push(`c.next_due_on < ${p.p(dateArgument(filter.dueBefore, 'filter.dueBefore'))}`);
  if (filter.overdue) where.push(`c.next_due_on < ${p.p(londonDate(ctx.now()))}`);
  if (filter.category) {
    where.push(
      `EXISTS (SELECT 1 FROM complaint_aspects a WHERE a.complaint_id = c.id AND a.category = ${p.p(filter.category)})`,
    );
  }
  if (filter.providerId) {
    const provider = p.p(requireId(filter.providerId, 'filter.providerId'));
    where.push(
      `EXISTS (SELECT 1 FROM complaint_aspects a WHERE a.complaint_id = c.id AND a.provider_id = ${provider})`,
    );
  }
  if (filter.childId) {
    const child = p.p(requireId(filter.childId, 'filter.childId'));
    where.push(`EXISTS (SELECT 1 FROM children ch WHERE ch.id = ${child} AND ch.case_id = c.case_id)`);
  }
  if (filter.draft != null) where.push(filter.draft ? 'c.draft' : 'NOT c.draft');
  return where;
}

export class ComplaintService {
  /** By id or reference, with the selected relations; null when unknown. */
  async findOne(
    ctx: Context,
    where: { id?: string | null; reference?: string | null },
    selection: Selection = EVERY_COLUMN,
  ): Promise<Complaint | null> {
    if ((where.id ? 1 : 0) + (where.reference ? 1 : 0) !== 1)
      throw new InputError('give exactly one of id and reference', where.id ? 'reference' : 'id');
    if (where.id && !isId(where.id)) return null;
    const params = new SqlParams();
    const condition = where.id ? `c.id = ${params.p(where.id)}` : `c.reference = ${params.p(where.reference)}`;
    const [complaint] = await fetchWithRelations(ctx, Complaint, 'c', selection, { where: [condition], params });
    return complaint ?? null;
  }

  /** A page of the work queue with the selected relations in one statement; the count only if asked. */
  list(ctx: Context, args: ComplaintListArgs, selection: Selection = EVERY_COLUMN): Promise<Connection<Complaint>> {
    const order = args.orderBy ?? ComplaintOrder.NEXT_DUE_ON;
    const filter = (p: SqlParams) => conditions(args.filter ?? {}, ctx, p);
    const search = args.filter?.search;
    const ranked = search != null && ctx.identity ? complaintSearch(search, ctx.identity.role, ctx.scope, order) : null;
    return keysetPage(ctx, { type: Complaint, keyset: KEYSETS[order], filter, ranked }, args, selection);
  }
}
