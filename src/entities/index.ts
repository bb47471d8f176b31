/** Every table of the gateway, for the data source and the schema. */
import { AuditEvent } from './audit-event.entity';
import { BankHoliday } from './bank-holiday.entity';
import { Case } from './case.entity';
import { Child } from './child.entity';
import { Complainant } from './complainant.entity';
import { ComplaintAspect } from './complaint-aspect.entity';
import { Complaint } from './complaint.entity';
import { Compliment } from './compliment.entity';
import { ComplaintNote } from './complaint-note.entity';
import { ContactLog } from './contact-log.entity';
import { ContactRestriction } from './contact-restriction.entity';
import { CourtNotification } from './court-notification.entity';
import { CourtReport } from './court-report.entity';
import { Court } from './court.entity';
import { DeadlineExtension } from './deadline-extension.entity';
import { Evidence } from './evidence.entity';
import { Hearing } from './hearing.entity';
import { IdempotencyKey } from './idempotency-key.entity';
import { LearningPoint } from './learning-point.entity';
import { Notification } from './notification.entity';
import { OmbudsmanEscalation } from './ombudsman-escalation.entity';
import { OmbudsmanRecommendation } from './ombudsman-recommendation.entity';
import { Party } from './party.entity';
import { ProviderEngagement } from './provider-engagement.entity';
import { Provider } from './provider.entity';
import { ReasonableAdjustment } from './reasonable-adjustment.entity';
import { Referral } from './referral.entity';
import { ReportCorrection } from './report-correction.entity';
import { Response } from './response.entity';
import { ServiceArea } from './service-area.entity';
import { Staff } from './staff.entity';
import { Document } from './document.entity';
import { DocumentContent } from './document-content.entity';
import { InboundMessage } from './inbound-message.entity';
import { InboundMessageSource } from './inbound-message-source.entity';
import { InboundAttachment } from './inbound-attachment.entity';
import { EvidenceFile } from './evidence-file.entity';
import { EvidenceFileContent } from './evidence-file-content.entity';
import { SubjectAccessExport } from './subject-access-export.entity';

export {
  AuditEvent,
  BankHoliday,
  Case,
  Child,
  Complainant,
  ComplaintAspect,
  Complaint,
  ComplaintNote,
  Compliment,
  ContactLog,
  ContactRestriction,
  CourtNotification,
  CourtReport,
  Court,
  DeadlineExtension,
  Evidence,
  Hearing,
  IdempotencyKey,
  LearningPoint,
  Notification,
  OmbudsmanEscalation,
  OmbudsmanRecommendation,
  Party,
  ProviderEngagement,
  Provider,
  ReasonableAdjustment,
  Referral,
  ReportCorrection,
  Response,
  ServiceArea,
  Staff,
  Document,
  DocumentContent,
  InboundMessage,
  InboundMessageSource,
  InboundAttachment,
  EvidenceFile,
  EvidenceFileContent,
  SubjectAccessExport,
};

export const ENTITIES = [
  ServiceArea,
  Court,
  Provider,
  Staff,
  Case,
  Party,
  Child,
  Hearing,
  CourtReport,
  ContactLog,
  Complainant,
  Complaint,
  Evidence,
  ComplaintNote,
  ComplaintAspect,
  Referral,
  CourtNotification,
  ReportCorrection,
  ProviderEngagement,
  Response,
  DeadlineExtension,
  OmbudsmanEscalation,
  OmbudsmanRecommendation,
  Compliment,
  LearningPoint,
  ContactRestriction,
  ReasonableAdjustment,
  Notification,
  AuditEvent,
  BankHoliday,
  IdempotencyKey,
  Document,
  DocumentContent,
  InboundMessage,
  InboundMessageSource,
  InboundAttachment,
  EvidenceFile,
  EvidenceFileContent,
  SubjectAccessExport,
];
