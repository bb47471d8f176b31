/** Relations of a complaint: loaders only (STYLE §6). */
import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import {
  AuditEvent,
  Case,
  Complainant,
  ComplaintAspect,
  Complaint,
  CourtNotification,
  DeadlineExtension,
  Document,
  Evidence,
  ComplaintNote,
  LearningPoint,
  Notification,
  OmbudsmanEscalation,
  Provider,
  ProviderEngagement,
  Referral,
  ReportCorrection,
  Response,
  ServiceArea,
  Staff,
} from '../entities';
import { londonDate } from '../domain/calendar-date';
import { ROLE_SETS } from '../auth/role-sets';
import type { Context } from '../services/context';
import { Reads } from '../read/field-columns';
import { related } from '../read/loaders';

@Authorized(...ROLE_SETS.complaintReaders)
@Resolver(() => Complaint)
export class ComplaintFields {
  @FieldResolver(() => Boolean, {
    description: 'The CST received it after the hand-off was due (flagged, not blocked).',
  })
  @Reads<Complaint>('cstReceivedAt', 'cstDueOn')
  handOffLate(@Root() c: Complaint): boolean {
    return c.cstReceivedAt !== null && londonDate(c.cstReceivedAt) > c.cstDueOn;
  }

  @Authorized(...ROLE_SETS.providerVisible)
  @FieldResolver(() => Complainant)
  complainant(@Root() c: Complaint, @Ctx() ctx: Context) {
    return related(ctx, Complaint, 'complainant', c);
  }

  @Authorized(...ROLE_SETS.complaintCase)
  @FieldResolver(() => Case, {
    nullable: true,
    description: 'Its case; a provider and the HR system read only its number.',
  })
  case(@Root() c: Complaint, @Ctx() ctx: Context) {
    return related(ctx, Complaint, 'case', c);
  }

  @FieldResolver(() => ServiceArea, { nullable: true })
  serviceArea(@Root() c: Complaint, @Ctx() ctx: Context) {
    return related(ctx, Complaint, 'serviceArea', c);
  }

  @FieldResolver(() => Staff, { nullable: true, description: 'The member of staff complained about.' })
  subjectStaff(@Root() c: Complaint, @Ctx() ctx: Context) {
    return related(ctx, Complaint, 'subjectStaff', c);
  }

  @FieldResolver(() => Staff, { nullable: true, description: 'The CST officer handling it.' })
  assignee(@Root() c: Complaint, @Ctx() ctx: Context) {
    return related(ctx, Complaint, 'assignee', c);
  }

  @FieldResolver(() => Staff, {
    nullable: true,
    description:
      "Who owns it: the senior manager of a child's complaint (from intake); the line manager who answers a " +
      'staff-not-case complaint outside the procedure (from triage; the area senior manager when there is none).',
  })
  owner(@Root() c: Complaint, @Ctx() ctx: Context) {
    return related(ctx, Complaint, 'owner', c);
  }

  @FieldResolver(() => Complaint, { nullable: true, description: 'The earlier complaint this one repeats.' })
  repeats(@Root() c: Complaint, @Ctx() ctx: Context) {
    return related(ctx, Complaint, 'repeats', c);
  }

  @FieldResolver(() => Staff, {
    nullable: true,
    description: 'The local manager who answers (local resolution, professionals).',
  })
  localManager(@Root() c: Complaint, @Ctx() ctx: Context) {
    return related(ctx, Complaint, 'localManager', c);
  }

  @FieldResolver(() => Provider, {
    nullable: true,
    description: 'REFERRED_TO_PROVIDER: the provider whose own procedure takes it.',
  })
  referredProvider(@Root() c: Complaint, @Ctx() ctx: Context) {
    return related(ctx, Complaint, 'referredProvider', c);
  }

  @Authorized(...ROLE_SETS.providerVisible)
  @FieldResolver(() => [ComplaintAspect])
  aspects(@Root() c: Complaint, @Ctx() ctx: Context) {
    return related(ctx, Complaint, 'aspects', c);
  }

  @FieldResolver(() => [Evidence])
  evidence(@Root() c: Complaint, @Ctx() ctx: Context) {
    return related(ctx, Complaint, 'evidence', c);
  }

  @FieldResolver(() => [ComplaintNote], { description: 'Internal notes, oldest first: staff only, never sent out.' })
  notes(@Root() c: Complaint, @Ctx() ctx: Context) {
    return related(ctx, Complaint, 'notes', c);
  }

  @FieldResolver(() => [Referral])
  referrals(@Root() c: Complaint, @Ctx() ctx: Context) {
    return related(ctx, Complaint, 'referrals', c);
  }

  @FieldResolver(() => [CourtNotification])
  courtNotifications(@Root() c: Complaint, @Ctx() ctx: Context) {
    return related(ctx, Complaint, 'courtNotifications', c);
  }

  @FieldResolver(() => [ReportCorrection])
  reportCorrections(@Root() c: Complaint, @Ctx() ctx: Context) {
    return related(ctx, Complaint, 'reportCorrections', c);
  }

  @Authorized(...ROLE_SETS.providerVisible)
  @FieldResolver(() => [ProviderEngagement])
  providerEngagements(@Root() c: Complaint, @Ctx() ctx: Context) {
    return related(ctx, Complaint, 'providerEngagements', c);
  }

  @FieldResolver(() => [Response])
  responses(@Root() c: Complaint, @Ctx() ctx: Context) {
    return related(ctx, Complaint, 'responses', c);
  }

  @FieldResolver(() => [DeadlineExtension])
  extensions(@Root() c: Complaint, @Ctx() ctx: Context) {
    return related(ctx, Complaint, 'extensions', c);
  }

  @FieldResolver(() => [OmbudsmanEscalation])
  ombudsmanEscalations(@Root() c: Complaint, @Ctx() ctx: Context) {
    return related(ctx, Complaint, 'ombudsmanEscalations', c);
  }

  @FieldResolver(() => [LearningPoint])
  learningPoints(@Root() c: Complaint, @Ctx() ctx: Context) {
    return related(ctx, Complaint, 'learningPoints', c);
  }

  @Authorized(...ROLE_SETS.notificationReaders)
  @FieldResolver(() => [Notification])
  notifications(@Root() c: Complaint, @Ctx() ctx: Context) {
    return related(ctx, Complaint, 'notifications', c);
  }

  @Authorized(...ROLE_SETS.auditReaders)
  @FieldResolver(() => [AuditEvent], { description: 'The history of the complaint, oldest first.' })
  auditTrail(@Root() c: Complaint, @Ctx() ctx: Context) {
    return related(ctx, Complaint, 'auditTrail', c);
  }

  @FieldResolver(() => [Document], {
    description: 'The letters sent to the complainant, as sent (PDF), oldest first: metadata and where to download.',
  })
  documents(@Root() c: Complaint, @Ctx() ctx: Context) {
    return related(ctx, Complaint, 'documents', c);
  }
}
