/**
 * What the quarterly report shows (SPEC §1.13), independent of its format: sections of labelled
 * figures taken from the statistics as shown (the report always suppresses small counts). Only our
 * own labels, enum values, dates, figures and the service area's name: no names, no free text.
 */
import type { ShownCount, ShownMeasure, StatisticsView } from '../domain/statistics';

export interface ReportRow {
  key: string;
  label: string;
  /** The exact count when it is shown; null for measures and suppressed counts. */
  count: number | null;
  display: string;
}

export interface ReportSection {
  id: string;
  title: string;
  /** Heading of the first column of its table. */
  column: string;
  note?: string;
  /** Breakdowns are drawn as bar charts; key figures are a table. */
  chart: boolean;
  rows: ReportRow[];
}

export interface ReportModel {
  title: string;
  /** e.g. `2026-Q3`, or the dates of a custom period. */
  periodLabel: string;
  from: string;
  to: string;
  serviceArea: string | null;
  generatedOn: string;
  sections: ReportSection[];
}

const SPECIAL_LABELS: Record<string, string> = {
  TOTAL: 'Total',
  ON_TIME: 'On time',
  NOT_YET_DUE: 'Not yet due',
  NO_DUE_DATE: 'No due date',
  NOT_ASSESSED: 'Not assessed yet',
  NOT_TRIAGED: 'Not triaged',
  IN_PERSON: 'In person',
};

/** `PROFESSIONAL_JUDGEMENT` → "Professional judgement". */
export function labelOf(key: string): string {
  if (SPECIAL_LABELS[key]) return SPECIAL_LABELS[key];
  const words = key.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const count = (label: string, c: ShownCount, key = c.key): ReportRow => ({
  key,
  label,
  count: c.count,
  display: c.display,
});
const measure = (key: string, label: string, m: ShownMeasure): ReportRow => ({
  key,
  label,
  count: null,
  display: m.display,
});
const breakdown = (id: string, title: string, column: string, counts: ShownCount[], note?: string): ReportSection => ({
  id,
  title,
  column,
  note,
  chart: true,
  rows: counts.map((c) => count(labelOf(c.key), c)),
});

/** The headline figures, as one table. */
function keyFigures(v: StatisticsView): ReportSection {
  return {
    id: 'key-figures',
    title: 'Key figures',
    column: 'Measure',
    chart: false,
    rows: [
      count('Complaints received', v.received, 'received'),
      measure('childrens-share', "Children's complaints (share of those received)", v.childrensShare),
      measure('acknowledged-on-time', 'Acknowledged on time', v.acknowledgedOnTime),
      count('Responses sent', v.responsesSent, 'responses-sent'),
      measure('responded-on-time', 'Responses on time (due date in force when sent)', v.respondedOnTime),
      measure(
        'responded-on-time-original',
        'Responses on time (original due date)',
        v.respondedOnTimeAgainstOriginalDueDate,
      ),
      measure('median-working-days', 'Median working days to respond', v.medianWorkingDaysToRespond),
      count('Response deadlines extended', v.extensions, 'extensions'),
      count('Court notifications sent', v.courtNotifications, 'court-notifications'),
      count('Referrals to the Ombudsman', v.ombudsmanEscalations, 'ombudsman-escalations'),
      count('Compliments received', v.compliments, 'compliments'),
      count('Learning points logged', v.learningPointsOpened, 'learning-points-opened'),
      count('Learning points closed', v.learningPointsClosed, 'learning-points-closed'),
    ],
  };
}

/** The breakdowns, each drawn as a chart, in the order the report shows them. */
function breakdowns(v: StatisticsView): ReportSection[] {
  return [
    breakdown(
      'received-by-category',
      'Complaints received, by category',
      'Category',
      v.receivedByCategory,
      'A complaint counts once in each category of its aspects.',
    ),
    breakdown('received-by-channel', 'Complaints received, by channel', 'Channel', v.receivedByChannel),
    breakdown(
      'received-by-complainant',
      'Complaints received, by who complained',
      'Complainant',
      v.receivedByComplainantKind,
    ),
    breakdown(
      'received-by-triage',
      'Complaints received, by triage outcome',
      'Triage outcome',
      v.receivedByTriageOutcome,
    ),
    breakdown('received-by-status', 'Complaints received, by status now', 'Status', v.receivedByStatus),
    breakdown(
      'acknowledgements',
      'Acknowledgements of the complaints received',
      'Acknowledgement',
      v.acknowledgements,
      'Late: after the due date, or not yet done and past it.',
    ),
    breakdown(
      'responses-due-date',
      'Responses sent, against the due date in force when sent',
      'Sent',
      v.responsesAgainstDueDate,
    ),
    breakdown(
      'responses-original-due-date',
      'Responses sent, against the original due date',
      'Sent',
      v.responsesAgainstOriginalDueDate,
    ),
    breakdown('referrals-by-level', 'Conduct referrals made, by level', 'Level', v.referralsByLevel),
    breakdown('referrals-by-outcome', 'Referral outcomes recorded', 'Outcome', v.referralsByOutcome),
    breakdown('ombudsman-outcomes', 'Ombudsman outcomes given', 'Outcome', v.ombudsmanOutcomes),
  ];
}

export function buildReport(
  view: StatisticsView,
  options: { periodLabel: string; serviceArea: string | null; generatedOn: string },
): ReportModel {
  return {
    title: 'Complaints and compliments',
    periodLabel: options.periodLabel,
    from: view.from,
    to: view.to,
    serviceArea: options.serviceArea,
    generatedOn: options.generatedOn,
    sections: [keyFigures(view), ...breakdowns(view)],
  };
}
