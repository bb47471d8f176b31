/**
 * The CST's caseload (issue 15): for each CST officer and manager still with the service, the open
 * complaints they handle, how many are overdue and the earliest next due date; and how many open
 * complaints no one handles. One statement.
 */
import { Role } from '../domain/enums';
import { londonDate } from '../domain/calendar-date';
import { OPEN_STATUSES } from '../domain/complaint-status';
import type { Context } from './context';

export interface CaseloadEntryData {
  staffId: string;
  openComplaints: number;
  overdue: number;
  nextDueOn: string | null;
}

export interface CaseloadData {
  entries: CaseloadEntryData[];
  unassigned: number;
}

export class CaseloadService {
  async caseload(ctx: Context): Promise<CaseloadData> {
    const [row]: CaseloadData[] = await ctx.em.query(
      `WITH open AS (SELECT assignee_id, next_due_on FROM complaints WHERE status = ANY($1::complaint_status[])),
       entries AS (
         SELECT s.id AS "staffId", s.last_name, s.first_name, count(o.assignee_id)::int AS "openComplaints",
                count(o.assignee_id) FILTER (WHERE o.next_due_on < $2)::int AS overdue,
                min(o.next_due_on) AS "nextDueOn"
         FROM staff s LEFT JOIN open o ON o.assignee_id = s.id
         WHERE s.active AND s.role = ANY($3::role[])
         GROUP BY s.id
       )
       SELECT (SELECT count(*)::int FROM open WHERE assignee_id IS NULL) AS unassigned,
              coalesce((SELECT json_agg(json_build_object('staffId', e."staffId", 'openComplaints', e."openComplaints",
                'overdue', e.overdue, 'nextDueOn', e."nextDueOn") ORDER BY e.last_name, e.first_name, e."staffId")
                FROM entries e), '[]') AS entries`,
      [OPEN_STATUSES, londonDate(ctx.now()), [Role.CST_OFFICER, Role.CST_MANAGER]],
    );
    return row;
  }
}
