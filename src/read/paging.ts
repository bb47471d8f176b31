/**
 * Relay cursor connections, the read engine's side: opaque keyset cursors, a capped page size, a
 * lazily counted total. The GraphQL types that carry them are declared in src/graphql/connection.ts.
 */
import { InputError } from '../domain/input-error';

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  /** A getter: the count query runs only when `totalCount` is selected. */
  readonly totalCount: Promise<number>;
}

/** A cursor is the base64url of the JSON sort key; clients must treat it as opaque. */
export function encodeCursor(key: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** A cursor this list could not have given out (malformed, or from another list or order). */
export function badCursor(): InputError {
  return new InputError('after is not a cursor from this list', 'after');
}

export function decodeCursor(cursor: string, arity: number): unknown[] {
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error();
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(key) || key.length !== arity) throw new Error();
    return key;
  } catch {
    throw badCursor();
  }
}

/** The size of a page when `first` is not given (capped by MAX_PAGE_SIZE). */
export const DEFAULT_PAGE_SIZE = 20;

export function pageSize(first: number | undefined | null, max: number, fallback = DEFAULT_PAGE_SIZE): number {
  if (first === undefined || first === null) return Math.min(fallback, max);
  if (!Number.isInteger(first) || first < 0) throw new InputError('first must be zero or more', 'first');
  if (first > max) throw new InputError(`first must be at most ${max}`, 'first');
  return first;
}

/** Builds a connection from `limit + 1` rows fetched after the cursor. */
export function toConnection<T>(
  rows: T[],
  limit: number,
  afterGiven: boolean,
  keyOf: (row: T) => readonly unknown[],
  count: () => Promise<number>,
): Connection<T> {
  const page = rows.slice(0, limit);
  const edges = page.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  let counted: Promise<number> | undefined;
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > limit,
      hasPreviousPage: afterGiven,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    get totalCount() {
      counted ??= count();
      return counted;
    },
  };
}
