/** Ids in filters are checked before they reach SQL: a malformed one is the client's mistake, named by its field. */
import { isId } from '../domain/validation';
import { InputError } from '../domain/input-error';

export function requireId(value: string, field: string): string {
  if (!isId(value)) throw new InputError(`${field} is not a valid id`, field);
  return value;
}
