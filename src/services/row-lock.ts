/** Locking a row a mutation changes, within the caller's row scope: outside it, the row is unknown. */
import type { EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import { isId } from '../domain/validation';
import type { WriteContext } from './mutation';

/**
 * The row, locked for the rest of the transaction; null if the id is malformed, unknown or outside the
 * caller's scope (workers have none).
 */
export async function lockInScope<T extends ObjectLiteral & { id: string }>(
  t: WriteContext,
  entity: EntityTarget<T>,
  id: string,
): Promise<T | null> {
  if (!isId(id) || (t.scope && !(await t.scope.admits(t.tx, entity as new () => T, id)))) return null;
  return t.tx
    .getRepository(entity)
    .findOne({ where: { id } as FindOptionsWhere<T>, lock: { mode: 'pessimistic_write' } });
}
