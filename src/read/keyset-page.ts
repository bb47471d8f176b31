/**
 * Keyset pagination, the one implementation every list uses: a page is the rows after the cursor
 * (the sort key of the previous page's last row) in the list's order, fetched with the selected
 * relations in one statement; the total is counted only when asked for, and not at all when the
 * first page holds the whole list.
 */
import { isCalendarDate } from '../domain/calendar-date';
import { isId } from '../domain/validation';
import { SqlParams } from '../db/entity-sql';
import type { ReadContext } from './read-context';
import { badCursor, decodeCursor, pageSize, toConnection, type Connection } from './paging';
import { countRows, fetchWithRelations, type Selection } from './look-ahead';

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/** How a list is ordered, and the condition that continues it after a cursor's key. */
export interface Keyset<T> {
  /** The table's alias in `orderBy`, `after` and the list's filter. */
  alias: string;
  /** The sort key of a row; the cursor encodes it. */
  key: (row: T) => unknown[];
  /** The properties `key` reads (besides the id), so that a page's rows carry them. */
  reads: readonly (keyof T & string)[];
  /** How many parts a key has. */
  parts: number;
  /** `ORDER BY` over the list's alias, ending with the id so that the order is total. */
  orderBy: string;
  /** The rows after `key` (already decoded, not yet checked: check each part before it reaches SQL). */
  after: (key: unknown[], p: SqlParams) => string;
}

/** The parts of a cursor's key, checked: a key that could not have come from this list is refused. */
export const cursorPart = {
  id(value: unknown): string {
    if (typeof value !== 'string' || !isId(value)) throw badCursor();
    return value;
  },
  date(value: unknown): string {
    if (typeof value !== 'string' || !isCalendarDate(value)) throw badCursor();
    return value;
  },
  timestamp(value: unknown): string {
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw badCursor();
    return value;
  },
  text(value: unknown): string {
    if (typeof value !== 'string') throw badCursor();
    return value;
  },
};

/** A sort key's part as the cursor spells it: an instant as its ISO string. */
function keyPart(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}

/** The common order: one column (never null) then the id, both ascending or both descending. */
export function columnKeyset<T extends { id: string }>(
  alias: string,
  column: string,
  direction: 'ASC' | 'DESC',
  property: keyof T & string,
  part: (value: unknown) => string = cursorPart.text,
): Keyset<T> {
  const op = direction === 'ASC' ? '>' : '<';
  return {
    alias,
    key: (row) => [keyPart(row[property]), row.id],
    reads: [property],
    parts: 2,
    orderBy: `${alias}.${column} ${direction}, ${alias}.id ${direction}`,
    after: ([value, id], p) =>
      `(${alias}.${column}, ${alias}.id) ${op} (${p.p(part(value))}, ${p.p(cursorPart.id(id))}::uuid)`,
  };
}

/**
 * Rows found by something that can give their ids in the list's order (a search): a page joins
 * them in that order and stops once it has its rows, instead of joining every row found and sorting.
 */
export interface Ranked {
  /**
   * A FROM item `found(id, n)`: the ids, numbered in the list's order (`n`), parameters added to `p`;
   * with `first`, the page takes the first so many as they come (no cursor, no other filter), so
   * those may be all it gives.
   */
  found: (p: SqlParams, first: number | null) => string;
  /** The same rows as a condition on the keyset's alias (to count them). */
  condition: (p: SqlParams) => string;
}

export interface PageQuery<T> {
  type: new () => T;
  keyset: Keyset<T>;
  /** The list's filter conditions over the keyset's alias, their parameters added to `p`. */
  filter: (p: SqlParams) => string[];
  /** Only these rows, in this order (the keyset's order, so that its cursors carry on). */
  ranked?: Ranked | null;
}

/** One page of a list, with what the operation selected, and its total on demand. */
export async function keysetPage<T extends { id: string }>(
  ctx: ReadContext,
  query: PageQuery<T>,
  args: PageArgs,
  selection: Selection,
): Promise<Connection<T>> {
  const { type, keyset, ranked } = query;
  const { alias } = keyset;
  const limit = pageSize(args.first, ctx.config.maxPageSize);
  const filterParams = new SqlParams();
  const filtered = query.filter(filterParams);
  const pageParams = filterParams.clone();
  const key = args.after ? decodeCursor(args.after, keyset.parts) : null;
  const found = ranked?.found(pageParams, key === null && filtered.length === 0 ? limit + 1 : null);
  const where = key ? [...filtered, keyset.after(key, pageParams)] : filtered;
  const rows =
    limit === 0
      ? []
      : await fetchWithRelations(ctx, type, alias, selection, {
          where,
          params: pageParams,
          found,
          orderBy: found ? 'found.n' : keyset.orderBy,
          limit: limit + 1,
          reads: keyset.reads,
        });
  // A first page that holds the whole list is its own count.
  const whole = key === null && limit > 0 && rows.length <= limit;
  return toConnection(rows, limit, key !== null, keyset.key, () => {
    if (whole) return Promise.resolve(rows.length);
    const params = filterParams.clone();
    const countWhere = ranked ? [...filtered, ranked.condition(params)] : filtered;
    return countRows(ctx, type, alias, { where: countWhere, params });
  });
}
