/** Who is calling: established from the bearer token once per request. */
import { Role } from '../domain/enums';

export interface Identity {
  /** The token's subject: a staff id, a provider id, or a partner system's name. */
  subject: string;
  role: Role;
  /** Set for staff roles. */
  staffId: string | null;
  /** Set for the PROVIDER role. */
  providerId: string | null;
}

/** A request that must not go on: mapped to `extensions.code` in one place (src/graphql/errors.ts). */
export class AuthError extends Error {
  constructor(
    readonly code: 'UNAUTHENTICATED' | 'FORBIDDEN',
    message: string,
  ) {
    super(message);
  }
}
