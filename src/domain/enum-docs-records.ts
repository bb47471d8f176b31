/**
 * The meaning of the enums of people, the case file, messages and records around a complaint: one home
 * for the texts the graph shows (src/domain/enum-docs.ts).
 */
import type { EnumDocs } from './enum-docs';

type RecordEnum =
  | 'HearingStatus'
  | 'Role'
  | 'NotificationChannel'
  | 'NotificationStatus'
  | 'ContactMethod'
  | 'ContactRestrictionStatus'
  | 'CaseStatus'
  | 'PartyRole'
  | 'EvidenceKind'
  | 'ComplimentSource'
  | 'LearningPointKind'
  | 'RecipientKind'
  | 'InboundMessageStatus';

export const RECORD_ENUM_DOCS: EnumDocs<RecordEnum> = {
  HearingStatus: {
    description:
      "The court's status for a hearing, as the case management system sends it; only LISTED hearings bind response " +
      'deadlines, and any change recomputes them (SPEC "Deadline arithmetic").',
    values: {
      LISTED: 'Scheduled to take place: the next listed hearing bounds the response and court-action due dates.',
      POSTPONED: 'Put off before it took place; it no longer binds deadlines.',
      ADJOURNED: 'Adjourned by the court; it no longer binds deadlines.',
      CANCELLED: 'Will not take place; it no longer binds deadlines.',
      COMPLETED: 'Took place.',
    },
  },
  Role: {
    description: 'The role a token carries: members of staff and partner systems (SPEC §3, letters in brackets).',
    values: {
      CST_OFFICER: 'Customer Service Team officer (O): intake, triage, assessment, referral and responses.',
      CST_MANAGER: "Customer Service Team manager (M): an officer's work plus the manager-only decisions of SPEC §3.",
      PRACTITIONER: 'Practitioner (P): the family court adviser allocated to cases.',
      LINE_MANAGER:
        'Line manager (L): takes referrals about their reporting line; answers local resolution and staff-not-case.',
      SENIOR_MANAGER:
        "Senior manager (S): Head of Practice or Assistant Director; approves responses, owns children's complaints.",
      PROVIDER: 'A commissioned service provider (V), with a partner credential naming one provider.',
      CASE_SYSTEM: 'The case management system (C): pushes the case file through upsertCaseFile.',
      HR_SYSTEM: 'The HR system (H): receives serious conduct referrals by webhook and records their outcomes.',
      ANALYST: 'Analyst (A): reads statistics and the quarterly report, counts below 5 shown as "<5".',
    },
  },
  NotificationChannel: {
    description: 'How a notification is delivered (SPEC §4).',
    values: {
      EMAIL: 'An email through SMTP; a letter to the complainant rides along as a PDF attachment.',
      WEBHOOK:
        'A signed HTTP POST (Standard Webhooks, HMAC-SHA256) to a provider endpoint or the HR system, carrying ids ' +
        'and the reference only.',
      POST: 'A printable PDF letter for a complainant without an email address, printed and posted by the service.',
    },
  },
  NotificationStatus: {
    description: 'Where the delivery of a notification stands; the row is the source of truth (SPEC §4).',
    values: {
      PENDING: 'Written with the change that caused it; waiting for delivery or for its next retry.',
      SENT: 'Delivered: accepted by the mail server or the webhook endpoint, or the letter recorded as posted.',
      FAILED:
        'The last delivery attempt failed (or the complaint was anonymised before it went): retryNotification ' +
        'sends it again.',
      AWAITING_POST: 'The letter is produced and waits to be printed and posted (recordLetterPosted makes it SENT).',
    },
  },
  ContactMethod: {
    description:
      "A way of contacting someone: a complainant's or child's preferred method (§5.2), how a child was contacted, " +
      'a contact on the case file.',
    values: {
      PHONE: 'By telephone.',
      LETTER: 'By letter to a postal address.',
      EMAIL: 'By email.',
      IN_PERSON: 'Face to face.',
    },
  },
  ContactRestrictionStatus: {
    description: 'Whether a limit on contact with a complainant applies (§3.4–3.5).',
    values: {
      IN_FORCE: 'Applies until a CST manager lifts it; its review date does not end it.',
      LIFTED: 'Lifted by a CST manager; the complainant was told.',
    },
  },
  CaseStatus: {
    description: 'Whether the service is still involved in a case, as the case management system sends it.',
    values: {
      OPEN: "The service is involved: a child's complaint on it is notified to the court (§5.4).",
      CLOSED:
        "Involvement ended: the six-month window for complaints runs from the case's involvementEndedOn " +
        '(the day it closed unless the case system gives the date, §3.2).',
    },
  },
  PartyRole: {
    description: "An adult party's role in the family proceedings.",
    values: {
      APPLICANT: 'Made the application to the court.',
      RESPONDENT: 'Responds to the application.',
      INTERVENER: 'Joined the proceedings as an intervener.',
    },
  },
  EvidenceKind: {
    description: 'What an evidence item is (SPEC §1.1); an attachment of an email gets one from its media type.',
    values: {
      DOCUMENT: 'A document (anything not one of the others, e.g. a PDF or a letter).',
      RECORDING: 'An audio or video recording.',
      PHOTOGRAPH: 'A photograph or other image.',
      MESSAGE: 'A message, such as a forwarded email.',
      OTHER: 'Something else.',
    },
  },
  ComplimentSource: {
    description: 'Who gave a compliment (§6).',
    values: {
      SERVICE_USER: 'A service user: a party or a child of a case.',
      PROFESSIONAL: 'A professional working with the service.',
    },
  },
  LearningPointKind: {
    description: 'What a point of learning from a complaint is (FOI 2015, SPEC §1.10).',
    values: {
      LEARNING_POINT: 'Learning for the national learning log.',
      ACTION_POINT: 'An action for one person (its owner), to be closed with evidence.',
    },
  },
  RecipientKind: {
    description: 'Who a notification is for (SPEC §4).',
    values: {
      COMPLAINANT: 'The complainant: by email, else by a posted letter.',
      COURT: "A court, by email: the court of the next listed hearing, else the case's court; carries the case number.",
      STAFF: 'A member of staff, by email: the reference, what to do, a due date and a link.',
      PROVIDER: 'A commissioned provider: by webhook when it has an active endpoint, else by email.',
      HR_SYSTEM: 'The HR system, by webhook: senior referrals and formal actions.',
      CST_MAILBOX:
        "The CST's shared mailbox: what is meant for the CST about a complaint with no CST officer assigned.",
    },
  },
  InboundMessageStatus: {
    description: 'What became of a message the inbound mailbox accepted (issue 16).',
    values: {
      RECEIVED: 'Stored, not processed yet (or its processing is being retried: see the reason).',
      DRAFTED: 'It became a draft complaint.',
      ATTACHED: 'It carried a known reference and was attached to that complaint as correspondence.',
      QUARANTINED:
        'Kept aside with the reason (an auto-reply, a bounce, an unreadable encoding): for a CST manager to look at.',
    },
  },
};
