/**
 * Complaint statistics of a period and service area (SPEC §1.13), computed in PostgreSQL: one
 * set-based statement returns every figure as (figure, key, count) rows, so no complaint is ever
 * loaded into the gateway. Aggregates only: the roles that may ask (M, S, A) see no row, so the
 * row scoping of src/auth/row-scope.ts does not apply; ANALYST sees small counts suppressed.
 *
 * What counts where: complaints by their receipt date (Europe/London); every other figure by the
 * date of its own event — a response by its sent date, an extension by when it was granted, a
 * referral by when it was made, its outcome by when that was recorded, and so on.
 */
import type { EntityManager } from 'typeorm';
import { addDays, londonDate, londonInstant, type CalendarDate } from '../domain/calendar-date';
import { Role } from '../domain/enums';
import {
  STATISTIC_KEYS,
  periodProblem,
  presentStatistics,
  type Count,
  type Period,
  type StatisticsFigures,
  type StatisticsView,
} from '../domain/statistics';
import { bankHolidays } from '../domain/working-days';
import { ServiceArea } from '../entities';
import type { AuthenticatedContext } from './context';
import { InputError } from '../domain/input-error';
import { requireId } from './ids';
import { noSuch } from '../domain/problems';

export interface StatisticsQuery extends Period {
  serviceAreaId?: string | null;
  /** The area already found (the report's command line): not looked up again. */
  serviceArea?: ServiceArea | null;
}

export interface ComplaintStatisticsResult extends StatisticsView {
  serviceArea: ServiceArea | null;
}

/**
 * A response's procedure may start years before it is sent; bank holidays are passed for this many
 * years before the period.
 */
const HOLIDAY_YEARS_BEFORE = 5;

/** A row of the statement: a figure, its key, a count, and for a measure its value. */
export interface FigureRow {
  figure: string;
  key: string;
  n: number;
  value: number | null;
}

/** An instant within the period ($3 and $4: the London midnights it starts and ends at). */
const during = (instant: string) => `${instant} >= $3 AND ${instant} < $4`;

/**
 * Conditions limiting rows to the service area $7, or nothing when the statement is for every area:
 * `inArea(c)` filters complaints (or compliments) aliased c; `ofArea(col)` filters rows by their complaint.
 */
interface AreaFilter {
  inArea(alias: string): string;
  ofArea(complaintId: string): string;
}

function areaFilter(filtered: boolean): AreaFilter {
  return {
    inArea: (c) => (filtered ? `AND ${c}.service_area_id = $7` : ''),
    ofArea: (complaintId) =>
      filtered
        ? `AND EXISTS (SELECT 1 FROM complaints area_c WHERE area_c.id = ${complaintId} ` +
          `AND area_c.service_area_id = $7)`
        : '',
  };
}

/**
 * The statement's common table expressions: what the figures are counted from. Complaints received
 * and responses sent are summed from their daily summaries (migration StatisticsSummaries, kept by
 * triggers in the writes' transactions; periods are whole London days, so the sums are exact). A
 * median cannot be summed: it is taken over the responses counted by (sent day, procedure start day)
 * pairs, with the working days between them from the calendar as it is when asked.
 */
