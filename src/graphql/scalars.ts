/** Scalars of the graph: calendar dates (Europe/London) as `YYYY-MM-DD`, instants as ISO date-times. */
import { DateTimeResolver, LocalDateResolver } from 'graphql-scalars';

export const LocalDate = LocalDateResolver;
export const DateTime = DateTimeResolver;
