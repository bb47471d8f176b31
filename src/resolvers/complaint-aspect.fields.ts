/** Relations of an aspect and of the court actions and engagements assessment creates: loaders only. */
import { Ctx, FieldResolver, Resolver, Root, Authorized } from 'type-graphql';
import {
  ComplaintAspect,
  Court,
  CourtNotification,
  CourtReport,
  Provider,
  ProviderEngagement,
  ReportCorrection,
  Staff,
} from '../entities';
import type { Context } from '../services/context';
import { related } from '../read/loaders';
import { ROLE_SETS } from '../auth/role-sets';

@Authorized(...ROLE_SETS.aspectReaders)
@Resolver(() => ComplaintAspect)
export class ComplaintAspectFields {
  @Authorized(...ROLE_SETS.complaintReaders)
  @FieldResolver(() => CourtReport, { nullable: true, description: 'FACTUAL_ERROR: the report in error.' })
  courtReport(@Root() a: ComplaintAspect, @Ctx() ctx: Context) {
    return related(ctx, ComplaintAspect, 'courtReport', a);
  }

  @FieldResolver(() => Staff, { nullable: true, description: 'STAFF_CONDUCT: the employee.' })
  staff(@Root() a: ComplaintAspect, @Ctx() ctx: Context) {
    return related(ctx, ComplaintAspect, 'staff', a);
  }

  @Authorized(...ROLE_SETS.aspectTextReaders)
  @FieldResolver(() => Provider, { nullable: true, description: 'PROVIDER_ACTIONS: the provider.' })
  provider(@Root() a: ComplaintAspect, @Ctx() ctx: Context) {
    return related(ctx, ComplaintAspect, 'provider', a);
  }
}

@Authorized(...ROLE_SETS.complaintReaders)
@Resolver(() => CourtNotification)
export class CourtNotificationFields {
  @FieldResolver(() => Court)
  court(@Root() n: CourtNotification, @Ctx() ctx: Context) {
    return related(ctx, CourtNotification, 'court', n);
  }

  @FieldResolver(() => ComplaintAspect, { nullable: true })
  aspect(@Root() n: CourtNotification, @Ctx() ctx: Context) {
    return related(ctx, CourtNotification, 'aspect', n);
  }
}

@Authorized(...ROLE_SETS.complaintReaders)
@Resolver(() => ReportCorrection)
export class ReportCorrectionFields {
  @FieldResolver(() => CourtReport)
  courtReport(@Root() r: ReportCorrection, @Ctx() ctx: Context) {
    return related(ctx, ReportCorrection, 'courtReport', r);
  }

  @FieldResolver(() => ComplaintAspect, { nullable: true })
  aspect(@Root() r: ReportCorrection, @Ctx() ctx: Context) {
    return related(ctx, ReportCorrection, 'aspect', r);
  }
}

@Authorized(...ROLE_SETS.providerVisible)
@Resolver(() => ProviderEngagement)
export class ProviderEngagementFields {
  @FieldResolver(() => Provider)
  provider(@Root() e: ProviderEngagement, @Ctx() ctx: Context) {
    return related(ctx, ProviderEngagement, 'provider', e);
  }

  @FieldResolver(() => ComplaintAspect, { nullable: true })
  aspect(@Root() e: ProviderEngagement, @Ctx() ctx: Context) {
    return related(ctx, ProviderEngagement, 'aspect', e);
  }
}
