/**
 * The composition root of the services: each is constructed once here, with its collaborators, and
 * the resolvers and workers are handed these instances (src/graphql/schema.ts, src/workers.ts).
 * Services hold no request state: a request's transaction, caller and clock come in the context
 * passed to each method.
 */
import { AssessmentService } from './assessment.service';
import { AuditService } from './audit.service';
import { BankHolidayService } from './bank-holiday.service';
import { CaseFileService } from './case-file.service';
import { CaseService } from './case.service';
import { ComplainantService } from './complainant.service';
import { ComplimentService } from './compliment.service';
import { ComplimentNotices } from './compliment-notices';
import { ContactRestrictionNotices } from './contact-restriction-notices';
import { ContactRestrictionService } from './contact-restriction.service';
import { StaffDirectoryService } from './staff-directory.service';
import { AssignmentService } from './assignment.service';
import { CaseloadService } from './caseload.service';
import { ComplaintNoteService } from './complaint-note.service';
import { ChildComplaintService } from './child-complaint.service';
import { ComplaintStore } from './complaint-store';
import { CorrectionNotices } from './correction-notices';
import { CorrectionService } from './correction.service';
import { ComplaintService } from './complaint.service';
import { ConsequenceService } from './consequence.service';
import { CourtActionService } from './court-action.service';
import { DeadlineAlertService } from './deadline-alert.service';
import { DeadlineService } from './deadline.service';
import { DeadlineExtensionService } from './deadline-extension.service';
import { DeliveryEffects } from './delivery-effects.service';
import { DocumentService } from './document.service';
import { EvidenceFileService } from './evidence-file.service';
import { SubjectAccessService } from './subject-access.service';
import { fileStores } from '../integrations/files/file-stores';
import { readFiles, type FilesConfig } from '../config-files';
import { EvidenceService } from './evidence.service';
import { IdempotencyService } from './idempotency.service';
import { IntakeService } from './intake.service';
import { LearningPointService } from './learning-point.service';
import { LegalHoldService } from './legal-hold.service';
import { NotificationAdminService } from './notification-admin.service';
import { NotificationService } from './notification.service';
import { OmbudsmanService } from './ombudsman.service';
import { ProviderChaseService } from './provider-chase.service';
import { ProviderResponseService } from './provider-response.service';
import { ProviderWebhookService } from './provider-webhook.service';
import { ReferenceDataService } from './reference-data.service';
import { ReferralService } from './referral.service';
import { ResponseService } from './response.service';
import { RoutingService } from './routing.service';
import { StatisticsService } from './statistics.service';
import { TriageService } from './triage.service';
import { WorkingCalendar } from './working-calendar';
import { InboundMailService } from './inbound-mail.service';
import { NodeService } from './node.service';
import { EmailComplaintService } from './email-complaint.service';
import { DraftIntakeService } from './draft-intake.service';
import { CourtNotices } from './court-notices';
import { DeadlineNotices } from './deadline-notices';
import { IntakeNotices } from './intake-notices';
import { ProviderNotices } from './provider-notices';
import { Recipients } from './recipients';
import { ReferralNotices } from './referral-notices';
import { ResponseNotices } from './response-notices';

/** The services that keep files (issue 16): letters, evidence files and subject access exports. */
function fileServices(files: FilesConfig, audit: AuditService, store: ComplaintStore) {
  // Where each kind of file's bytes are (retention deletes them from there): PostgreSQL, or for evidence
  // an S3-compatible bucket (FILE_STORE=s3); letters always in PostgreSQL (src/integrations/files/file-stores.ts).
  const stores = fileStores(files);
  return {
    files: stores,
    documents: new DocumentService(audit, stores.documents),
    evidenceFiles: new EvidenceFileService(store, audit, stores.evidence, files),
    // Subject access exports (SPEC §1.12): everything held about one person, as a ZIP.
    subjectAccess: new SubjectAccessService(audit, stores),
  };
}

