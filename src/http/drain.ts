/**
 * The HTTP side of a graceful stop (SPEC §6). Once draining, every response not yet begun says
 * `Connection: close`, so keep-alive clients move to another replica after their answer. Stopping
 * then closes the listening socket and the idle connections, and waits, bounded by a grace, until
 * every connection has closed and every handler has returned: a request that arrives meanwhile on
 * a connection still open (its headers received) is answered like any other. Only what is left at
 * the end of the grace is cut.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** How often idle connections are swept while waiting, besides after each answer. */
const SWEEP_MS = 250;

export interface DrainOutcome {
  /** Requests answered after the drain began. */
  answered: number;
  /** Requests whose connections were cut when the grace ran out. */
  cut: number;
}

export class Drain {
  private draining = false;
  private answered = 0;
  /** Responses begun and not yet closed. */
  private readonly responses = new Set<ServerResponse>();
  /** Handlers still running: one may outlive its connection, and the database must outlive it. */
  private readonly handlers = new Set<Promise<void>>();
  private wake: () => void = () => undefined;

  constructor(private readonly server: Server) {}

  get isDraining(): boolean {
    return this.draining;
  }

  /** Runs one request's handler, counted until both it and its response are done. */
  serve(
    req: IncomingMessage,
    res: ServerResponse,
    handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  ) {
    // Before the handler runs: some answers are written synchronously.
    if (this.draining) closeAfter(res);
    this.responses.add(res);
    res.once('close', () => {
      this.responses.delete(res);
      if (this.draining) this.answered += res.writableFinished ? 1 : 0;
      this.wake();
    });
    const work = handler(req, res);
    this.handlers.add(work);
    void work.finally(() => {
      this.handlers.delete(work);
      this.wake();
    });
  }

  /** From now on: `Connection: close` on every answer not yet begun (`/readyz` reads isDraining). */
  begin(): void {
    if (this.draining) return;
    this.draining = true;
    for (const res of this.responses) closeAfter(res);
  }

  /**
   * Stops listening and waits until every accepted request is answered and its connection closed,
   * at most `graceMs`; then cuts what is left.
   */
  async stop(graceMs: number): Promise<DrainOutcome> {
    this.begin();
    let closed = false;
    const allClosed = new Promise<void>((resolve) =>
      this.server.close(() => {
        closed = true;
        resolve();
      }),
    );
    const deadline = Date.now() + graceMs;
    while (!(closed && this.handlers.size === 0) && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(SWEEP_MS, deadline - Date.now()));
        this.wake = () => {
          clearTimeout(timer);
          setImmediate(resolve);
        };
      });
      this.wake = () => undefined;
      // A connection whose last answer had begun before the drain stays open when it is done.
      this.server.closeIdleConnections();
    }
    const cut = this.responses.size;
    if (!closed) this.server.closeAllConnections();
    await allClosed;
    return { answered: this.answered, cut };
  }
}

function closeAfter(res: ServerResponse): void {
  if (!res.headersSent) res.setHeader('connection', 'close');
}
