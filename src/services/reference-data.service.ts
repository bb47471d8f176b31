/** Reference data every caller may read: courts, service areas, providers. */
import { Court, Provider, ServiceArea } from '../entities';
import { Role } from '../domain/enums';
import type { AuthenticatedContext } from '../graphql/context';

export class ReferenceDataService {
  courts(ctx: AuthenticatedContext): Promise<Court[]> {
    return ctx.em.getRepository(Court).find({ order: { name: 'ASC' } });
  }

  serviceAreas(ctx: AuthenticatedContext): Promise<ServiceArea[]> {
    return ctx.em.getRepository(ServiceArea).find({ order: { name: 'ASC' } });
  }

  /** A provider sees only itself (SPEC §3). */
  providers(ctx: AuthenticatedContext): Promise<Provider[]> {
    const { identity } = ctx;
    const where = identity.role === Role.PROVIDER ? { id: identity.providerId! } : {};
    return ctx.em.getRepository(Provider).find({ where, order: { name: 'ASC' } });
  }
}
