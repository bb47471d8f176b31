import { Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { Court, Provider, ServiceArea } from '../entities';
import type { AuthenticatedContext } from '../graphql/context';
import { ReferenceDataService } from '../services/reference-data.service';

@Resolver()
export class ReferenceDataResolver {
  private readonly service = new ReferenceDataService();

  @Authorized()
  @Query(() => [Court])
  courts(@Ctx() ctx: AuthenticatedContext): Promise<Court[]> {
    return this.service.courts(ctx);
  }

  @Authorized()
  @Query(() => [ServiceArea])
  serviceAreas(@Ctx() ctx: AuthenticatedContext): Promise<ServiceArea[]> {
    return this.service.serviceAreas(ctx);
  }

  @Authorized()
  @Query(() => [Provider], { description: 'A provider sees only itself.' })
  providers(@Ctx() ctx: AuthenticatedContext): Promise<Provider[]> {
    return this.service.providers(ctx);
  }
}
