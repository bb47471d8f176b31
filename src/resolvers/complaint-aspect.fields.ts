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
  @FieldResolver(() => CourtReport, {
    nullable: true,
    description:
      'FACTUAL_ERROR: the court report in error, which gets a report correction; null when the error was in ' +
      'another communication (otherCommunication), and for other categories.',
  })
  courtReport(@Root() a: ComplaintAspect, @Ctx() ctx: Context) {
    return related(ctx, ComplaintAspect, 'courtReport', a);
  }

  @FieldResolver(() => Staff, {
    nullable: true,
    description: 'STAFF_CONDUCT: the employee whose conduct it is about; null for other categories.',
  })
  staff(@Root() a: ComplaintAspect, @Ctx() ctx: Context) {
    return related(ctx, ComplaintAspect, 'staff', a);
  }

  @Authorized(...ROLE_SETS.aspectTextReaders)
  @FieldResolver(() => Provider, {
    nullable: true,
    description:
      'PROVIDER_ACTIONS: the commissioned provider it is about, which is engaged; null for other categories.',
  })
  provider(@Root() a: ComplaintAspect, @Ctx() ctx: Context) {
    return related(ctx, ComplaintAspect, 'provider', a);
  }
}

@Authorized(...ROLE_SETS.complaintReaders)
@Resolver(() => CourtNotification)
export class CourtNotificationFields {
  @FieldResolver(() => Court, {
    description:
      "The court it goes to: when it was made, the court of the case's next listed hearing, else the case's court " +
      '(SPEC §4).',
  })
  court(@Root() n: CourtNotification, @Ctx() ctx: Context) {
    return related(ctx, CourtNotification, 'court', n);
  }

  @FieldResolver(() => ComplaintAspect, {
    nullable: true,
    description:
      "The aspect it comes from; null for a child's complaint (CHILD_COMPLAINT), and when a re-assessment no " +
      'longer gives it after it was sent.',
  })
  aspect(@Root() n: CourtNotification, @Ctx() ctx: Context) {
    return related(ctx, CourtNotification, 'aspect', n);
  }
}

@Authorized(...ROLE_SETS.complaintReaders)
@Resolver(() => ReportCorrection)
export class ReportCorrectionFields {
  @FieldResolver(() => CourtReport, { description: 'The court report to correct.' })
  courtReport(@Root() r: ReportCorrection, @Ctx() ctx: Context) {
    return related(ctx, ReportCorrection, 'courtReport', r);
  }

  @FieldResolver(() => ComplaintAspect, {
    nullable: true,
    description:
      'The FACTUAL_ERROR aspect naming the report; null when a re-assessment no longer names it after the ' +
      'correction was recorded.',
  })
  aspect(@Root() r: ReportCorrection, @Ctx() ctx: Context) {
    return related(ctx, ReportCorrection, 'aspect', r);
  }
}

@Authorized(...ROLE_SETS.providerVisible)
@Resolver(() => ProviderEngagement)
export class ProviderEngagementFields {
  @FieldResolver(() => Provider, { description: 'The provider asked: the one its aspect names.' })
  provider(@Root() e: ProviderEngagement, @Ctx() ctx: Context) {
    return related(ctx, ProviderEngagement, 'provider', e);
  }

  @FieldResolver(() => ComplaintAspect, {
    nullable: true,
    description:
      'The PROVIDER_ACTIONS aspect naming the provider; null when a re-assessment no longer names it after the ' +
      'provider was asked or answered (submitProviderResponse is then refused).',
  })
  aspect(@Root() e: ProviderEngagement, @Ctx() ctx: Context) {
    return related(ctx, ProviderEngagement, 'aspect', e);
  }
}
