/** Keyset pagination over (one sort column, id) of one table, with look-ahead and a lazy count. */
import { SqlParams } from '../db/entity-sql';
import type { Context } from '../graphql/context';
import { decodeCursor, pageSize, toConnection, type Connection } from '../graphql/connection';
import { InputError } from '../graphql/errors';
import { countRows, fetchWithRelations, type RelationTree } from '../graphql/look-ahead';
import { isUuid } from './ids';

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

const BAD_CURSOR = () => new InputError('after is not a cursor from this list', 'after');

/** A keyset page over (a sort column, id) of one table. */
export async function keysetPage<T extends { id: string }>(
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
  const rows =
    limit === 0
      ? []
      : await fetchWithRelations(ctx, type, 't', relations, {
          where: conditions,
          params: pageParams,
          orderBy: `t.${sort.column} ${sort.direction}, t.id ${sort.direction}`,
          limit: limit + 1,
        });
  return toConnection(
    rows,
    limit,
    Boolean(args.after),
    (r) => [sort.key(r), r.id],
    () => countRows(ctx, type, 't', { where, params: filterParams }),
  );
}
