/**
 * `complaints(filter: { search })` (issue 15): the complaints one text finds, in the work queue's
 * order. It looks in any part of the reference and the case number, the complainant's and the case's
 * parties' names (typos tolerated: a word of the names with a trigram word similarity of at least 0.3)
 * and emails, and the words of the summary (full-text search), each through an index
 * (src/db/migrations/…-complaint-search.ts and …-complaint-search-order.ts).
 * It only looks where the caller may read: rows through their row scope, fields as their role may (a
 * provider by the reference and the case number, the HR system by the reference alone), so a search
 * never tells a caller what it could not read.
 */
import { ROLE_SETS } from '../auth/role-sets';
import type { RowScope } from '../auth/row-scope';
import type { SqlParams } from '../db/entity-sql';
import type { Ranked } from '../read/keyset-page';
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

/** The work queue's orders, as `find_complaints_in_order` sorts by them (ComplaintOrder's values). */
export type SearchOrder = 'NEXT_DUE_ON' | 'RECEIVED_AT' | 'RECEIVED_AT_DESC';

/**
 * The complaints the text finds, for a caller of `role` reading through `scope`, through the
 * functions of migrations ComplaintSearch and ComplaintSearchOrder (row-level security would keep
 * these operators off the tables' indexes): for a page, the ids in the work queue's `order`, which
 * the page joins in that order until it has its rows (the caller's row scope and the other filters
 * apply to each, as to every row of the work queue); for a count, a condition on `c`. Names that
 * only look like the text count when the caller can read no complaint that has it as written: a name
 * or an email found as typed is not drowned in the thousands of names a little like it. For a caller
 * who may read every complaint the function decides that itself; for one with a row scope, which of
 * the ids found as written it may read is asked as they come, and stops at the first.
 */
export function complaintSearch(search: string, role: Role, scope: RowScope, order: SearchOrder): Ranked {
  const text = searchText(search);
  const people = (ROLE_SETS.complaintReaders as readonly Role[]).includes(role);
  const caseNumbers = (ROLE_SETS.providerVisible as readonly Role[]).includes(role);
  /**
   * The functions' arguments: the text, as a pattern, what may be searched, whether to look for names
   * like it; and whether the caller reads every complaint found (its row scope admits all).
   */
  const args = (p: SqlParams): [string, boolean] => {
    const head = `${p.p(text)}::text, ${p.p(anyPart(text))}::text, ${people}, ${caseNumbers}`;
    if (!people) return [`${head}, false`, false];
    const readable = scope.condition(Complaint, 'e', p);
    if (readable === null) return [`${head}, NULL`, true];
    const written = `SELECT find_complaints(${head}, false) AS id`;
    const isReadable = `EXISTS (SELECT 1 FROM complaints e WHERE e.id = w.id AND ${readable})`;
    return [`${head}, NOT EXISTS (SELECT 1 FROM (${written}) w WHERE ${isReadable})`, false];
  };
  return {
    found: (p, first) => {
      const [head, readsAll] = args(p);
      // Only a caller who reads every row found can be given just the first of them.
      const firstOnly = readsAll && first !== null ? p.p(first) : 'NULL';
      const call = `find_complaints_in_order(${head}, ${p.p(order)}::text, ${firstOnly}::int)`;
      return `${call} WITH ORDINALITY AS found(id, n)`;
    },
    condition: (p) => `c.id IN (SELECT find_complaints(${args(p)[0]}))`,
  };
}
