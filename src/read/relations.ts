/**
 * Every relation the graph navigates, in one registry: which loader serves it and which key joins
 * it. Field resolvers load through it; look-ahead (src/read/look-ahead.ts) prefetches through it.
 */
import type { ObjectLiteral } from 'typeorm';
import {
  AuditEvent,
  Notification,
  Case,
  Compliment,
  Child,
  Complainant,
  ComplaintAspect,
  Complaint,
  ComplaintNote,
  ContactLog,
  Document,
  ContactRestriction,
  Court,
  CourtNotification,
  CourtReport,
  DeadlineExtension,
  Evidence,
  EvidenceFile,
  Hearing,
  LearningPoint,
  OmbudsmanEscalation,
  OmbudsmanRecommendation,
  Party,
  Provider,
  ProviderEngagement,
  ReasonableAdjustment,
  Referral,
  ReportCorrection,
  Response,
  ServiceArea,
  Staff,
  InboundMessage,
} from '../entities';

type Class<T = any> = { new (...args: any[]): T };

/** Loaders by id: one per entity that is the target of a to-one relation. */
export const BY_ID = {
  staff: Staff,
  serviceArea: ServiceArea,
  court: Court,
  provider: Provider,
  case: Case,
  party: Party,
  child: Child,
  courtReport: CourtReport,
  complainant: Complainant,
  complaint: Complaint,
  aspect: ComplaintAspect,
} as const;

/** Loaders of children by their parent's id: [entity, foreign key, order]. */
export const BY_PARENT = {
  hearingsByCase: [Hearing, 'caseId', ['startsAt', 'id']],
  courtReportsByCase: [CourtReport, 'caseId', ['filedOn', 'id']],
  contactLogsByCase: [ContactLog, 'caseId', ['occurredAt', 'id']],
  partiesByCase: [Party, 'caseId', ['lastName', 'id']],
  childrenByCase: [Child, 'caseId', ['dateOfBirth', 'id']],
  complaintsByCase: [Complaint, 'caseId', ['receivedAt', 'id']],
  aspectsByComplaint: [ComplaintAspect, 'complaintId', ['position', 'id']],
  evidenceByComplaint: [Evidence, 'complaintId', ['receivedAt', 'id']],
  notesByComplaint: [ComplaintNote, 'complaintId', ['createdAt', 'id']],
  referralsByComplaint: [Referral, 'complaintId', ['createdAt', 'level', 'id']],
  courtNotificationsByComplaint: [CourtNotification, 'complaintId', ['dueOn', 'reason', 'id']],
  reportCorrectionsByComplaint: [ReportCorrection, 'complaintId', ['dueOn', 'id']],
  providerEngagementsByComplaint: [ProviderEngagement, 'complaintId', ['createdAt', 'id']],
  responsesByComplaint: [Response, 'complaintId', ['createdAt', 'id']],
  extensionsByComplaint: [DeadlineExtension, 'complaintId', ['createdAt', 'id']],
  escalationsByComplaint: [OmbudsmanEscalation, 'complaintId', ['referredOn', 'id']],
  recommendationsByEscalation: [OmbudsmanRecommendation, 'escalationId', ['dueOn', 'id']],
  learningPointsByComplaint: [LearningPoint, 'complaintId', ['dueOn', 'id']],
  restrictionsByComplainant: [ContactRestriction, 'complainantId', ['createdAt', 'id']],
  adjustmentsByComplainant: [ReasonableAdjustment, 'complainantId', ['createdAt', 'id']],
  notificationsByComplaint: [Notification, 'complaintId', ['createdAt', 'id']],
  auditByComplaint: [AuditEvent, 'complaintId', ['sequence', 'id']],
  documentsByComplaint: [Document, 'complaintId', ['createdAt', 'id']],
  documentsByNotification: [Document, 'notificationId', ['createdAt', 'id']],
  correspondenceByComplaint: [InboundMessage, 'complaintId', ['receivedAt', 'id']],
  filesByEvidence: [EvidenceFile, 'evidenceId', ['createdAt', 'id']],
} as const;

export type ByIdKey = keyof typeof BY_ID;
export type ByParentKey = keyof typeof BY_PARENT;

export interface ToOne {
  kind: 'one';
  /** The property of the source row holding the target's id. */
  foreignKey: string;
  loader: ByIdKey;
}

export interface ToMany {
  kind: 'many';
  loader: ByParentKey;
  /** False for fields only some roles may read: loaded after the field's check, never prefetched. */
  prefetch: boolean;
}

export type RelationSpec = ToOne | ToMany;

const one = (foreignKey: string, loader: ByIdKey): ToOne => ({ kind: 'one', foreignKey, loader });
const many = (loader: ByParentKey, prefetch = true): ToMany => ({ kind: 'many', loader, prefetch });

