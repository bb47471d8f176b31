/**
 * Rows an input names by id (a provider, a manager, an earlier complaint). An id that names nothing
 * (unknown, or not an id at all) is a NOT_FOUND problem naming the field; a missing one, where the
 * input needs it, is INVALID saying what to give.
 */
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { UserErrorCode, type Problems } from '../domain/problems';
import { isId } from '../domain/validation';

export interface Reference {
  /** The input path, e.g. `input.providerId`. */
  field: string;
  /** What the id names, for the message: `provider`, `member of staff`. */
  what: string;
  /** When the input needs the id: what to give (e.g. `name the provider whose procedure takes it`). */
  missing?: string;
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
  const found = isId(id)
    ? await tx.getRepository(entity).createQueryBuilder('e').where('e.id = :id', { id }).getOne()
    : null;
  if (!found) problems.add(UserErrorCode.NOT_FOUND, reference.field, `no ${reference.what} has the id "${id}"`);
  return found;
}
