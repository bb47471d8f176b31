/**
 * Warnings (SPEC §2): a mutation that succeeded may still have something the user should know or do,
 * e.g. a hearing falls before an extended due date. Each carries a code a client can act on, and a
 * message for a person.
 */

import type { EnumDoc } from './enum-docs';

export enum UserWarningCode {
  ACCEPTED_OUT_OF_TIME = 'ACCEPTED_OUT_OF_TIME',
  ROUTED_TO_ALTERNATE = 'ROUTED_TO_ALTERNATE',
  CHILD_CONTACT_NEEDED = 'CHILD_CONTACT_NEEDED',
  CONTACT_NOT_AS_PREFERRED = 'CONTACT_NOT_AS_PREFERRED',
  APPROVAL_WITHDRAWN = 'APPROVAL_WITHDRAWN',
  PROVIDER_PART_AWAITED = 'PROVIDER_PART_AWAITED',
  HEARING_BEFORE_DUE_DATE = 'HEARING_BEFORE_DUE_DATE',
  LATE_OMBUDSMAN_REFERRAL = 'LATE_OMBUDSMAN_REFERRAL',
  PREVIOUS_SECRET_REVOKED = 'PREVIOUS_SECRET_REVOKED',
  NO_WEBHOOK_ENDPOINT = 'NO_WEBHOOK_ENDPOINT',
}

/** What each code means, for the schema (a new code without a text fails typecheck). */
export const USER_WARNING_CODE_DOCS: EnumDoc<UserWarningCode> = {
  description: 'What a warning is about, for a client to act on without reading its message.',
  values: {
    ACCEPTED_OUT_OF_TIME:
      'A CST manager accepted the complaint after the time limit, recording the exceptional circumstances (§3.2).',
    ROUTED_TO_ALTERNATE:
      'The usual person cannot act (they left, are complained about, or there is none): someone else was asked, ' +
      'named in the message (SPEC 1.5, routing to people).',
    CHILD_CONTACT_NEEDED:
      'No email or postal address is held for the child: a local manager is asked to contact them, which ' +
      'acknowledges the complaint (§5).',
    CONTACT_NOT_AS_PREFERRED: 'The child was contacted by a method other than the one they prefer (§5).',
    APPROVAL_WITHDRAWN:
      'The response had been submitted or approved and was changed: it must be submitted for approval again ' +
      '(SPEC 1.6).',
    PROVIDER_PART_AWAITED:
      "A joint response: the provider's part joins the draft when the provider gives it (SPEC 1.6).",
    HEARING_BEFORE_DUE_DATE:
      'A hearing is listed before the new due date: the response should reach the court first (§4.12).',
    LATE_OMBUDSMAN_REFERRAL:
      'Referred more than 12 months after the response was sent: the ombudsman may not take it (§4.11).',
    PREVIOUS_SECRET_REVOKED:
      'A rotation replaced a secret still in its grace period: that older secret no longer signs webhooks.',
    NO_WEBHOOK_ENDPOINT: 'The provider has no webhook endpoint yet: nothing is sent until one is set.',
  },
};

export interface UserWarningData {
  code: UserWarningCode;
  message: string;
}

export function warning(code: UserWarningCode, message: string): UserWarningData {
  return { code, message };
}
