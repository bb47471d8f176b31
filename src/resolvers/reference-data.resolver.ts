import { Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { Court, Provider, ServiceArea } from '../entities';
import type { AuthenticatedContext } from '../services/context';
import {} from '../services/reference-data.service';
import type { Services } from '../services/services';

@Resolver()
export class ReferenceDataResolver {
  constructor(private readonly services: Pick<Services, 'referenceData'>) {}

  @Authorized()
  @Query(() => [Court], { description: 'The family courts that cases are before, by name.' })
  courts(@Ctx() ctx: AuthenticatedContext): Promise<Court[]> {
    return this.services.referenceData.courts(ctx);
  }

  @Authorized()
  @Query(() => [ServiceArea], { description: 'The service areas, by name.' })
  serviceAreas(@Ctx() ctx: AuthenticatedContext): Promise<ServiceArea[]> {
    return this.services.referenceData.serviceAreas(ctx);
  }

  @Authorized()
  @Query(() => [Provider], { description: 'A provider sees only itself.' })
  providers(@Ctx() ctx: AuthenticatedContext): Promise<Provider[]> {
    return this.services.referenceData.providers(ctx);
  }
}