/** `files`: where files' bytes go and evidence uploads' limits (the defaults: PostgreSQL, 25 MB). */
export function createServices(files: FilesConfig = readFiles({})) {
  // What the use cases share: the trail, routing to people, the calendar, the outbox, deadlines.
  const audit = new AuditService();
  const routing = new RoutingService();
  const calendar = new WorkingCalendar();
  const notifications = new NotificationService();
  // Who is told of what, event by event, through the outbox.
  const recipients = new Recipients();
  const intakeNotices = new IntakeNotices(notifications, recipients, routing);
  const courtNotices = new CourtNotices(notifications, recipients);
  const referralNotices = new ReferralNotices(notifications, recipients, routing);
  const providerNotices = new ProviderNotices(notifications, recipients);
  const responseNotices = new ResponseNotices(notifications, recipients);
  const deadlineNotices = new DeadlineNotices(notifications, recipients);
  const correctionNotices = new CorrectionNotices(notifications, recipients);
  const alerts = new DeadlineAlertService(calendar, deadlineNotices);
  const contactRestrictions = new ContactRestrictionService(
    audit,
    new ContactRestrictionNotices(notifications, recipients),
  );
  const deadlines = new DeadlineService(calendar, audit, deadlineNotices, alerts);
  const store = new ComplaintStore(audit, deadlines, alerts);
  const chases = new ProviderChaseService(calendar, providerNotices, audit);
  const providerResponses = new ProviderResponseService(store, providerNotices);
  const courtActions = new CourtActionService(store, notifications);
  const deliveryEffects = new DeliveryEffects(store, courtActions);
  const consequences = new ConsequenceService(
    calendar,
    deadlines,
    routing,
    notifications,
    courtNotices,
    referralNotices,
    providerNotices,
    chases,
  );
  const intake = new IntakeService(store, deadlines, routing, intakeNotices, courtNotices);
  const keeping = fileServices(files, audit, store);
  return {
    audit,
    notifications,
    alerts,
    deadlines,
    chases,
    contactRestrictions,
    deliveryEffects,
    // Mutations' Idempotency-Keys (claimed and answered by the HTTP layer).
    idempotency: new IdempotencyService(),
    // Reads.
    complaints: new ComplaintService(),
    cases: new CaseService(),
    referenceData: new ReferenceDataService(),
    statistics: new StatisticsService(),
    // The procedure's use cases.
    intake,
    evidence: new EvidenceService(store),
    triage: new TriageService(store, deadlines, intakeNotices, routing),
    assessment: new AssessmentService(store, consequences),
    courtActions,
    responses: new ResponseService(store, routing, responseNotices, courtNotices, providerResponses),
    corrections: new CorrectionService(store, audit, routing, correctionNotices, responseNotices),
    extensions: new DeadlineExtensionService(store, calendar, deadlines, responseNotices),
    children: new ChildComplaintService(store, calendar, deadlines),
    providerResponses,
    ombudsman: new OmbudsmanService(store),
    compliments: new ComplimentService(audit, new ComplimentNotices(notifications, recipients, routing)),
    staffDirectory: new StaffDirectoryService(),
    caseload: new CaseloadService(),
    assignments: new AssignmentService(store, notifications, recipients),
    notes: new ComplaintNoteService(store),
    learningPoints: new LearningPointService(audit),
    referrals: new ReferralService(audit, referralNotices),
    complainants: new ComplainantService(audit),
    holidays: new BankHolidayService(calendar, deadlines, audit),
    legalHolds: new LegalHoldService(store),
    notificationAdmin: new NotificationAdminService(audit, deliveryEffects),
    caseFiles: new CaseFileService(audit, deadlines),
    ...keeping,
    // Complaints by email (issue 16): the mailbox, what its messages become, and completing a draft's intake.
    inboundMail: new InboundMailService(),
    emailComplaints: new EmailComplaintService(store, deadlines, intake, audit, keeping.evidenceFiles),
    draftIntake: new DraftIntakeService(store, deadlines, intake, intakeNotices, courtNotices),
    // Providers' webhook endpoints and signing secrets (issue 17).
    providerWebhooks: new ProviderWebhookService(audit),
    // Relay refetching: any object by its id (issue 17).
    nodes: new NodeService(),
  };
}

export type Services = ReturnType<typeof createServices>;
