/**
 * A server span for each HTTP request but the probes (`/healthz`, `/readyz`, `/metrics`), continuing the
 * caller's W3C trace context. Made here rather than by `@opentelemetry/instrumentation-http`, which
 * patches `node:http` for the whole process and records the full URL (a GET's query string carries
 * GraphQL variables) and the client's address: here a span names only the method and a known route,
 * never a query string, a header or an address.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_NETWORK_PROTOCOL_VERSION,
  ATTR_URL_PATH,
  ATTR_URL_SCHEME,
} from '@opentelemetry/semantic-conventions';

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** Probes come every few seconds from every load balancer: not traced. */
const UNTRACED = new Set(['/healthz', '/readyz', '/metrics']);

/** The gateway's routes (src/http/server.ts): a span is named by its route, never by a path a client made up. */
const ROUTES: [pattern: RegExp, route: string][] = [
  [/^\/graphql$/, '/graphql'],
  [/^\/documents\/[^/]+$/, '/documents/:id'],
  [/^\/complaints\/[^/]+$/, '/complaints/:reference'],
  [/^\/compliments\/[^/]+$/, '/compliments/:id'],
  [/^\/explorer\//, '/explorer/*'],
];

/** `handle`, each request of it in a server span that is the active context of everything it does. */
export function tracedRequests(tracer: Tracer, handle: Handler): Handler {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (UNTRACED.has(path)) return handle(req, res);
    const method = req.method ?? 'GET';
    const route = ROUTES.find(([pattern]) => pattern.test(path))?.[1];
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const span = tracer.startSpan(
      route ? `${method} ${route}` : method,
      {
        kind: SpanKind.SERVER,
        attributes: {
          [ATTR_HTTP_REQUEST_METHOD]: method,
          [ATTR_URL_SCHEME]: 'http',
          [ATTR_NETWORK_PROTOCOL_VERSION]: req.httpVersion,
          ...(route ? { [ATTR_HTTP_ROUTE]: route, [ATTR_URL_PATH]: path } : {}),
        },
      },
      parent,
    );
    const active = trace.setSpan(parent, span);
    // The request's listeners (its log line, written when the answer has gone) run in its context too.
    context.bind(active, req);
    context.bind(active, res);
    res.once('close', () => {
      if (res.writableFinished) {
        span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, res.statusCode);
        if (res.statusCode >= 500) {
          span.setAttribute(ATTR_ERROR_TYPE, String(res.statusCode));
          span.setStatus({ code: SpanStatusCode.ERROR });
        }
      } else {
        span.setAttribute(ATTR_ERROR_TYPE, 'aborted');
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    });
    return context.with(active, () => handle(req, res));
  };
}
