/** Reference data every caller may read: courts, service areas, providers. */
import { Court, Provider, ServiceArea } from '../entities';
import { SqlParams } from '../db/entity-sql';
import { EVERY_COLUMN, fetchWithRelations } from '../read/look-ahead';
import type { AuthenticatedContext } from './context';

export class ReferenceDataService {
  courts(ctx: AuthenticatedContext): Promise<Court[]> {
    return ctx.em.getRepository(Court).find({ order: { name: 'ASC' } });
  }

  serviceAreas(ctx: AuthenticatedContext): Promise<ServiceArea[]> {
    return ctx.em.getRepository(ServiceArea).find({ order: { name: 'ASC' } });
  }

  /** A provider sees only itself (SPEC §3: its row scope). */
  providers(ctx: AuthenticatedContext): Promise<Provider[]> {
    return fetchWithRelations(ctx, Provider, 'p', EVERY_COLUMN, {
      where: [],
      params: new SqlParams(),
      orderBy: 'p.name ASC',
    });
  }
}