function sourcesSql({ inArea }: AreaFilter): string {
  return `
    WITH cells AS (
      SELECT channel, status, kind, triage_outcome,
             CASE WHEN acknowledgement <> 'PENDING' THEN acknowledgement
                  WHEN acknowledgement_due_on < $5 THEN 'LATE' ELSE 'NOT_YET_DUE' END AS acknowledgement,
             sum(n) AS n
      FROM statistics_received_daily s WHERE s.received_on BETWEEN $1 AND $2 ${inArea('s')}
      GROUP BY 1, 2, 3, 4, 5
    ),
    -- Complaints with aspects, by category (each complaint once per category), and in all (ANY).
    assessed AS (
      SELECT NULLIF(category, 'ANY') AS category, sum(n) AS n
      FROM statistics_categories_daily s WHERE s.received_on BETWEEN $1 AND $2 ${inArea('s')}
      GROUP BY 1
    ),
    -- Responses sent by the day sent and the day their procedure started: pairs for the median.
    sent AS (
      SELECT sent_on, procedure_start_on, sum(n)::int AS n
      FROM statistics_responses_daily s WHERE s.sent_on BETWEEN $1 AND $2 ${inArea('s')}
      GROUP BY 1, 2
    ),
    timeliness AS (
      SELECT against_due, against_original, sum(n) AS n
      FROM statistics_responses_daily s WHERE s.sent_on BETWEEN $1 AND $2 ${inArea('s')}
      GROUP BY 1, 2
    ),
    -- Working days as ordinals: the working days in (a, b] are ordinal(b) - ordinal(a).
    calendar AS (
      SELECT day, count(*) FILTER (WHERE working) OVER (ORDER BY day) AS ordinal
      FROM (
        SELECT d::date AS day,
               extract(isodow FROM d) < 6 AND d::date <> ALL ($6::date[])
               AND NOT EXISTS (SELECT 1 FROM bank_holidays h WHERE h.date = d::date) AS working
        FROM generate_series(LEAST((SELECT min(procedure_start_on) FROM sent), $1::date), $2::date, interval '1 day') d
      ) days
    ),
    -- Responses by working days to respond (each counted n times in the median).
    working_days AS (
      SELECT GREATEST(e.ordinal - b.ordinal, 0) AS days, sum(s.n)::int AS n
      FROM sent s JOIN calendar b ON b.day = s.procedure_start_on JOIN calendar e ON e.day = s.sent_on
      GROUP BY 1
    ),
    -- The median as percentile_cont(0.5) takes it, over the counts: the values at 0-based positions
    -- floor and ceil of (N - 1) / 2 in order, interpolated; upto: how many responses took at most that many days.
    ranked AS (SELECT days, sum(n) OVER (ORDER BY days) AS upto FROM working_days),
    middle AS (SELECT (sum(n) - 1) / 2.0 AS at FROM working_days HAVING sum(n) > 0)`;
}

/** The figures of the complaints received and the responses sent, from the expressions above. */
function receivedFiguresSql(): string {
  return `
    SELECT CASE WHEN grouping(channel) = 0 THEN 'channel' WHEN grouping(status) = 0 THEN 'status'
                WHEN grouping(kind) = 0 THEN 'complainantKind' WHEN grouping(triage_outcome) = 0 THEN 'triageOutcome'
                WHEN grouping(acknowledgement) = 0 THEN 'acknowledgement' ELSE 'received' END AS figure,
           CASE WHEN grouping(channel) = 0 THEN channel::text WHEN grouping(status) = 0 THEN status::text
                WHEN grouping(kind) = 0 THEN kind::text
                WHEN grouping(triage_outcome) = 0 THEN COALESCE(triage_outcome::text, 'NOT_TRIAGED')
                WHEN grouping(acknowledgement) = 0 THEN acknowledgement ELSE 'TOTAL' END AS key,
           COALESCE(sum(n), 0)::int AS n, NULL::float8 AS value
    FROM cells
    GROUP BY GROUPING SETS ((channel), (status), (kind), (triage_outcome), (acknowledgement), ())
    UNION ALL
    SELECT 'category', category, n::int, NULL FROM assessed WHERE category IS NOT NULL
    UNION ALL
    SELECT 'category', 'NOT_ASSESSED',
           (COALESCE((SELECT sum(n) FROM cells), 0)
            - COALESCE((SELECT n FROM assessed WHERE category IS NULL), 0))::int, NULL
    UNION ALL
    SELECT CASE WHEN grouping(against_due) = 0 THEN 'againstDueDate'
                WHEN grouping(against_original) = 0 THEN 'againstOriginalDueDate' ELSE 'responsesSent' END,
           COALESCE(against_due, against_original, 'TOTAL'), COALESCE(sum(n), 0)::int, NULL
    FROM timeliness
    GROUP BY GROUPING SETS ((against_due), (against_original), ())
    UNION ALL
    SELECT 'medianWorkingDays', 'TOTAL', (SELECT COALESCE(sum(n), 0) FROM working_days)::int,
           (lower.days + (middle.at - floor(middle.at)) * (upper.days - lower.days))::float8
    FROM middle
    LEFT JOIN LATERAL (SELECT days FROM ranked WHERE upto > floor(middle.at) ORDER BY days LIMIT 1) lower ON true
    LEFT JOIN LATERAL (SELECT days FROM ranked WHERE upto > ceil(middle.at) ORDER BY days LIMIT 1) upper ON true`;
}

