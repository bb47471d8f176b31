/**
 * Spans of the job queue's own loops (src/integrations/queue/job-queue.ts): one for each batch fetched
 * (`process <queue>`), and within `work()` one for each job (`<queue> job`), linked to the span that
 * enqueued it. The enqueuer's context travels in the job's data (pg-boss 10 has no headers), under one
 * key that the queue takes out again before a handler sees the data; only its W3C `traceparent` (55
 * characters) is carried, and only while tracing is on. Links rather than parents: a job runs long
 * after the request that caused it has ended, often for a batch of several such requests.
 */
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Link,
  type SpanContext,
  type Tracer,
} from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';

export type { Tracer };

/** The key of job data that carries the enqueuer's trace context. */
export const TRACE_CONTEXT_KEY = '_trace';

type Carrier = Record<string, string>;

/** `data`, with the active trace context when there is one (else `data` itself). */
export function withTraceContext<T extends object>(data: T): T {
  const carrier: Carrier = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ? { ...data, [TRACE_CONTEXT_KEY]: { traceparent: carrier.traceparent } } : data;
}

/** The enqueuer's context of each job of a running batch, taken out of its data (for its job span). */
const enqueuers = new WeakMap<object, SpanContext>();

/** Takes the carried context out of `job.data` (always: a job enqueued while tracing was on may run without). */
function takeTraceContext(job: { data: object }): SpanContext | undefined {
  if (!(TRACE_CONTEXT_KEY in job.data)) return undefined;
  const { [TRACE_CONTEXT_KEY]: carrier, ...data } = job.data as { [TRACE_CONTEXT_KEY]?: unknown };
  job.data = data;
  if (typeof carrier !== 'object' || carrier === null) return undefined;
  const enqueuer = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, carrier as Carrier));
  if (enqueuer) enqueuers.set(job, enqueuer);
  return enqueuer;
}

const linksTo = (contexts: (SpanContext | undefined)[]): Link[] =>
  contexts.filter((c): c is SpanContext => c !== undefined).map((c) => ({ context: c }));

const MESSAGING = {
  system: 'messaging.system',
  destination: 'messaging.destination.name',
  operation: 'messaging.operation.type',
  batchCount: 'messaging.batch.message_count',
  messageId: 'messaging.message.id',
} as const;

/**
 * Runs `work` on a fetched batch: with a tracer, in the batch's span, a root of its own trace linked to
 * the jobs' enqueuers. The carried context is taken out of the jobs' data either way.
 */
export function inBatchSpan<R>(
  tracer: Tracer | null,
  queue: string,
  jobs: { data: object }[],
  work: () => Promise<R>,
): Promise<R> {
  const enqueuedIn = jobs.map(takeTraceContext);
  if (!tracer) return work();
  const options = {
    kind: SpanKind.CONSUMER,
    root: true,
    links: linksTo(enqueuedIn),
    attributes: {
      [MESSAGING.system]: 'pg-boss',
      [MESSAGING.destination]: queue,
      [MESSAGING.operation]: 'process',
      [MESSAGING.batchCount]: jobs.length,
    },
  };
  return tracer.startActiveSpan(`process ${queue}`, options, async (span) => {
    try {
      return await work();
    } finally {
      span.end();
    }
  });
}

/** Runs one job's handler: with a tracer, in its span (a child of its batch's), which fails when it throws. */
export function inJobSpan<R>(
  tracer: Tracer | null,
  queue: string,
  job: { id: string; retryCount: number },
  work: () => Promise<R>,
): Promise<R> {
  if (!tracer) return work();
  const options = {
    kind: SpanKind.INTERNAL,
    links: linksTo([enqueuers.get(job)]),
    attributes: { [MESSAGING.destination]: queue, [MESSAGING.messageId]: job.id, 'job.retry_count': job.retryCount },
  };
  return tracer.startActiveSpan(`${queue} job`, options, async (span) => {
    try {
      return await work();
    } catch (error) {
      // The error's kind only: its message may name a person (an SMTP refusal names the recipient).
      span.setAttribute(ATTR_ERROR_TYPE, error instanceof Error ? error.constructor.name : typeof error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}
