/**
 * The trusted documents (issue 17): the operations partners' systems run, registered here so that a role
 * held to them (TRUSTED_DOCUMENTS) runs nothing else. Each is known by its id, the SHA-256 of its text in
 * hex (what Apollo clients send as `extensions.persistedQuery.sha256Hash`). A new partner need is a new
 * document here, released with the gateway: test/trusted-documents.test.ts validates every one against
 * the schema and runs it as the roles it is for; docs/partners.md lists them with their ids.
 */
import { Role } from '../domain/enums';

export interface TrustedDocument {
  /** The operation's name (each document holds one named operation). */
  name: string;
  /** The roles it is written for (the guide's sections, the test's tokens); any caller may run it. */
  roles: readonly Role[];
  /** What it is for, one sentence. */
  description: string;
  /** The text, exactly as sent: a client sending the text must send these characters. */
  body: string;
}

const { PROVIDER, CASE_SYSTEM, HR_SYSTEM } = Role;

export const TRUSTED_DOCUMENTS: readonly TrustedDocument[] = [
  {
    name: 'WhoAmI',
    roles: [PROVIDER, CASE_SYSTEM, HR_SYSTEM],
    description: 'Who the token names: its role and subject, and for a provider the provider.',
    body: `query WhoAmI {
  me {
    role
    subject
    provider { id name }
  }
}`,
  },
  {
    name: 'ProviderComplaints',
    roles: [PROVIDER],
    description: 'Your complaints, soonest due first, 50 a page (pass `after: endCursor` for the next).',
    body: `query ProviderComplaints($after: String) {
  complaints(first: 50, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        id
        reference
        responseDueOn
        case { caseNumber }
        complainant { firstName }
        aspects { category description }
        providerEngagements { id requestedAt dueOn respondedAt responseKind }
      }
    }
  }
}`,
  },
  {
    name: 'ProviderComplaint',
    roles: [PROVIDER],
    description: 'One of your complaints by its reference (as a webhook gives it), with your engagement.',
    body: `query ProviderComplaint($reference: String!) {
  complaint(reference: $reference) {
    id
    reference
    responseDueOn
    case { caseNumber }
    complainant { firstName }
    aspects { category description }
    providerEngagements { id requestedAt dueOn respondedAt responseKind providerResponse providerResponseSentAt }
  }
}`,
  },
  {
    name: 'SubmitProviderResponse',
    roles: [PROVIDER],
    description:
      'Gives your side of a complaint on your engagement (`engagementId` from the complaint). Its `warnings` ' +
      'are text only (deprecated): prefer SubmitProviderResponseWithCodes.',
    body: `mutation SubmitProviderResponse($input: SubmitProviderResponseInput!) {
  submitProviderResponse(input: $input) {
    engagement { id respondedAt responseKind }
    errors { code field message }
    warnings
  }
}`,
  },
  {
    name: 'SubmitProviderResponseWithCodes',
    roles: [PROVIDER],
    description:
      "As SubmitProviderResponse, with each warning's code (`userWarnings`), e.g. APPROVAL_WITHDRAWN when your " +
      'part sends an approved draft back for approval.',
    body: `mutation SubmitProviderResponseWithCodes($input: SubmitProviderResponseInput!) {
  submitProviderResponse(input: $input) {
    engagement { id respondedAt responseKind }
    errors { code field message }
    userWarnings { code message }
  }
}`,
  },
  {
    name: 'UpsertCaseFile',
    roles: [CASE_SYSTEM],
    description: 'Pushes cases with their parties, children, hearings, reports and contact logs (500 records at most).',
    body: `mutation UpsertCaseFile($input: UpsertCaseFileInput!) {
  upsertCaseFile(input: $input) {
    cases { sourceId outcome changedRecords recomputedComplaints case { id caseNumber } }
    errors { code field message }
  }
}`,
  },
  {
    name: 'CaseByNumber',
    roles: [CASE_SYSTEM],
    description: 'A case you sent, as the gateway holds it.',
    body: `query CaseByNumber($caseNumber: String!) {
  case(caseNumber: $caseNumber) {
    id
    caseNumber
    status
    court { name }
    hearings { startsAt status }
  }
}`,
  },
  {
    name: 'OpenReferrals',
    roles: [HR_SYSTEM],
    description: 'The conduct referrals sent to you that await an outcome, newest first, 50 a page.',
    body: `query OpenReferrals($after: String) {
  referrals(first: 50, after: $after, open: true) {
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        id
        level
        referredAt
        complaint { reference case { caseNumber } }
        staff { id firstName lastName email jobTitle }
        aspect { category description seriousness }
      }
    }
  }
}`,
  },
  {
    name: 'RecordReferralOutcome',
    roles: [HR_SYSTEM],
    description: 'Records the outcome of a referral sent to you.',
    body: `mutation RecordReferralOutcome($input: RecordReferralOutcomeInput!) {
  recordReferralOutcome(input: $input) {
    referral { id outcome outcomeNote outcomeRecordedAt }
    errors { code field message }
  }
}`,
  },
];
