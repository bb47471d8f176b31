/** The seed's one random source: every draw goes through it, in a fixed order, so the data repeats for a scale. */
import { Faker, en_GB, en } from '@faker-js/faker';
import { londonDate, type CalendarDate } from '../domain/calendar-date';
import { COURTS, FIRST_NAMES, LAST_NAMES, STREETS } from './names';

export const DAY_MS = 86_400_000;

export interface PersonName {
  first_name: string;
  last_name: string;
}

export interface SeedRandom {
  pick<T>(items: readonly T[]): T;
  /** `count` distinct items, in random order. */
  pickSome<T>(items: readonly T[], count: number): T[];
  weighted<T>(items: [T, number][]): T;
  chance(p: number): boolean;
  int(min: number, max: number): number;
  /** A UTC instant on `date`, at `hour` (a random working hour unless given) and a random minute. */
  instant(date: CalendarDate, hour?: number): Date;
  /** The London date `n` days before the seed's today (after it when `n` is negative). */
  daysAgo(n: number): CalendarDate;
  person(): PersonName;
  address(): string;
  phone(): string;
  email(name: PersonName): string;
}

/** `first.last`, lower case, letters and dots only: the local part of an e-mail address. */
export function handle(name: PersonName): string {
  return `${name.first_name}.${name.last_name}`.toLowerCase().replace(/[^a-z.]/g, '');
}

export function createSeedRandom(scale: number, today: CalendarDate): SeedRandom {
  // The seed depends on the scale only, so a scale's data is the same on every run.
  const faker = new Faker({ locale: [en_GB, en], seed: 20_260_000 + scale });
  const todayMs = Date.parse(`${today}T12:00:00Z`);
  const pick = <T>(items: readonly T[]): T => faker.helpers.arrayElement(items);
  const int = (min: number, max: number) => faker.number.int({ min, max });
  return {
    pick,
    pickSome: (items, count) => faker.helpers.arrayElements(items, count),
    weighted: (items) => faker.helpers.weightedArrayElement(items.map(([value, weight]) => ({ value, weight }))),
    chance: (p) => faker.number.float({ min: 0, max: 1 }) < p,
    int,
    // The hour is drawn before the minute: the order of draws is part of the data.
    instant: (date, hour = int(8, 17)) =>
      new Date(`${date}T${String(hour).padStart(2, '0')}:${String(int(0, 59)).padStart(2, '0')}:00Z`),
    daysAgo: (n) => londonDate(new Date(todayMs - n * DAY_MS)),
    person: () => ({ first_name: pick(FIRST_NAMES), last_name: pick(LAST_NAMES) }),
    address: () => `${int(1, 180)} ${pick(STREETS)}, ${pick(COURTS).town}, ${faker.location.zipCode()}`,
    phone: () => `07${int(100, 999)} ${int(100000, 999999)}`,
    email: (name) => handle(name) + `${int(1, 99)}@example.org`,
  };
}
