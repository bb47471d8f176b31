/** A delivery that did not happen: permanent failures are not retried (no retry storm). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    /** The partner asked us to stop (HTTP 410): its endpoint is disabled. */
    readonly gone = false,
  ) {
    super(message);
  }
}
