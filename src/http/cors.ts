/**
 * CORS for browser frontends served from other origins (CORS_ORIGINS, exact origins): `/graphql` answers a
 * preflight itself (204) and marks its answers readable by an allowed origin. Any other origin, and every origin
 * when none is configured, gets no CORS header, so a browser keeps the answer from its page. No credentials
 * mode: the bearer token is a header the page sets, never a cookie.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const CORS_METHODS = 'POST, GET, OPTIONS';
/** What a frontend sends: JSON bodies, the token, a mutation's retry key, its own request id, Apollo's CSRF header. */
export const CORS_REQUEST_HEADERS = [
  'content-type',
  'authorization',
  'idempotency-key',
  'x-request-id',
  'apollo-require-preflight',
  'x-apollo-operation-name',
].join(', ');
/** What a frontend may read besides the CORS-safelisted headers. */
export const CORS_EXPOSED_HEADERS = 'x-request-id, retry-after';
/** How long a browser may reuse a preflight's answer (Chromium keeps it at most 2 hours). */
export const CORS_MAX_AGE_SECONDS = 600;

/**
 * Returns the `/graphql` CORS step: it adds the headers for an allowed origin and answers OPTIONS (true: answered,
 * nothing more to do), or leaves the request to GraphQL (false).
 */
export function corsFor(origins: readonly string[]): (req: IncomingMessage, res: ServerResponse) => boolean {
  const allowed = new Set(origins);
  return (req, res) => {
    const origin = req.headers.origin;
    const allow = typeof origin === 'string' && allowed.has(origin);
    // The answer differs by Origin: a cache must not hand one origin's answer to another.
    if (allowed.size > 0) res.setHeader('vary', 'Origin');
    if (allow) res.setHeader('access-control-allow-origin', origin);
    if (req.method !== 'OPTIONS') {
      if (allow) res.setHeader('access-control-expose-headers', CORS_EXPOSED_HEADERS);
      return false;
    }
    res.setHeader('allow', CORS_METHODS);
    if (allow) {
      res.setHeader('access-control-allow-methods', CORS_METHODS);
      res.setHeader('access-control-allow-headers', CORS_REQUEST_HEADERS);
      res.setHeader('access-control-max-age', String(CORS_MAX_AGE_SECONDS));
    }
    res.writeHead(204, { 'cache-control': 'no-store' });
    res.end();
    return true;
  };
}
