/**
 * `complaints(filter: { search })` (issue 15): the complaints one text finds, as a condition on the
 * work queue's alias `c`. It looks in any part of the reference and the case number, the
 * complainant's and the case's parties' names (typos tolerated: trigram similarity) and emails, and
 * the words of the summary (full-text search) — each through its own index
 * (src/db/migrations/…-complaint-search.ts). It only looks where the caller may read: rows through
 * their row scope, fields as their role may (a provider by the reference and the case number, the HR
 * system by the reference alone), so a search never tells a caller what it could not read.
 */
import type { RowScope } from '../auth/row-scope';
import { ROLE_SETS } from '../auth/role-sets';
import type { SqlParams } from '../db/entity-sql';
import { InputError } from '../domain/input-error';
import type { Role } from '../domain/enums';
import { Case, Complainant, Party } from '../entities';

export const SEARCH_MIN_LENGTH = 2;
export const SEARCH_MAX_LENGTH = 200;

/** `x ILIKE pattern` matches any part: the text's own % and _ are literal. */
export function anyPart(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A name (`alias`'s first and last name) like the text: any part of it, or close to it or to either name. */
export function nameLike(alias: string, q: string, pattern: string): string {
  const full = `(${alias}.first_name || ' ' || ${alias}.last_name)`;
  return (
    `${full} ILIKE ${pattern} OR ${full} % ${q} OR ${alias}.first_name % ${q} OR ${alias}.last_name % ${q} ` +
    `OR ${alias}.email ILIKE ${pattern}`
  );
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

/** `c.id IN (…)`: the complaints the text finds, for a caller of `role` reading through `scope`. */
export function searchCondition(search: string, role: Role, scope: RowScope, p: SqlParams): string {
  const text = searchText(search);
  const pattern = `${p.p(anyPart(text))}::text`;
  const within = (entity: typeof Case | typeof Complainant | typeof Party, alias: string) => {
    const condition = scope.condition(entity, alias, p);
    return condition === null ? '' : ` AND ${condition}`;
  };
  const arms = [`SELECT x.id FROM complaints x WHERE x.reference ILIKE ${pattern}`];
  if ((ROLE_SETS.providerVisible as readonly Role[]).includes(role)) {
    arms.push(
      `SELECT x.id FROM complaints x JOIN cases k ON k.id = x.case_id ` +
        `WHERE k.case_number ILIKE ${pattern}${within(Case, 'k')}`,
    );
  }
  if ((ROLE_SETS.complaintReaders as readonly Role[]).includes(role)) {
    // Bound only here: a parameter the statement does not use has no type PostgreSQL could give it.
    const q = `${p.p(text)}::text`;
    arms.push(
      `SELECT x.id FROM complaints x WHERE to_tsvector('english', x.summary) @@ websearch_to_tsquery('english', ${q})`,
      `SELECT x.id FROM complaints x JOIN complainants n ON n.id = x.complainant_id ` +
        `WHERE (${nameLike('n', q, pattern)})${within(Complainant, 'n')}`,
      `SELECT x.id FROM complaints x JOIN parties y ON y.case_id = x.case_id ` +
        `WHERE (${nameLike('y', q, pattern)})${within(Party, 'y')}`,
    );
  }
  return `c.id IN (${arms.join(' UNION ')})`;
}
