/**
 * Expected business outcomes (STYLE §11): what the user can correct comes back in the payload's
 * `errors` as data. Services throw a `Problems` inside the mutation's transaction, so that it rolls
 * back and nothing is half-written; the mutation boundary turns it into `errors`.
 */
import type { EnumDoc } from './enum-docs';

export enum UserErrorCode {
  INVALID = 'INVALID',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  ILLEGAL_TRANSITION = 'ILLEGAL_TRANSITION',
  NOT_PERMITTED = 'NOT_PERMITTED',
}

/** What each code means, for the graph (src/graphql/payloads.ts registers the enum, through enumConfig). */
export const USER_ERROR_CODE_DOCS: EnumDoc<UserErrorCode> = {
  description:
    "What kind of problem a mutation's input has (SPEC §2); a mutation that reports one changes nothing, except " +
    'upsertCaseFile, which applies the valid records of the batch.',
  values: {
    INVALID: 'A value is missing, malformed, too long, or not allowed here.',
    NOT_FOUND: 'An id in the input names nothing (or nothing the caller may see).',
    CONFLICT:
      'The complaint changed since it was read (expectedVersion), the thing already exists, or the record is not ' +
      'in a state that allows this (e.g. a restriction already lifted).',
    ILLEGAL_TRANSITION: "The procedure does not allow this step from the complaint's current status.",
    NOT_PERMITTED: 'The rules reserve this choice for someone else (a CST manager, an approver not complained about).',
  },
};

export interface UserErrorData {
  code: UserErrorCode;
  message: string;
  /** The input field, as a path (`input.aspects.1.courtReportId`), or null for the request as a whole. */
  field: string | null;
}

export class Problems extends Error {
  readonly errors: UserErrorData[] = [];

  constructor(errors: UserErrorData[] = []) {
    super('problems with the input');
    this.errors.push(...errors);
  }

  add(code: UserErrorCode, field: string | null, message: string): this {
    this.errors.push({ code, field, message });
    return this;
  }

  get any(): boolean {
    return this.errors.length > 0;
  }

  /** Throws when anything was added: nothing is written past this point. */
  throwIfAny(): void {
    if (this.any) throw this;
  }
}

/** One problem, thrown at once. */
export function fail(code: UserErrorCode, field: string | null, message: string): never {
  throw new Problems().add(code, field, message);
}

/** The message for an id that names nothing. */
export function noSuch(what: string, id: string): string {
  return `no ${what} has the id "${id}"`;
}

/** A value its checks have passed (they add a problem whenever they return null): its absence is a bug. */
export function present<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`${what} passed its checks but has no value`);
  return value;
}
