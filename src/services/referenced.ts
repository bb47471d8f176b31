/**
 * Rows an input names by id (a provider, a manager, an earlier complaint). An id that names nothing
 * (unknown, or not an id at all) is a NOT_FOUND problem naming the field; a missing one, where the
 * input needs it, is INVALID saying what to give.
 */
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { Problems, UserErrorCode, noSuch } from '../domain/problems';
import { isId } from '../domain/validation';

export interface Reference {
  /** The input path, e.g. `input.providerId`. */
  field: string;
  /** What the id names, for the message: `provider`, `member of staff`. */
  what: string;
  /** When the input needs the id: what to give (e.g. `name the provider whose procedure takes it`). */
  missing?: string;
}

/** The row with this id; null when the id names nothing (or is not an id at all). */
export async function byId<T extends ObjectLiteral>(
  tx: EntityManager,
  entity: EntityTarget<T>,
  id: string,
): Promise<T | null> {
  return isId(id) ? tx.getRepository(entity).createQueryBuilder('e').where('e.id = :id', { id }).getOne() : null;
}

export async function referenced<T extends ObjectLiteral>(
  tx: EntityManager,
  entity: EntityTarget<T>,
  id: string | null | undefined,
  reference: Reference,
  problems: Problems,
): Promise<T | null> {
  if (!id) {
    if (reference.missing) problems.add(UserErrorCode.INVALID, reference.field, reference.missing);
    return null;
  }
  const found = await byId(tx, entity, id);
  if (!found) problems.add(UserErrorCode.NOT_FOUND, reference.field, noSuch(reference.what, id));
  return found;
}

/** The row an input names, which the rest of the mutation needs: NOT_FOUND (or INVALID when missing) at once. */
export async function mustFind<T extends ObjectLiteral>(
  tx: EntityManager,
  entity: EntityTarget<T>,
  id: string | null | undefined,
  reference: Reference,
): Promise<T> {
  const problems = new Problems();
  const found = await referenced(
    tx,
    entity,
    id,
    { missing: `${reference.field} must not be empty`, ...reference },
    problems,
  );
  if (!found) throw problems;
  return found;
}
