/** Relations of an aspect and of the consequences of assessment: loaders only. */
import { Ctx, FieldResolver, Resolver, Root, Authorized } from 'type-graphql';
import {
  Complaint,
  Compliment,
  ServiceArea,
  ComplaintAspect,
  Court,
  CourtNotification,
  CourtReport,
  LearningPoint,
  OmbudsmanEscalation,
  OmbudsmanRecommendation,
  Provider,
  ProviderEngagement,
  Referral,
  ReportCorrection,
  Response,
  Staff,
} from '../entities';
import type { Context } from '../graphql/context';
import { related } from '../graphql/loaders';
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

@Authorized(...ROLE_SETS.referralReaders)
@Resolver(() => Referral)
export class ReferralFields {
  @FieldResolver(() => Complaint)
  complaint(@Root() r: Referral, @Ctx() ctx: Context) {
    return related(ctx, Referral, 'complaint', r);
  }

  @FieldResolver(() => Staff, { description: 'The member of staff referred.' })
  staff(@Root() r: Referral, @Ctx() ctx: Context) {
    return related(ctx, Referral, 'staff', r);
  }

  @FieldResolver(() => Staff, { nullable: true, description: 'The manager it is referred to.' })
  recipient(@Root() r: Referral, @Ctx() ctx: Context) {
    return related(ctx, Referral, 'recipient', r);
  }

  @FieldResolver(() => Staff, { nullable: true, description: 'The line manager copied on a senior referral.' })
  copiedLineManager(@Root() r: Referral, @Ctx() ctx: Context) {
    return related(ctx, Referral, 'copiedLineManager', r);
  }

  @FieldResolver(() => ComplaintAspect, { nullable: true })
  aspect(@Root() r: Referral, @Ctx() ctx: Context) {
    return related(ctx, Referral, 'aspect', r);
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

@Authorized(...ROLE_SETS.complaintReaders)
@Resolver(() => Response)
export class ResponseFields {
  @FieldResolver(() => Staff, { nullable: true })
  draftedBy(@Root() r: Response, @Ctx() ctx: Context) {
    return related(ctx, Response, 'draftedBy', r);
  }

  @FieldResolver(() => Staff, { nullable: true })
  approver(@Root() r: Response, @Ctx() ctx: Context) {
    return related(ctx, Response, 'approver', r);
  }
}

@Authorized(...ROLE_SETS.complaintReaders)
@Resolver(() => OmbudsmanEscalation)
export class OmbudsmanEscalationFields {
  @FieldResolver(() => [OmbudsmanRecommendation])
  recommendations(@Root() e: OmbudsmanEscalation, @Ctx() ctx: Context) {
    return related(ctx, OmbudsmanEscalation, 'recommendations', e);
  }
}

@Authorized(...ROLE_SETS.staffRecorders)
@Resolver(() => LearningPoint)
export class LearningPointFields {
  @FieldResolver(() => Complaint, { nullable: true })
  complaint(@Root() p: LearningPoint, @Ctx() ctx: Context) {
    return related(ctx, LearningPoint, 'complaint', p);
  }

  @FieldResolver(() => Staff, { nullable: true })
  owner(@Root() p: LearningPoint, @Ctx() ctx: Context) {
    return related(ctx, LearningPoint, 'owner', p);
  }
}

@Authorized(...ROLE_SETS.staffRecorders)
@Resolver(() => Compliment)
export class ComplimentFields {
  @FieldResolver(() => Staff, { nullable: true, description: 'The member of staff praised.' })
  staff(@Root() c: Compliment, @Ctx() ctx: Context) {
    return related(ctx, Compliment, 'staff', c);
  }

  @FieldResolver(() => ServiceArea, { nullable: true })
  serviceArea(@Root() c: Compliment, @Ctx() ctx: Context) {
    return related(ctx, Compliment, 'serviceArea', c);
  }
}
