/** Relations of a complaint: loaders only (STYLE §6). */
import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import {
  AuditEvent, Case, Complainant, ComplaintAspect, Complaint, CourtNotification, DeadlineExtension, Evidence,
  LearningPoint, Notification, OmbudsmanEscalation, ProviderEngagement, Referral, ReportCorrection, Response,
  ServiceArea, Staff,
} from '../entities';
import { ROLE_SETS } from '../graphql/auth-checker';
import type { Context } from '../graphql/context';

@Resolver(() => Complaint)
export class ComplaintFields {
  @FieldResolver(() => Complainant)
  async complainant(@Root() c: Complaint, @Ctx() ctx: Context): Promise<Complainant> {
    return (await ctx.loaders.complainant.load(c.complainantId))!;
  }

  @FieldResolver(() => Case, { nullable: true })
  case(@Root() c: Complaint, @Ctx() ctx: Context): Promise<Case | null> | null {
    return c.caseId ? ctx.loaders.case.load(c.caseId) : null;
  }

  @FieldResolver(() => ServiceArea, { nullable: true })
  serviceArea(@Root() c: Complaint, @Ctx() ctx: Context): Promise<ServiceArea | null> | null {
    return c.serviceAreaId ? ctx.loaders.serviceArea.load(c.serviceAreaId) : null;
  }

  @FieldResolver(() => Staff, { nullable: true, description: 'The member of staff complained about.' })
  subjectStaff(@Root() c: Complaint, @Ctx() ctx: Context): Promise<Staff | null> | null {
    return c.subjectStaffId ? ctx.loaders.staff.load(c.subjectStaffId) : null;
  }

  @FieldResolver(() => Staff, { nullable: true, description: 'The CST officer handling it.' })
  assignee(@Root() c: Complaint, @Ctx() ctx: Context): Promise<Staff | null> | null {
    return c.assigneeId ? ctx.loaders.staff.load(c.assigneeId) : null;
  }

  @FieldResolver(() => Staff, { nullable: true, description: "The senior manager who owns a child's complaint." })
  owner(@Root() c: Complaint, @Ctx() ctx: Context): Promise<Staff | null> | null {
    return c.ownerId ? ctx.loaders.staff.load(c.ownerId) : null;
  }

  @FieldResolver(() => Complaint, { nullable: true, description: 'The earlier complaint this one repeats.' })
  repeats(@Root() c: Complaint, @Ctx() ctx: Context): Promise<Complaint | null> | null {
    return c.repeatsComplaintId ? ctx.loaders.complaint.load(c.repeatsComplaintId) : null;
  }

  @FieldResolver(() => [ComplaintAspect])
  aspects(@Root() c: Complaint, @Ctx() ctx: Context): Promise<ComplaintAspect[]> {
    return ctx.loaders.aspectsByComplaint.load(c.id);
  }

  @FieldResolver(() => [Evidence])
  evidence(@Root() c: Complaint, @Ctx() ctx: Context): Promise<Evidence[]> {
    return ctx.loaders.evidenceByComplaint.load(c.id);
  }

  @FieldResolver(() => [Referral])
  referrals(@Root() c: Complaint, @Ctx() ctx: Context): Promise<Referral[]> {
    return ctx.loaders.referralsByComplaint.load(c.id);
  }

  @FieldResolver(() => [CourtNotification])
  courtNotifications(@Root() c: Complaint, @Ctx() ctx: Context): Promise<CourtNotification[]> {
    return ctx.loaders.courtNotificationsByComplaint.load(c.id);
  }

  @FieldResolver(() => [ReportCorrection])
  reportCorrections(@Root() c: Complaint, @Ctx() ctx: Context): Promise<ReportCorrection[]> {
    return ctx.loaders.reportCorrectionsByComplaint.load(c.id);
  }

  @FieldResolver(() => [ProviderEngagement])
  providerEngagements(@Root() c: Complaint, @Ctx() ctx: Context): Promise<ProviderEngagement[]> {
    return ctx.loaders.providerEngagementsByComplaint.load(c.id);
  }

  @FieldResolver(() => [Response])
  responses(@Root() c: Complaint, @Ctx() ctx: Context): Promise<Response[]> {
    return ctx.loaders.responsesByComplaint.load(c.id);
  }

  @FieldResolver(() => [DeadlineExtension])
  extensions(@Root() c: Complaint, @Ctx() ctx: Context): Promise<DeadlineExtension[]> {
    return ctx.loaders.extensionsByComplaint.load(c.id);
  }

  @FieldResolver(() => [OmbudsmanEscalation])
  ombudsmanEscalations(@Root() c: Complaint, @Ctx() ctx: Context): Promise<OmbudsmanEscalation[]> {
    return ctx.loaders.escalationsByComplaint.load(c.id);
  }

  @FieldResolver(() => [LearningPoint])
  learningPoints(@Root() c: Complaint, @Ctx() ctx: Context): Promise<LearningPoint[]> {
    return ctx.loaders.learningPointsByComplaint.load(c.id);
  }

  @Authorized(...ROLE_SETS.notificationReaders)
  @FieldResolver(() => [Notification])
  notifications(@Root() c: Complaint, @Ctx() ctx: Context): Promise<Notification[]> {
    return ctx.loaders.notificationsByComplaint.load(c.id);
  }

  @Authorized(...ROLE_SETS.auditReaders)
  @FieldResolver(() => [AuditEvent], { description: 'The history of the complaint, oldest first.' })
  auditTrail(@Root() c: Complaint, @Ctx() ctx: Context): Promise<AuditEvent[]> {
    return ctx.loaders.auditByComplaint.load(c.id);
  }
}
