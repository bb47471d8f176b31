/**
 * Bad arguments the client can correct (a page too large, a malformed cursor, an id of the wrong
 * form): answered `BAD_USER_INPUT`, naming the field, by src/graphql/errors.ts.
 */
export class InputError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
