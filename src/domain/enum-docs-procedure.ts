/** The meaning of the procedure's enums (SPEC §1): one home for the texts the graph shows (src/domain/enum-docs.ts). */
import type { EnumDocs } from './enum-docs';

type ProcedureEnum =
  | 'ComplaintStatus'
  | 'ComplainantKind'
  | 'Channel'
  | 'TriageOutcome'
  | 'NotAcceptedReason'
  | 'AspectCategory'
  | 'Seriousness'
  | 'ReferralLevel'
  | 'ReferralOutcome'
  | 'DueReason'
  | 'OmbudsmanOutcome'
  | 'ResponseStatus'
  | 'ProviderResponseKind'
  | 'CourtNotificationReason';

export const PROCEDURE_ENUM_DOCS: EnumDocs<ProcedureEnum> = {
  ComplaintStatus: {
    description:
      'Where a complaint is in the procedure; it moves only by the steps of SPEC "Statuses and transitions" ' +
      '(an illegal step is an ILLEGAL_TRANSITION error and changes nothing).',
    values: {
      RECEIVED: 'Recorded (recordComplaint), not yet triaged.',
      LOCAL_RESOLUTION:
        'Triaged for local resolution: a local manager puts it right quickly and replies; sending the reply makes ' +
        'it RESOLVED_LOCALLY, escalateFromLocalResolution takes it into the procedure (SPEC §1.3).',
      RESOLVED_LOCALLY: "The local manager's reply was sent; final, except for an escalation to the Ombudsman.",
      NOT_ACCEPTED: 'Triaged as not accepted, with a reason and an explanation sent to the complainant; final.',
      REFERRED_TO_PROVIDER:
        "Concerns only a commissioned provider: handed to the provider's own procedure (§4.9); final.",
      OUTSIDE_PROCEDURE:
        'A non-party, staff-not-case or professional complaint, answered outside the procedure; sending the reply ' +
        'makes it RESPONDED (SPEC §1.2).',
      ACCEPTED: 'In the procedure (accepted at triage, or escalated from local resolution), awaiting assessment.',
      ASSESSED: 'Assessed (assessComplaint, which may be repeated): its aspects and their consequences are recorded.',
      RESPONSE_DRAFTED:
        'A response is being drafted (draftResponse), was returned by the approver, or an approved draft was edited.',
      AWAITING_APPROVAL: 'The draft response is submitted to a senior manager for approval (SPEC §1.6).',
      APPROVED: 'The response is approved and may be sent (sendResponse); editing it goes back to RESPONSE_DRAFTED.',
      RESPONDED:
        'The response or reply was sent; it becomes CLOSED by itself once every court notification and report ' +
        'correction is done.',
      CLOSED: 'Answered and every court action done; the complainant may still escalate to the Ombudsman.',
      ESCALATED_TO_OMBUDSMAN:
        'The complainant took it to the Parliamentary and Health Service Ombudsman; the outcome is recorded on the ' +
        'escalation (SPEC §1.7).',
      WITHDRAWN: 'The complainant withdrew it (withdrawComplaint, from any open status); final.',
    },
  },
  ComplainantKind: {
    description: 'Who complains, which decides how the complaint is answered and its deadlines (SPEC §1.2, §2).',
    values: {
      ADULT_PARTY: 'An adult party of the case (a service user), linked to their Party; answered within the procedure.',
      CHILD:
        'A child of the case (a service user), linked to their Child; owned by a senior manager, response due 20 ' +
        'working days after the child is met or spoken to (§5).',
      NON_PARTY:
        'A relative, friend or representative of a service user: answered outside the procedure within 15 working ' +
        'days, told only what the service user has consented to.',
      STAFF_NOT_CASE:
        "About an employee, unrelated to a case: the employee's line manager answers within 15 working days (§2.3).",
      PROFESSIONAL:
        'A professional raising a concern: recorded and answered locally (the local manager), with no response ' +
        'deadline of the procedure (footnote 2).',
      UNKNOWN: 'Not known until the CST completes the intake of a complaint that arrived by email (a draft, issue 16).',
    },
  },
  Channel: {
    description: 'How a complaint arrived at the service (SPEC §1.1, §4.2).',
    values: {
      IN_PERSON: 'Made in person, to a member of staff.',
      PHONE: 'Made by telephone.',
      LETTER: 'Sent by post.',
      EMAIL: 'Sent by email, including every complaint the inbound mailbox drafted (issue 16).',
    },
  },
  TriageOutcome: {
    description: 'The decision of triageComplaint, each leading to the status of the same name (SPEC §1.3).',
    values: {
      ACCEPTED:
        'Enters the procedure. Out of time (more than 6 months after involvement ended) only with exceptional ' +
        'circumstances recorded by a CST manager.',
      LOCAL_RESOLUTION: 'A named local manager can put it right quickly and replies; the complainant is told.',
      NOT_ACCEPTED: 'Refused with a NotAcceptedReason and a written explanation sent to the complainant.',
      REFERRED_TO_PROVIDER:
        "Concerns only a commissioned provider: goes to the named provider's own procedure, which is notified (§4.9).",
      OUTSIDE_PROCEDURE:
        'Answered outside the procedure: only for NON_PARTY, STAFF_NOT_CASE and PROFESSIONAL complainants.',
    },
  },
  NotAcceptedReason: {
    description: 'Why a complaint was not accepted at triage (SPEC §1.3; procedure §3).',
    values: {
      OUT_OF_TIME:
        "Received more than 6 calendar months after the case's involvementEndedOn (§3.2); a child's complaint only " +
        'once the child has been contacted (§5.5).',
      ABUSIVE: 'Abusive language: the complainant is asked to re-submit it in acceptable terms.',
      REPEAT: 'The same issue was already answered: names the earlier complaint (repeats).',
      COURT_DECISION:
        'About a decision of the court, which the procedure cannot change: the appeal route is explained.',
      UNREASONABLY_PERSISTENT: "Unreasonably persistent: a CST manager's discretion alone (§3.4–3.5).",
    },
  },
  AspectCategory: {
    description:
      'What one aspect of a complaint is about; each category has its own consequences of assessment (SPEC §1.5).',
    values: {
      PROFESSIONAL_JUDGEMENT:
        'A professional judgement: the court is always notified of the complaint and, once sent, the response (§4.6).',
      FACTUAL_ERROR:
        'A factual error in a court report (a report correction) or in another communication to the court (a court ' +
        'notification), due before the next hearing (§4.7).',
      CASE_MANAGEMENT: 'How the case was managed: remedial action only.',
      STAFF_CONDUCT:
        "A named employee's conduct: a referral at the chosen ReferralLevel and, if drawn to the court, a court " +
        'notification (§4.6).',
      PROVIDER_ACTIONS:
        'What a named commissioned provider did: the provider is engaged and asked for its side (§4.9).',
    },
  },
  Seriousness: {
    description: 'How serious a staff-conduct aspect is; it bounds the referral level (SPEC §1.5).',
    values: {
      STANDARD: 'Any referral level may be chosen, including none.',
      SERIOUS: 'The referral must go to the senior manager (SENIOR_MANAGER).',
    },
  },
  ReferralLevel: {
    description: 'To whom the CST refers a staff-conduct aspect (SPEC §1.5, §4.6).',
    values: {
      NONE: 'No referral (STANDARD conduct only).',
      LINE_MANAGER_FOR_INFORMATION: "To the employee's line manager, for information.",
      LINE_MANAGER_FOR_ACTION: "To the employee's line manager, to act on it.",
      SENIOR_MANAGER:
        'The default, and the only level for SERIOUS conduct: to the senior manager (Head of Practice) of the ' +
        "employee's service area, copying the line manager, and sent to the HR system.",
    },
  },
  ReferralOutcome: {
    description: 'What came of a conduct referral, recorded by recordReferralOutcome (SPEC §1.5).',
    values: {
      NO_ACTION: 'No action was needed.',
      INFORMAL_ACTION: 'Informal action under the Employee Relations Policy (§4.8).',
      FORMAL_INVESTIGATION: 'A formal investigation under the Employee Relations Policy.',
      FORMAL_ACTION: 'Formal action was taken: sent to the HR system, whatever the referral level.',
      REGULATOR_NOTIFIED: "The regulator was notified (Social Work England; the HCPC in the procedure's time).",
    },
  },
  DueReason: {
    description:
      'Why responseDueOn is the date it is (SPEC "Deadline arithmetic"; working days exclude weekends and English ' +
      'bank holidays).',
    values: {
      FIFTEEN_WORKING_DAYS:
        'An adult service user: 15 working days after the procedure started (receipt, or escalation from local ' +
        'resolution); no listed hearing comes sooner.',
      BEFORE_HEARING: '5 working days before the next listed hearing, which is earlier than the 15-working-day date.',
      HEARING_IMMINENT:
        'The date 5 working days before the next listed hearing is not after the start (or today, when ' +
        'recomputed): 1 working day before the hearing, but no earlier than the first working day from that day.',
      CHILD_MEETING: "A child's complaint: 20 working days after the recorded meeting or discussion with the child.",
      OUTSIDE_PROCEDURE: 'A non-party or staff-not-case complaint: 15 working days after receipt.',
      EXTENDED:
        'Extended by extendResponseDeadline (§4.12): recomputation leaves it alone, but alerts the CST if a hearing ' +
        'is listed before it.',
    },
  },
  OmbudsmanOutcome: {
    description: "The Parliamentary and Health Service Ombudsman's finding on an escalated complaint (SPEC §1.7).",
    values: {
      UPHELD: 'The complaint was upheld.',
      PARTLY_UPHELD: 'The complaint was upheld in part.',
      NOT_UPHELD: 'The complaint was not upheld.',
      RESOLVED_WITHOUT_FINDING: 'The Ombudsman closed it without a finding either way.',
    },
  },
  ResponseStatus: {
    description: "Where a response stands in drafting and approval (SPEC §1.6); it follows the complaint's status.",
    values: {
      DRAFT: 'Being written; also after the approver returned it, or after an approved draft was edited.',
      AWAITING_APPROVAL: 'Submitted to a senior manager, who approves it or returns it with comments.',
      APPROVED: 'Approved by a senior manager (neither the drafter nor complained about): ready to send.',
      SENT:
        'Sent to the complainant. A reply of local resolution or outside the procedure goes from DRAFT to SENT ' +
        'without approval.',
    },
  },
  ProviderResponseKind: {
    description: "How a commissioned provider's side reaches the complainant, as the CST records it (§4.9).",
    values: {
      JOINT: "The provider's part goes into the service's response, which the service sends.",
      SEPARATE: 'The provider answers the complainant itself, and may record when it did.',
    },
  },
  CourtNotificationReason: {
    description:
      "Why the court is notified; each notification is due 1 working day before the case's next listed hearing, " +
      'else with the response (SPEC "Deadline arithmetic").',
    values: {
      PROFESSIONAL_JUDGEMENT:
        'A professional-judgement aspect: the complaint and, once sent, the response, always (§4.6).',
      FACTUAL_ERROR: 'A factual error in a communication to the court other than a court report (§4.7).',
      STAFF_CONDUCT: "A conduct aspect the CST chose to draw to the court's attention (drawToCourt, §4.6).",
      CHILD_COMPLAINT: "A child's complaint while the case is open (§5.4).",
    },
  },
};