/** The figures of other events, each counted by the date of its own event. */
function eventFiguresSql({ inArea, ofArea }: AreaFilter): string {
  return `
    SELECT 'extensions', 'TOTAL', count(*)::int, NULL FROM deadline_extensions x
    WHERE ${during('x.created_at')} ${ofArea('x.complaint_id')}
    UNION ALL
    SELECT 'referralLevel', x.level::text, count(*)::int, NULL FROM referrals x
    WHERE ${during('COALESCE(x.referred_at, x.created_at)')} ${ofArea('x.complaint_id')} GROUP BY 2
    UNION ALL
    SELECT 'referralOutcome', x.outcome::text, count(*)::int, NULL FROM referrals x
    WHERE x.outcome IS NOT NULL AND ${during('x.outcome_recorded_at')} ${ofArea('x.complaint_id')} GROUP BY 2
    UNION ALL
    SELECT 'courtNotifications', 'TOTAL', count(*)::int, NULL FROM court_notifications x
    WHERE ${during('x.sent_at')} ${ofArea('x.complaint_id')}
    UNION ALL
    SELECT 'ombudsmanEscalations', 'TOTAL', count(*)::int, NULL FROM ombudsman_escalations x
    WHERE x.referred_on BETWEEN $1 AND $2 ${ofArea('x.complaint_id')}
    UNION ALL
    SELECT 'ombudsmanOutcome', x.outcome::text, count(*)::int, NULL FROM ombudsman_escalations x
    WHERE x.outcome IS NOT NULL AND x.outcome_on BETWEEN $1 AND $2 ${ofArea('x.complaint_id')} GROUP BY 2
    UNION ALL
    SELECT 'compliments', 'TOTAL', count(*)::int, NULL FROM compliments x
    WHERE x.received_on BETWEEN $1 AND $2 ${inArea('x')}
    UNION ALL
    SELECT 'learningPointsOpened', 'TOTAL', count(*)::int, NULL FROM learning_points x
    WHERE ${during('x.created_at')} ${ofArea('x.complaint_id')}
    UNION ALL
    SELECT 'learningPointsClosed', 'TOTAL', count(*)::int, NULL FROM learning_points x
    WHERE x.closed_on BETWEEN $1 AND $2 ${ofArea('x.complaint_id')}`;
}

/**
 * Every figure in one statement. Parameters: $1 from, $2 to (dates), $3 and $4 the instants the
 * period starts and ends (London midnights), $5 today, $6 the England and Wales bank holidays,
 * $7 the service area (only when filtering).
 */
function statisticsSql(filtered: boolean): string {
  const area = areaFilter(filtered);
  return `${sourcesSql(area)}${receivedFiguresSql()}
    UNION ALL${eventFiguresSql(area)}`;
}

const STATEMENT = { all: statisticsSql(false), area: statisticsSql(true) };

/** England and Wales bank holidays of the years a response sent in the period may have run through. */
function holidaysFor(period: Period): CalendarDate[] {
  const days: CalendarDate[] = [];
  for (
    let year = Number(period.from.slice(0, 4)) - HOLIDAY_YEARS_BEFORE;
    year <= Number(period.to.slice(0, 4));
    year++
  ) {
    days.push(...bankHolidays(year));
  }
  return days;
}

/** The statement's parameters (see statisticsSql). */
export function statementParameters(period: Period, today: CalendarDate, serviceArea: ServiceArea | null): unknown[] {
  return [
    period.from,
    period.to,
    londonInstant(period.from, 0),
    londonInstant(addDays(period.to, 1), 0),
    today,
    holidaysFor(period),
    ...(serviceArea ? [serviceArea.id] : []),
  ];
}

