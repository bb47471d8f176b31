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
  @FieldResolver(() => Complainant, {
    description: 'Who complains; their kind decides how the complaint is answered and its deadlines (SPEC §1.2).',
  })
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

  @FieldResolver(() => ServiceArea, {
    nullable: true,
    description:
      'The service area of its case, or of the member of staff complained about when there ' +
      'is no case: the work queue filters by it. Null when neither gives one.',
  })
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
  @FieldResolver(() => [ComplaintAspect], {
    description:
      'What the assessment found, aspect by aspect, in the order given ' +
      'to assessComplaint (SPEC §1.4); empty until assessed.',
  })
  aspects(@Root() c: Complaint, @Ctx() ctx: Context) {
    return related(ctx, Complaint, 'aspects', c);
  }

  @FieldResolver(() => [Evidence], {
    description: 'The evidence items attached, in the order received, those rejected with a reason included (§3.3).',
  })
  evidence(@Root() c: Complaint, @Ctx() ctx: Context) {
    return related(ctx, Complaint, 'evidence', c);
  }

  @FieldResolver(() => [ComplaintNote], { description: 'Internal notes, oldest first: staff only, never sent out.' })
  notes(@Root() c: Complaint, @Ctx() ctx: Context) {
    return related(ctx, Complaint, 'notes', c);
  }

  @FieldResolver(() => [Referral], {
    description: 'The conduct referrals its STAFF_CONDUCT aspects led to, in the order made (SPEC §1.5).',
  })
  referrals(@Root() c: Complaint, @Ctx() ctx: Context) {
    return related(ctx, Complaint, 'referrals', c);
  }

  @FieldResolver(() => [CourtNotification], {
    description:
      'What the court is to be told, earliest due first: professional judgement, factual ' +
      "errors, conduct drawn to the court, a child's complaint (SPEC §1.5, §5.4).",
  })
  courtNotifications(@Root() c: Complaint, @Ctx() ctx: Context) {
    return related(ctx, Complaint, 'courtNotifications', c);
  }

  @FieldResolver(() => [ReportCorrection], {
    description: 'Corrections of the court reports its FACTUAL_ERROR aspects name, earliest due first (§4.7).',
  })
  reportCorrections(@Root() c: Complaint, @Ctx() ctx: Context) {
    return related(ctx, Complaint, 'reportCorrections', c);
  }

  @Authorized(...ROLE_SETS.providerVisible)
  @FieldResolver(() => [ProviderEngagement], {
    description:
      'The commissioned providers its PROVIDER_ACTIONS aspects named, each asked for its side, oldest first (§4.9).',
  })
  providerEngagements(@Root() c: Complaint, @Ctx() ctx: Context) {
    return related(ctx, Complaint, 'providerEngagements', c);
  }

  @FieldResolver(() => [Response], {
    description:
      'The responses and replies drafted, oldest first; at most one is not ' +
      'yet SENT: the one being drafted or approved (SPEC §1.6).',
  })
  responses(@Root() c: Complaint, @Ctx() ctx: Context) {
    return related(ctx, Complaint, 'responses', c);
  }

  @FieldResolver(() => [DeadlineExtension], {
    description: 'Each extension of the response deadline (extendResponseDeadline, §4.12), oldest first.',
  })
  extensions(@Root() c: Complaint, @Ctx() ctx: Context) {
    return related(ctx, Complaint, 'extensions', c);
  }

  @FieldResolver(() => [OmbudsmanEscalation], {
    description: 'Its escalations to the Parliamentary and Health Service Ombudsman, by referral date (SPEC §1.7).',
  })
  ombudsmanEscalations(@Root() c: Complaint, @Ctx() ctx: Context) {
    return related(ctx, Complaint, 'ombudsmanEscalations', c);
  }

  @FieldResolver(() => [LearningPoint], {
    description: 'The learning and action points logged from it, earliest due first (SPEC §1.10).',
  })
  learningPoints(@Root() c: Complaint, @Ctx() ctx: Context) {
    return related(ctx, Complaint, 'learningPoints', c);
  }

  @Authorized(...ROLE_SETS.notificationReaders)
  @FieldResolver(() => [Notification], {
    description:
      'Every message about it (to the complainant, the court, staff, providers, ' +
      'the HR system) with its delivery status, oldest first (SPEC §4).',
  })
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
