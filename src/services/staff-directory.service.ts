/**
 * The staff directory (issue 15): members of staff by name, role, service area or line manager, so a
 * frontend can pick a complaint's subject, an approver or a local manager without walking cases.
 * Alphabetical by surname; only those still with the service unless leavers are asked for. Row
 * scoping applies as to every read (an analyst finds only themself; providers may not ask).
 */
import { Staff } from '../entities';
import type { Role } from '../domain/enums';
import type { SqlParams } from '../db/entity-sql';
import { cursorPart, keysetPage, type Keyset, type PageArgs } from '../read/keyset-page';
import type { Selection } from '../read/look-ahead';
import type { Connection } from '../read/paging';
import type { Context } from './context';
import { requireId } from './ids';
import { anyPart, searchText } from './complaint-search';

export interface StaffFilterInput {
  /** Any part of the name or email, or a name close to it (typos tolerated). */
  search?: string | null;
  role?: Role[] | null;
  serviceAreaId?: string | null;
  lineManagerId?: string | null;
  /** Also those who have left (by default only staff still with the service). */
  includeLeavers?: boolean | null;
}

export interface StaffListArgs extends PageArgs {
  filter?: StaffFilterInput | null;
}

/** Surname, first name, id. */
const BY_NAME: Keyset<Staff> = {
  alias: 's',
  key: (s) => [s.lastName, s.firstName, s.id],
  reads: ['lastName', 'firstName'],
  parts: 3,
  orderBy: 's.last_name ASC, s.first_name ASC, s.id ASC',
  after: ([last, first, id], p) =>
    `(s.last_name, s.first_name, s.id) > (${p.p(cursorPart.text(last))}, ${p.p(cursorPart.text(first))}, ` +
    `${p.p(cursorPart.id(id))}::uuid)`,
};

/**
 * A member of staff like the text: any part of their name or email, or a name close to it (typos).
 * The staff table is small: it is read whole, no index needed.
 */
function nameLike(alias: string, q: string, pattern: string): string {
  const full = `(${alias}.first_name || ' ' || ${alias}.last_name)`;
  return (
    `${full} ILIKE ${pattern} OR ${full} % ${q} OR ${alias}.first_name % ${q} OR ${alias}.last_name % ${q} ` +
    `OR ${alias}.email ILIKE ${pattern}`
  );
}

function conditions(filter: StaffFilterInput, p: SqlParams): string[] {
  const where: string[] = [];
  if (!filter.includeLeavers) where.push('s.active');
  if (filter.role?.length) where.push(`s.role = ANY(${p.p(filter.role)}::role[])`);
  if (filter.serviceAreaId)
    where.push(`s.service_area_id = ${p.p(requireId(filter.serviceAreaId, 'filter.serviceAreaId'))}`);
  if (filter.lineManagerId)
    where.push(`s.line_manager_id = ${p.p(requireId(filter.lineManagerId, 'filter.lineManagerId'))}`);
  if (filter.search != null) {
    const text = searchText(filter.search, 'filter.search');
    where.push(`(${nameLike('s', `${p.p(text)}::text`, `${p.p(anyPart(text))}::text`)})`);
  }
  return where;
}

export class StaffDirectoryService {
  list(ctx: Context, args: StaffListArgs, selection: Selection): Promise<Connection<Staff>> {
    const filter = (p: SqlParams) => conditions(args.filter ?? {}, p);
    return keysetPage(ctx, { type: Staff, keyset: BY_NAME, filter }, args, selection);
  }
}
