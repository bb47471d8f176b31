/**
 * Declarative access (STYLE §13): `@Authorized(...roles)` on every operation and field, with the
 * role sets of src/auth/role-sets.ts; which rows a caller reads is src/auth/row-scope.ts.
 */
import type { AuthCheckerInterface, ResolverData } from 'type-graphql';
import { AuthError } from '../auth/identity';
import { Role } from '../domain/enums';
import type { Context } from './context';

export class RoleAuthChecker implements AuthCheckerInterface<Context, Role> {
  check({ context, root, info }: ResolverData<Context>, roles: Role[]): boolean {
    if (!context.identity) throw new AuthError('UNAUTHENTICATED', 'a bearer token is required');
    if (roles.length > 0 && !roles.includes(context.identity.role))
      throw new AuthError('FORBIDDEN', 'your role may not use this field');
    // Every field passes here, so a partner's reads are noted here, to be audited (src/http/partner-reads.ts).
    context.partner?.reads.note(info, root);
    return true;
  }
}
