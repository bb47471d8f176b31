/**
 * DataLoaders, created per request (STYLE §6–7): one batched statement per relation and nesting
 * level, results in key order, null / [] for gaps.
 */
import DataLoader from 'dataloader';
import { In, type EntityManager, type EntityTarget, type FindOptionsOrder, type ObjectLiteral } from 'typeorm';
import {
  AuditEvent, Case, Child, Complainant, ComplaintAspect, Complaint, ContactLog, ContactRestriction, Court,
  CourtNotification, CourtReport, DeadlineExtension, Evidence, Hearing, LearningPoint, Notification,
  OmbudsmanEscalation, OmbudsmanRecommendation, Party, Provider, ProviderEngagement, ReasonableAdjustment,
  Referral, ReportCorrection, Response, ServiceArea, Staff,
} from '../entities';

type WithId = ObjectLiteral & { id: string };

function byId<T extends WithId>(em: EntityManager, entity: EntityTarget<T>): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(async (ids) => {
    const rows = await em.getRepository(entity).find({ where: { id: In([...ids]) } as never });
    const found = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => found.get(id) ?? null);
  });
}

function manyBy<T extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<T>,
  foreignKey: keyof T & string,
  order: FindOptionsOrder<T>,
): DataLoader<string, T[]> {
  return new DataLoader<string, T[]>(async (keys) => {
    const rows = await em.getRepository(entity).find({ where: { [foreignKey]: In([...keys]) } as never, order });
    const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
    for (const row of rows) groups.get(row[foreignKey] as string)?.push(row);
    return keys.map((k) => groups.get(k) ?? []);
  });
}

export function createLoaders(em: EntityManager) {
  return {
    staff: byId(em, Staff),
    serviceArea: byId(em, ServiceArea),
    court: byId(em, Court),
    provider: byId(em, Provider),
    case: byId(em, Case),
    party: byId(em, Party),
    child: byId(em, Child),
    courtReport: byId(em, CourtReport),
    complainant: byId(em, Complainant),
    complaint: byId(em, Complaint),
    aspect: byId(em, ComplaintAspect),

    hearingsByCase: manyBy(em, Hearing, 'caseId', { startsAt: 'ASC', id: 'ASC' }),
    courtReportsByCase: manyBy(em, CourtReport, 'caseId', { filedOn: 'ASC', id: 'ASC' }),
    contactLogsByCase: manyBy(em, ContactLog, 'caseId', { occurredAt: 'ASC', id: 'ASC' }),
    partiesByCase: manyBy(em, Party, 'caseId', { lastName: 'ASC', id: 'ASC' }),
    childrenByCase: manyBy(em, Child, 'caseId', { dateOfBirth: 'ASC', id: 'ASC' }),
    complaintsByCase: manyBy(em, Complaint, 'caseId', { receivedAt: 'ASC', id: 'ASC' }),

    aspectsByComplaint: manyBy(em, ComplaintAspect, 'complaintId', { position: 'ASC', id: 'ASC' }),
    evidenceByComplaint: manyBy(em, Evidence, 'complaintId', { receivedAt: 'ASC', id: 'ASC' }),
    referralsByComplaint: manyBy(em, Referral, 'complaintId', { createdAt: 'ASC', id: 'ASC' }),
    courtNotificationsByComplaint: manyBy(em, CourtNotification, 'complaintId', { createdAt: 'ASC', id: 'ASC' }),
    reportCorrectionsByComplaint: manyBy(em, ReportCorrection, 'complaintId', { createdAt: 'ASC', id: 'ASC' }),
    providerEngagementsByComplaint: manyBy(em, ProviderEngagement, 'complaintId', { createdAt: 'ASC', id: 'ASC' }),
    responsesByComplaint: manyBy(em, Response, 'complaintId', { createdAt: 'ASC', id: 'ASC' }),
    extensionsByComplaint: manyBy(em, DeadlineExtension, 'complaintId', { createdAt: 'ASC', id: 'ASC' }),
    escalationsByComplaint: manyBy(em, OmbudsmanEscalation, 'complaintId', { referredOn: 'ASC', id: 'ASC' }),
    recommendationsByEscalation: manyBy(em, OmbudsmanRecommendation, 'escalationId', { dueOn: 'ASC', id: 'ASC' }),
    learningPointsByComplaint: manyBy(em, LearningPoint, 'complaintId', { dueOn: 'ASC', id: 'ASC' }),
    notificationsByComplaint: manyBy(em, Notification, 'complaintId', { createdAt: 'ASC', id: 'ASC' }),
    auditByComplaint: manyBy(em, AuditEvent, 'complaintId', { occurredAt: 'ASC', sequence: 'ASC' }),
    restrictionsByComplainant: manyBy(em, ContactRestriction, 'complainantId', { createdAt: 'ASC', id: 'ASC' }),
    adjustmentsByComplainant: manyBy(em, ReasonableAdjustment, 'complainantId', { createdAt: 'ASC', id: 'ASC' }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
