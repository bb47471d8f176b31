/** Rows a mutation changes or refers to, within the caller's row scope: outside it, the row is unknown. */
import type { EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import { UserErrorCode, fail, noSuch, type Problems } from '../domain/problems';
import { isId } from '../domain/validation';
import type { WriteContext } from './mutation';
import type { Reference } from './referenced';

/**
 * The row, locked for the rest of the transaction; null if the id is malformed, unknown or outside the
 * caller's scope (workers have none).
 */
export async function lockInScope<T extends ObjectLiteral & { id: string }>(
  t: WriteContext,
  entity: EntityTarget<T>,
  id: string,
): Promise<T | null> {
  return findInScope(t, entity, id, true);
}

/** The row (locked if asked); null if the id is malformed, unknown or outside the caller's scope. */
async function findInScope<T extends ObjectLiteral & { id: string }>(
  t: WriteContext,
  entity: EntityTarget<T>,
  id: string,
  lock: boolean,
): Promise<T | null> {
  if (!isId(id) || (t.scope && !(await t.scope.admits(t.tx, entity as new () => T, id)))) return null;
  return t.tx.getRepository(entity).findOne({
    where: { id } as FindOptionsWhere<T>,
    ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
}

/**
 * The row an input refers to (not changed by the mutation): NOT_FOUND naming the field when there is none
 * in scope, so that a row outside the caller's scope answers exactly as an unknown id does.
 */
export async function mustFindInScope<T extends ObjectLiteral & { id: string }>(
  t: WriteContext,
  entity: EntityTarget<T>,
  id: string,
  reference: Reference,
): Promise<T> {
  const row = await findInScope(t, entity, id, false);
  if (!row) fail(UserErrorCode.NOT_FOUND, reference.field, noSuch(reference.what, id));
  return row;
}

/**
 * The row an input refers to, within the caller's scope; null with a NOT_FOUND problem naming the
 * field when there is none (all of an input's problems are gathered before any is answered).
 */
export async function referencedInScope<T extends ObjectLiteral & { id: string }>(
  t: WriteContext,
  entity: EntityTarget<T>,
  id: string,
  reference: Reference,
  problems: Problems,
): Promise<T | null> {
  const row = await findInScope(t, entity, id, false);
  if (!row) problems.add(UserErrorCode.NOT_FOUND, reference.field, noSuch(reference.what, id));
  return row;
}

/** The row, locked, which the rest of the mutation needs: NOT_FOUND naming the field when there is none in scope. */
export async function mustLock<T extends ObjectLiteral & { id: string }>(
  t: WriteContext,
  entity: EntityTarget<T>,
  id: string,
  reference: Reference,
): Promise<T> {
  const row = await lockInScope(t, entity, id);
  if (!row) fail(UserErrorCode.NOT_FOUND, reference.field, noSuch(reference.what, id));
  return row;
}
