/** What the pieces of the seed share, passed explicitly: the random source, the calendar and the rows laid out. */
import type { CalendarDate } from '../domain/calendar-date';
import type { WorkingDayCalendar } from '../domain/working-days';
import type { SeedRandom } from './random-source';
import type { ReferenceIds } from './reference-data';
import type { StaffLayout } from './staff-layout';

/** A complaint with aspects, from which learning points are drawn. */
export interface AssessedComplaint {
  id: string;
  receivedOn: CalendarDate;
}

export interface SeedContext {
  readonly scale: number;
  readonly today: CalendarDate;
  readonly random: SeedRandom;
  readonly cal: WorkingDayCalendar;
  readonly ids: ReferenceIds;
  readonly staff: StaffLayout;
  /** Filled as complaints are built, in their order; read once all are written. */
  readonly assessed: AssessedComplaint[];
}
