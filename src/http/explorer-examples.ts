/**
 * Example operations the explorer opens with (src/http/explorer.ts), one tab each: what each kind of
 * client asks first. test/explorer.test.ts validates every one against the schema and runs it with a token
 * of its role, so they never go stale and never select a field their role may not read.
 */
import { Role } from '../domain/enums';

export interface ExplorerExample {
  /** Whose token the example is written for: its tab's header hint names the role. */
  role: Role;
  /** One operation, named (the tab's title), preceded by a comment saying what it shows. */
  query: string;
  /** Sample values for its variables (the explorer shows them; a real reference or number replaces them). */
  variables: Record<string, unknown>;
}

export const EXPLORER_EXAMPLES: ExplorerExample[] = [
  {
    role: Role.CST_OFFICER,
    query: `# Who the token in the Headers panel below names, and their role. Any token may ask.
query WhoAmI {
  me {
    role
    subject
    staff { firstName lastName jobTitle }
    provider { name }
  }
}`,
    variables: {},
  },
  {
    role: Role.CST_OFFICER,
    query: `# A CST officer's work queue: the complaints they handle, soonest due first.
query MyWorkQueue {
  complaints(first: 20, filter: { assignedToMe: true }, orderBy: NEXT_DUE_ON) {
    totalCount
    edges {
      node {
        reference
        status
        receivedAt
        nextDueOn
        dueReason
        complainant { firstName lastName kind }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`,
    variables: {},
  },
  {
    role: Role.CST_OFFICER,
    query: `# A complaint with its case file: the court, the practitioner, hearings and reports.
query ComplaintWithCaseFile($reference: String!) {
  complaint(reference: $reference) {
    reference
    status
    summary
    responseDueOn
    aspects { category description }
    case {
      caseNumber
      court { name }
      practitioner { firstName lastName }
      hearings { startsAt status }
      courtReports { title filedOn }
    }
  }
}`,
    variables: { reference: 'CMP-2026-000001' },
  },
  {
    role: Role.CST_MANAGER,
    query: `# A CST manager's view of the team: open complaints per officer, and those no one handles.
query TeamCaseload {
  caseload {
    unassigned
    entries {
      staff { firstName lastName }
      openComplaints
      overdue
      nextDueOn
    }
  }
}`,
    variables: {},
  },
  {
    role: Role.PROVIDER,
    query: `# A provider's view: its complaints, what they say about it, and what it was asked for.
query ProviderComplaints {
  complaints(first: 20) {
    totalCount
    edges {
      node {
        reference
        responseDueOn
        case { caseNumber }
        aspects { category description }
        providerEngagements { requestedAt dueOn respondedAt responseKind }
      }
    }
  }
}`,
    variables: {},
  },
  {
    role: Role.CASE_SYSTEM,
    query: `# The case management system: a case as the gateway holds it.
query CaseByNumber($caseNumber: String!) {
  case(caseNumber: $caseNumber) {
    caseNumber
    status
    court { name }
    hearings { startsAt status }
  }
}`,
    variables: { caseNumber: 'BM26P00001' },
  },
  {
    role: Role.HR_SYSTEM,
    query: `# The HR system: the conduct referrals sent to it that await an outcome.
query OpenReferrals {
  referrals(first: 20, open: true) {
    edges {
      node {
        level
        referredAt
        complaint { reference }
        staff { firstName lastName jobTitle }
        aspect { category description seriousness }
      }
    }
  }
}`,
    variables: {},
  },
  {
    role: Role.ANALYST,
    query: `# An analyst: a quarter's figures (small counts are suppressed).
query QuarterFigures($from: LocalDate!, $to: LocalDate!) {
  complaintStatistics(from: $from, to: $to) {
    received { display }
    receivedByChannel { key display }
    respondedOnTime { display }
    medianWorkingDaysToRespond { display }
    smallCountsSuppressed
  }
}`,
    variables: { from: '2026-07-01', to: '2026-09-30' },
  },
  {
    role: Role.CST_OFFICER,
    query: `# Any object again by its id alone (Relay refetching): null if unknown or not the caller's to read.
query Refetch($id: ID!) {
  node(id: $id) {
    __typename
    id
    ... on Complaint { reference status }
    ... on Case { caseNumber court { name } }
    ... on Staff { firstName lastName }
  }
}`,
    variables: { id: '6f1c2a3e-0000-4000-8000-000000000001' },
  },
];
