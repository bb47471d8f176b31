/** Checks ids before they reach SQL, so a malformed one is "unknown" or a named input error, never a driver error. */
import { InputError } from '../graphql/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** For filters: a malformed id is the client's mistake, named by its field. */
export function requireUuid(value: string, field: string): string {
  if (!isUuid(value)) throw new InputError(`${field} is not a valid id`, field);
  return value;
}
