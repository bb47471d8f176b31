/**
 * `complaints(filter: { search })` (issue 15): the complaints one text finds, as a condition on the
 * work queue's alias `c`. It looks in any part of the reference and the case number, the
 * complainant's and the case's parties' names (typos tolerated: trigram similarity) and emails, and
 * the words of the summary (full-text search), each through an index (src/db/migrations/…-complaint-search.ts).
 * It only looks where the caller may read: rows through their row scope, fields as their role may (a
 * provider by the reference and the case number, the HR system by the reference alone), so a search
 * never tells a caller what it could not read.
 */
import { ROLE_SETS } from '../auth/role-sets';
import type { RowScope } from '../auth/row-scope';
import type { SqlParams } from '../db/entity-sql';
import { Complaint } from '../entities';
import { InputError } from '../domain/input-error';
import type { Role } from '../domain/enums';

export const SEARCH_MIN_LENGTH = 2;
export const SEARCH_MAX_LENGTH = 200;

/** `x ILIKE pattern` matches any part: the text's own % and _ are literal. */
export function anyPart(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The search text, trimmed, checked: a clear error naming the field when it cannot be searched for. */
export function searchText(search: string, field = 'filter.search'): string {
  const text = search.trim().replace(/\s+/g, ' ');
  if (text.length < SEARCH_MIN_LENGTH || text.length > SEARCH_MAX_LENGTH) {
    throw new InputError(
      `${field} must be ${SEARCH_MIN_LENGTH} to ${SEARCH_MAX_LENGTH} characters (not counting spaces at the ends)`,
      field,
    );
  }
  return text;
}

/**
 * The complaints the text finds, as a condition on `c`, for a caller of `role` reading through
 * `scope`, through `find_complaints` (migration ComplaintSearch: row-level security would keep these
 * operators off the tables' indexes). Names that only look like the text count when the caller can
 * read no complaint that has it as written: a name or an email found as typed is not drowned in the
 * thousands of names a little like it. The ids are then filtered by the caller's row scope, as every
 * row of the work queue is.
 */
export function searchCondition(search: string, role: Role, scope: RowScope, p: SqlParams): string {
  const text = searchText(search);
  const people = (ROLE_SETS.complaintReaders as readonly Role[]).includes(role);
  const caseNumbers = (ROLE_SETS.providerVisible as readonly Role[]).includes(role);
  const args = `${p.p(text)}::text, ${p.p(anyPart(text))}::text, ${people}, ${caseNumbers}`;
  const asWritten = `SELECT find_complaints(${args}, false)`;
  if (!people) return `c.id IN (${asWritten})`;
  const readable = scope.condition(Complaint, 'e', p);
  // One IN over both (an OR of two would keep PostgreSQL from joining the few ids found to the work queue);
  // the ids found as written are searched for once, and both used and checked from there.
  return (
    `c.id IN (WITH written AS MATERIALIZED (${asWritten} AS id) SELECT id FROM written ` +
    `UNION ALL SELECT find_complaints(${args}, true) WHERE NOT EXISTS (SELECT 1 FROM complaints e ` +
    `WHERE e.id IN (SELECT id FROM written)${readable === null ? '' : ` AND ${readable}`}))`
  );
}
