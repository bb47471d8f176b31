/**
 * One span per GraphQL operation, below its HTTP request's: from the body read to the answer written
 * (authentication, parsing, validation, execution by graphql-jit, a partner's read audit), so the
 * statements of all of it are its children. Named and described once the operation is resolved
 * (`query MyWorkQueue`; semantic conventions' `graphql.operation.type` and `.name`). No span per
 * resolver (graphql-jit compiles the selection into one function, and a span per field would cost more
 * than the field), and never the document or its variables (inline values are personal data).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';

/** Longest operation name a span carries (as a log line: src/http/graphql-handler.ts). */
const NAME_MAX = 100;

/** Error codes that are the gateway's failure rather than the caller's. */
const FAILURES = new Set(['INTERNAL_SERVER_ERROR', 'SERVICE_UNAVAILABLE']);

/** `handle` (src/http/graphql-handler.ts), each request of it in its operation's span. */
export function operationSpans<A extends unknown[]>(
  tracer: Tracer,
  handle: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return (...args) =>
    tracer.startActiveSpan('GraphQL Operation', async (span) => {
      try {
        return await handle(...args);
      } catch (error) {
        span.setAttribute(ATTR_ERROR_TYPE, error instanceof Error ? error.constructor.name : typeof error);
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    });
}

/**
 * Names the operation's span (the active one when Apollo starts the request: operationSpans' own) once
 * the operation is known, and notes the codes of its errors; the gateway's own failures fail the span.
 */
export function operationSpanPlugin<C extends object>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      const span: Span | undefined = trace.getActiveSpan();
      if (!span) return;
      return {
        async didResolveOperation({ operation, operationName }) {
          if (!operation) return;
          const type = operation.operation;
          const name = operationName?.slice(0, NAME_MAX);
          span.updateName(name ? `${type} ${name}` : type);
          span.setAttribute('graphql.operation.type', type);
          if (name) span.setAttribute('graphql.operation.name', name);
        },
        async didEncounterErrors({ errors }) {
          const codes = [...new Set(errors.map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR')))];
          span.setAttribute('graphql.error.codes', codes);
          const failure = codes.find((code) => FAILURES.has(code));
          if (failure) {
            span.setAttribute(ATTR_ERROR_TYPE, failure);
            span.setStatus({ code: SpanStatusCode.ERROR });
          }
        },
      };
    },
  };
}
