/** Scalars of the graph: calendar dates (Europe/London) as `YYYY-MM-DD`, instants as ISO date-times. */
import { GraphQLScalarType } from 'graphql';
import { DateTimeResolver, LocalDateResolver } from 'graphql-scalars';

const SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Input is checked in full (a real day of the calendar). Output comes from DATE columns, which hold
 * real days only, and from the date rules: a string of the right shape goes out as it is, where
 * graphql-scalars would turn every value into a Date and back (1 % of a work-queue page's time).
 */
export const LocalDate = new GraphQLScalarType({
  ...LocalDateResolver.toConfig(),
  serialize: (value) => (typeof value === 'string' && SHAPE.test(value) ? value : LocalDateResolver.serialize(value)),
});

export const DateTime = DateTimeResolver;
