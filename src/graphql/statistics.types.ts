/** The graph's shape of the complaint statistics (SPEC §1.13): counts that may be suppressed, and measures. */
import { Authorized, Field, Float, Int, ObjectType } from 'type-graphql';
import { ROLE_SETS } from '../auth/role-sets';
import type { ShownCount, ShownMeasure } from '../domain/statistics';
import { ServiceArea } from '../entities';
import type { ComplaintStatisticsResult } from '../services/statistics.service';
import { LocalDate } from './scalars';

@Authorized(...ROLE_SETS.statistics)
@ObjectType({
  description:
    'A count of one kind. For ANALYST, counts from 1 to 4 are suppressed: `count` is null and `display` is "<5".',
})
export class StatisticCount implements ShownCount {
  @Field({
    description:
      'What is counted: an enum value (e.g. `EMAIL`), `TOTAL`, or a bucket such as `NOT_ASSESSED`, `ON_TIME`.',
  })
  key: string;

  @Field(() => Int, { nullable: true, description: 'The exact count; null when suppressed.' })
  count: number | null;

  @Field({ description: 'The count as shown: the number, or "<5".' })
  display: string;
}

@Authorized(...ROLE_SETS.statistics)
@ObjectType({
  description:
    'A percentage or a median. `value` is null with `display` "n/a" when there is nothing to measure, ' +
    'and with "suppressed" when, for ANALYST, it is made from a count from 1 to 4.',
})
export class StatisticMeasure implements ShownMeasure {
  @Field(() => Float, {
    nullable: true,
    description: 'Percent (0–100, one decimal) or working days; null when `display` is "n/a" or "suppressed".',
  })
  value: number | null;

  @Field({
    description:
      'The value as shown: a percentage with one decimal (e.g. "87.5%"), a number of working days (e.g. "12" or ' +
      '"12.5"), "n/a" or "suppressed".',
  })
  display: string;
}

@Authorized(...ROLE_SETS.statistics)
@ObjectType({
  description:
    'Figures of a period (Europe/London dates, both ends included) and optionally one service area (SPEC §1.13). ' +
    'Complaints count by receipt date; every other figure by the date of its own event ' +
    '(a response by its sent date, an extension when granted, a referral when made, an outcome when recorded). ' +
    'Lists name every key, with 0 when none.',
})
export class ComplaintStatistics implements ComplaintStatisticsResult {
  @Field(() => LocalDate, { description: 'The first day of the period (a London calendar date).' })
  from: string;

  @Field(() => LocalDate, { description: 'The last day of the period, included.' })
  to: string;

  @Field(() => ServiceArea, {
    nullable: true,
    description: 'The service area the figures are limited to; null for the whole service.',
  })
  serviceArea: ServiceArea | null;

  @Field({ description: 'True when counts from 1 to 4 are shown as "<5" (ANALYST).' })
  smallCountsSuppressed: boolean;

  @Field(() => StatisticCount, { description: 'Complaints received in the period.' })
  received: StatisticCount;

  @Field(() => [StatisticCount], {
    description:
      'Complaints received, by the categories of their aspects (a complaint counts once in each of its categories); ' +
      '`NOT_ASSESSED`: no aspects yet.',
  })
  receivedByCategory: StatisticCount[];

  @Field(() => [StatisticCount], {
    description: 'Complaints received, by the channel they came by (IN_PERSON, PHONE, LETTER, EMAIL).',
  })
  receivedByChannel: StatisticCount[];

  @Field(() => [StatisticCount], { description: 'Complaints received, by their status now.' })
  receivedByStatus: StatisticCount[];

  @Field(() => [StatisticCount], { description: 'Complaints received, by the kind of complainant (SPEC §1.2).' })
  receivedByComplainantKind: StatisticCount[];

  @Field(() => [StatisticCount], {
    description: 'Complaints received, by triage outcome; `NOT_TRIAGED`: not (yet) triaged, or withdrawn first.',
  })
  receivedByTriageOutcome: StatisticCount[];

  @Field(() => StatisticMeasure, { description: "Children's complaints as a percentage of those received." })
  childrensShare: StatisticMeasure;

  @Field(() => [StatisticCount], {
    description:
      'Complaints received, by their acknowledgement: ' +
      '`ON_TIME`, `LATE` (after the due date, or not yet done and past it), `NOT_YET_DUE`.',
  })
  acknowledgements: StatisticCount[];

  @Field(() => StatisticMeasure, { description: 'Acknowledgements on time, as a percentage of those on time or late.' })
  acknowledgedOnTime: StatisticMeasure;

  @Field(() => StatisticCount, { description: 'Responses sent in the period (by sent date).' })
  responsesSent: StatisticCount;

  @Field(() => [StatisticCount], {
    description: 'Responses sent, against the due date in force when each was sent (extensions included).',
  })
  responsesAgainstDueDate: StatisticCount[];

  @Field(() => [StatisticCount], { description: "Responses sent, against the complaint's original response due date." })
  responsesAgainstOriginalDueDate: StatisticCount[];

  @Field(() => StatisticMeasure, {
    description: 'Responses on time against the due date in force when sent, as a percentage of those with a due date.',
  })
  respondedOnTime: StatisticMeasure;

  @Field(() => StatisticMeasure, {
    description: 'Responses on time against the original due date, as a percentage of those with one.',
  })
  respondedOnTimeAgainstOriginalDueDate: StatisticMeasure;

  @Field(() => StatisticMeasure, {
    description:
      'Median working days from the start of the procedure (receipt, or escalation after local resolution) ' +
      'to sending, over the responses sent.',
  })
  medianWorkingDaysToRespond: StatisticMeasure;

  @Field(() => StatisticCount, { description: 'Response deadlines extended in the period.' })
  extensions: StatisticCount;

  @Field(() => [StatisticCount], { description: 'Conduct referrals made in the period, by level.' })
  referralsByLevel: StatisticCount[];

  @Field(() => [StatisticCount], { description: 'Referral outcomes recorded in the period, by outcome.' })
  referralsByOutcome: StatisticCount[];

  @Field(() => StatisticCount, { description: 'Notifications sent to courts in the period.' })
  courtNotifications: StatisticCount;

  @Field(() => StatisticCount, { description: 'Complaints referred to the Ombudsman in the period.' })
  ombudsmanEscalations: StatisticCount;

  @Field(() => [StatisticCount], { description: 'Ombudsman outcomes given in the period, by outcome.' })
  ombudsmanOutcomes: StatisticCount[];

  @Field(() => StatisticCount, { description: 'Compliments received in the period.' })
  compliments: StatisticCount;

  @Field(() => StatisticCount, { description: 'Learning and action points logged in the period.' })
  learningPointsOpened: StatisticCount;

  @Field(() => StatisticCount, { description: 'Learning and action points closed in the period.' })
  learningPointsClosed: StatisticCount;
}