export class StatisticsService {
  /** SPEC §3: the analyst sees small counts suppressed; CST and senior managers see them exactly. */
  async forCaller(ctx: AuthenticatedContext, query: StatisticsQuery): Promise<ComplaintStatisticsResult> {
    const { figures, serviceArea } = await this.figures(ctx.em, query, londonDate(ctx.now()));
    return { ...presentStatistics(figures, ctx.identity.role === Role.ANALYST), serviceArea };
  }

  /** The exact figures; `today` decides which unacknowledged complaints are already late. */
  async figures(
    em: EntityManager,
    query: StatisticsQuery,
    today: CalendarDate,
  ): Promise<{ figures: StatisticsFigures; serviceArea: ServiceArea | null }> {
    const problem = periodProblem(query.from, query.to);
    if (problem) throw new InputError(problem.message, problem.field);
    const serviceArea =
      query.serviceArea ?? (query.serviceAreaId ? await this.serviceArea(em, query.serviceAreaId) : null);
    const params = statementParameters(query, today, serviceArea);
    const rows: FigureRow[] = await em.query(serviceArea ? STATEMENT.area : STATEMENT.all, params);
    return { figures: assemble(query, rows), serviceArea };
  }

  private async serviceArea(em: EntityManager, id: string): Promise<ServiceArea> {
    const area = await em.getRepository(ServiceArea).findOneBy({ id: requireId(id, 'serviceAreaId') });
    if (!area) throw new InputError(noSuch('service area', id), 'serviceAreaId');
    return area;
  }

  /** A service area by its id, code or name (any case), for the report's command line; null if none or several. */
  async findServiceArea(em: EntityManager, idOrName: string): Promise<ServiceArea | null> {
    const wanted = idOrName.trim().toLowerCase();
    // Reference data: a handful of rows.
    const areas = (await em.getRepository(ServiceArea).find()).filter((a) =>
      [a.id, a.code.toLowerCase(), a.name.toLowerCase()].includes(wanted),
    );
    return areas.length === 1 ? areas[0] : null;
  }
}

/** The statement's rows as figures: every key of every breakdown, 0 where no row came back. */
export function assemble(period: Period, rows: FigureRow[]): StatisticsFigures {
  const byFigure = new Map<string, Map<string, number>>();
  let median: number | null = null;
  for (const row of rows) {
    if (!byFigure.has(row.figure)) byFigure.set(row.figure, new Map());
    byFigure.get(row.figure)!.set(row.key, row.n);
    if (row.figure === 'medianWorkingDays') median = row.value === null ? null : Number(row.value);
  }
  const total = (figure: string) => byFigure.get(figure)?.get('TOTAL') ?? 0;
  const counts = (figure: string, keys: readonly string[]): Count[] => {
    const found = byFigure.get(figure) ?? new Map<string, number>();
    return keys.map((key) => ({ key, count: found.get(key) ?? 0 }));
  };
  const K = STATISTIC_KEYS;
  return {
    from: period.from,
    to: period.to,
    received: total('received'),
    receivedByCategory: counts('category', K.category),
    receivedByChannel: counts('channel', K.channel),
    receivedByStatus: counts('status', K.status),
    receivedByComplainantKind: counts('complainantKind', K.complainantKind),
    receivedByTriageOutcome: counts('triageOutcome', K.triageOutcome),
    acknowledgements: counts('acknowledgement', K.acknowledgement),
    responsesSent: total('responsesSent'),
    responsesAgainstDueDate: counts('againstDueDate', K.timeliness),
    responsesAgainstOriginalDueDate: counts('againstOriginalDueDate', K.timeliness),
    medianWorkingDaysToRespond: median,
    extensions: total('extensions'),
    referralsByLevel: counts('referralLevel', K.referralLevel),
    referralsByOutcome: counts('referralOutcome', K.referralOutcome),
    courtNotifications: total('courtNotifications'),
    ombudsmanEscalations: total('ombudsmanEscalations'),
    ombudsmanOutcomes: counts('ombudsmanOutcome', K.ombudsmanOutcome),
    compliments: total('compliments'),
    learningPointsOpened: total('learningPointsOpened'),
    learningPointsClosed: total('learningPointsClosed'),
  };
}
