/**
 * Relay refetching (issue 17): objects of any type by their ids alone, as the graph would return them
 * to the caller. One statement finds which table holds each id (the primary keys of the tables the
 * caller may read, UNION ALL), then the rows are read as `complaint(id:)` reads its row: look-ahead
 * with the caller's row scope (src/read/look-ahead.ts), one statement per type found. Both run on the
 * request's EntityManager, so a provider's run under row-level security as every other read does.
 */
import { entitySql, SqlParams } from '../db/entity-sql';
import { preparedQuery } from '../db/prepared';
import { InputError } from '../domain/input-error';
import { isId } from '../domain/validation';
import type { BaseEntity } from '../entities/base.entity';
import { fetchWithRelations, type Selection } from '../read/look-ahead';
import type { Context } from './context';

type NodeClass = new (...args: any[]) => BaseEntity;

/** What a caller may find by id: the types it may read, and what the operation selects on each. */
export interface NodeReading {
  readonly types: readonly NodeClass[];
  selection(type: NodeClass): Selection;
}

export class NodeService {
  /** The object `id` names, if the caller may read it; null otherwise, as for an id that names nothing. */
  async one(ctx: Context, id: string, reading: NodeReading): Promise<BaseEntity | null> {
    const [found] = await this.many(ctx, [id], reading);
    return found;
  }

  /**
   * The objects `ids` name, in their order: null for an id that is not a UUID (as `complaint(id:)`
   * answers), names nothing, or names what the caller may not read. At most a page's worth of ids.
   */
  async many(ctx: Context, ids: readonly string[], reading: NodeReading): Promise<(BaseEntity | null)[]> {
    const max = ctx.config.maxPageSize;
    if (ids.length > max) throw new InputError(`give at most ${max} ids`, 'ids');
    // PostgreSQL answers a uuid in lower case, whatever case it was asked in.
    const wanted = [...new Set(ids.filter(isId).map((id) => id.toLowerCase()))];
    const found = new Map<string, BaseEntity>();
    if (wanted.length > 0 && reading.types.length > 0) {
      for (const [type, typeIds] of await this.locate(ctx, wanted, reading.types)) {
        const params = new SqlParams();
        const where = [`t.id = ANY(${params.p(typeIds)}::uuid[])`];
        for (const row of await fetchWithRelations(ctx, type, 't', reading.selection(type), { where, params }))
          found.set(row.id, row);
      }
    }
    return ids.map((id) => found.get(id.toLowerCase()) ?? null);
  }

  /** Which of `types` holds each of `ids`, in one statement over their primary keys. */
  private async locate(
    ctx: Context,
    ids: readonly string[],
    types: readonly NodeClass[],
  ): Promise<Map<NodeClass, string[]>> {
    const params = new SqlParams();
    const list = params.p(ids);
    const table = (type: NodeClass) => entitySql(ctx.em.connection, type).table;
    const text = types
      .map((type, n) => `SELECT id, ${n} AS n FROM ${table(type)} WHERE id = ANY(${list}::uuid[])`)
      .join(' UNION ALL ');
    const rows = await preparedQuery<{ id: string; n: number }>(ctx.em, text, params.values);
    const byType = new Map<NodeClass, string[]>();
    for (const { id, n } of rows) {
      const found = byType.get(types[n]);
      if (found) found.push(id);
      else byType.set(types[n], [id]);
    }
    return byType;
  }
}