/** Relations by GraphQL type and field. */
export const RELATIONS = new Map<Class, Record<string, RelationSpec>>([
  [
    Complaint,
    {
      complainant: one('complainantId', 'complainant'),
      case: one('caseId', 'case'),
      serviceArea: one('serviceAreaId', 'serviceArea'),
      subjectStaff: one('subjectStaffId', 'staff'),
      assignee: one('assigneeId', 'staff'),
      owner: one('ownerId', 'staff'),
      repeats: one('repeatsComplaintId', 'complaint'),
      localManager: one('localManagerId', 'staff'),
      referredProvider: one('referredProviderId', 'provider'),
      aspects: many('aspectsByComplaint'),
      evidence: many('evidenceByComplaint'),
      notes: many('notesByComplaint'),
      referrals: many('referralsByComplaint'),
      courtNotifications: many('courtNotificationsByComplaint'),
      reportCorrections: many('reportCorrectionsByComplaint'),
      providerEngagements: many('providerEngagementsByComplaint'),
      responses: many('responsesByComplaint'),
      extensions: many('extensionsByComplaint'),
      ombudsmanEscalations: many('escalationsByComplaint'),
      learningPoints: many('learningPointsByComplaint'),
      notifications: many('notificationsByComplaint', false),
      auditTrail: many('auditByComplaint', false),
      documents: many('documentsByComplaint'),
      correspondence: many('correspondenceByComplaint'),
    },
  ],
  [
    Case,
    {
      court: one('courtId', 'court'),
      serviceArea: one('serviceAreaId', 'serviceArea'),
      practitioner: one('practitionerId', 'staff'),
      hearings: many('hearingsByCase'),
      courtReports: many('courtReportsByCase'),
      contactLogs: many('contactLogsByCase'),
      parties: many('partiesByCase'),
      children: many('childrenByCase'),
      complaints: many('complaintsByCase', false),
    },
  ],
  [Staff, { lineManager: one('lineManagerId', 'staff'), serviceArea: one('serviceAreaId', 'serviceArea') }],
  [Hearing, { court: one('courtId', 'court') }],
  [CourtReport, { author: one('authorId', 'staff') }],
  [ComplaintNote, { author: one('authorId', 'staff') }],
  [ContactLog, { staff: one('staffId', 'staff') }],
  [
    Complainant,
    {
      party: one('partyId', 'party'),
      child: one('childId', 'child'),
      contactRestrictions: many('restrictionsByComplainant'),
      reasonableAdjustments: many('adjustmentsByComplainant'),
    },
  ],
  [
    ComplaintAspect,
    {
      courtReport: one('courtReportId', 'courtReport'),
      staff: one('staffId', 'staff'),
      provider: one('providerId', 'provider'),
    },
  ],
  [
    Referral,
    {
      complaint: one('complaintId', 'complaint'),
      staff: one('staffId', 'staff'),
      recipient: one('recipientId', 'staff'),
      copiedLineManager: one('copiedLineManagerId', 'staff'),
      aspect: one('aspectId', 'aspect'),
    },
  ],
  [CourtNotification, { court: one('courtId', 'court'), aspect: one('aspectId', 'aspect') }],
  [ReportCorrection, { courtReport: one('courtReportId', 'courtReport'), aspect: one('aspectId', 'aspect') }],
  [ProviderEngagement, { provider: one('providerId', 'provider'), aspect: one('aspectId', 'aspect') }],
  [Response, { draftedBy: one('draftedById', 'staff'), approver: one('approverId', 'staff') }],
  [OmbudsmanEscalation, { recommendations: many('recommendationsByEscalation') }],
  [LearningPoint, { owner: one('ownerId', 'staff'), complaint: one('complaintId', 'complaint') }],
  [Compliment, { staff: one('staffId', 'staff'), serviceArea: one('serviceAreaId', 'serviceArea') }],
  [ContactRestriction, { recordedBy: one('recordedById', 'staff'), liftedBy: one('liftedById', 'staff') }],
  // A POST letter's PDF, for the post room (a list of at most one: the document names its notification).
  [Notification, { document: many('documentsByNotification', false) }],
  [InboundMessage, { complaint: one('complaintId', 'complaint') }],
  [Evidence, { files: many('filesByEvidence') }],
]);

/** The entity a relation leads to. */
export function targetOf(spec: RelationSpec): Class {
  return spec.kind === 'one' ? BY_ID[spec.loader] : BY_PARENT[spec.loader][0];
}

/** Looks a relation up, failing loudly when a field resolver and the registry disagree. */
export function relation<T extends ObjectLiteral>(type: Class<T>, field: string): RelationSpec {
  const spec = RELATIONS.get(type)?.[field];
  if (!spec) throw new Error(`no relation ${type.name}.${field} in src/read/relations.ts`);
  return spec;
}
