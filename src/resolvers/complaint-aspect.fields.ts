/** Relations of an aspect and of the consequences of assessment: loaders only. */
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import {
  ComplaintAspect, Court, CourtNotification, CourtReport, LearningPoint, OmbudsmanEscalation, OmbudsmanRecommendation,
  Provider, ProviderEngagement, Referral, ReportCorrection, Response, Staff,
} from '../entities';
import type { Context } from '../graphql/context';

const staff = (ctx: Context, id: string | null) => (id ? ctx.loaders.staff.load(id) : null);

@Resolver(() => ComplaintAspect)
export class ComplaintAspectFields {
  @FieldResolver(() => CourtReport, { nullable: true, description: 'FACTUAL_ERROR: the report in error.' })
  courtReport(@Root() a: ComplaintAspect, @Ctx() ctx: Context): Promise<CourtReport | null> | null {
    return a.courtReportId ? ctx.loaders.courtReport.load(a.courtReportId) : null;
  }

  @FieldResolver(() => Staff, { nullable: true, description: 'STAFF_CONDUCT: the employee.' })
  staff(@Root() a: ComplaintAspect, @Ctx() ctx: Context): Promise<Staff | null> | null {
    return staff(ctx, a.staffId);
  }

  @FieldResolver(() => Provider, { nullable: true, description: 'PROVIDER_ACTIONS: the provider.' })
  provider(@Root() a: ComplaintAspect, @Ctx() ctx: Context): Promise<Provider | null> | null {
    return a.providerId ? ctx.loaders.provider.load(a.providerId) : null;
  }
}

@Resolver(() => Referral)
export class ReferralFields {
  @FieldResolver(() => Staff, { description: 'The member of staff referred.' })
  async staff(@Root() r: Referral, @Ctx() ctx: Context): Promise<Staff> {
    return (await ctx.loaders.staff.load(r.staffId))!;
  }

  @FieldResolver(() => Staff, { nullable: true, description: 'The manager it is referred to.' })
  recipient(@Root() r: Referral, @Ctx() ctx: Context): Promise<Staff | null> | null {
    return staff(ctx, r.recipientId);
  }

  @FieldResolver(() => ComplaintAspect, { nullable: true })
  aspect(@Root() r: Referral, @Ctx() ctx: Context): Promise<ComplaintAspect | null> | null {
    return r.aspectId ? ctx.loaders.aspect.load(r.aspectId) : null;
  }
}

@Resolver(() => CourtNotification)
export class CourtNotificationFields {
  @FieldResolver(() => Court)
  async court(@Root() n: CourtNotification, @Ctx() ctx: Context): Promise<Court> {
    return (await ctx.loaders.court.load(n.courtId))!;
  }
}

@Resolver(() => ReportCorrection)
export class ReportCorrectionFields {
  @FieldResolver(() => CourtReport)
  async courtReport(@Root() r: ReportCorrection, @Ctx() ctx: Context): Promise<CourtReport> {
    return (await ctx.loaders.courtReport.load(r.courtReportId))!;
  }
}

@Resolver(() => ProviderEngagement)
export class ProviderEngagementFields {
  @FieldResolver(() => Provider)
  async provider(@Root() e: ProviderEngagement, @Ctx() ctx: Context): Promise<Provider> {
    return (await ctx.loaders.provider.load(e.providerId))!;
  }
}

@Resolver(() => Response)
export class ResponseFields {
  @FieldResolver(() => Staff, { nullable: true })
  draftedBy(@Root() r: Response, @Ctx() ctx: Context): Promise<Staff | null> | null {
    return staff(ctx, r.draftedById);
  }

  @FieldResolver(() => Staff, { nullable: true })
  approver(@Root() r: Response, @Ctx() ctx: Context): Promise<Staff | null> | null {
    return staff(ctx, r.approverId);
  }
}

@Resolver(() => OmbudsmanEscalation)
export class OmbudsmanEscalationFields {
  @FieldResolver(() => [OmbudsmanRecommendation])
  recommendations(@Root() e: OmbudsmanEscalation, @Ctx() ctx: Context): Promise<OmbudsmanRecommendation[]> {
    return ctx.loaders.recommendationsByEscalation.load(e.id);
  }
}

@Resolver(() => LearningPoint)
export class LearningPointFields {
  @FieldResolver(() => Staff, { nullable: true })
  owner(@Root() p: LearningPoint, @Ctx() ctx: Context): Promise<Staff | null> | null {
    return staff(ctx, p.ownerId);
  }
}
