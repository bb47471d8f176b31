/** Migrations in order; the owner role runs them at start-up. */
import type { MigrationInterface } from 'typeorm';
import { Initial1795424409218 } from './1795424409218-initial';
import { WorkQueueIndexes1795424409300 } from './1795424409300-work-queue-indexes';
import { ProcedureColumns1795425819700 } from './1795425819700-procedure-columns';
import { ConsequenceKeys1795426149562 } from './1795426149562-consequence-keys';
import { NotificationDelivery1795427225310 } from './1795427225310-notification-delivery';
import { StaffPersonalData1795436335307 } from './1795436335307-staff-personal-data';
import { RowLevelSecurity1795436400000 } from './1795436400000-row-level-security';
import { AuditRedaction1795451367394 } from './1795451367394-audit-redaction';
import { ProviderChases1795452000000 } from './1795452000000-provider-chases';
import { DeliveryLeases1795460000000 } from './1795460000000-delivery-leases';
import { ReferenceSequences1796587797631 } from './1796587797631-reference-sequences';
import { IdempotencyKeys1796587887291 } from './1796587887291-idempotency-keys';
import { AuditSeals1796600000000 } from './1796600000000-audit-seals';
import { StaffActive1796600000001 } from './1796600000001-staff-active';
import { PartnerReadAppend1796600000010 } from './1796600000010-partner-read-append';
import { StatisticsSummaries1796600000100 } from './1796600000100-statistics-summaries';
import { ComplaintSearch1796600000200 } from './1796600000200-complaint-search';
import { ComplaintNotes1796612656629 } from './1796612656629-complaint-notes';
import { ContactRestrictionLifecycle1796720000000 } from './1796720000000-contact-restriction-lifecycle';
import { Documents1796740000000 } from './1796740000000-documents';
import { InboundMail1796750000000 } from './1796750000000-inbound-mail';
import { EvidenceFiles1796770000000 } from './1796770000000-evidence-files';
import { SubjectAccessExports1796770000100 } from './1796770000100-subject-access-exports';
import { ProviderWebhookRotation1796780000000 } from './1796780000000-provider-webhook-rotation';
import { ComplaintSearchOrder1796700000000 } from './1796700000000-complaint-search-order';

export const MIGRATIONS: (new () => MigrationInterface)[] = [Initial1795424409218, WorkQueueIndexes1795424409300, ProcedureColumns1795425819700, ConsequenceKeys1795426149562, NotificationDelivery1795427225310, StaffPersonalData1795436335307, RowLevelSecurity1795436400000, AuditRedaction1795451367394, ProviderChases1795452000000, DeliveryLeases1795460000000, ReferenceSequences1796587797631, IdempotencyKeys1796587887291, AuditSeals1796600000000, StaffActive1796600000001, PartnerReadAppend1796600000010, StatisticsSummaries1796600000100, ComplaintSearch1796600000200, ComplaintNotes1796612656629, ComplaintSearchOrder1796700000000, ContactRestrictionLifecycle1796720000000, Documents1796740000000, InboundMail1796750000000, EvidenceFiles1796770000000, SubjectAccessExports1796770000100, ProviderWebhookRotation1796780000000];
