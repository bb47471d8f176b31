/** Answers the gateway writes itself (health, metrics, refusals before GraphQL), never cached. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export function send(res: ServerResponse, status: number, body: string, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

/** A GraphQL-shaped error answer: `{ errors: [{ message, extensions: { code } }] }`. */
export function sendError(res: ServerResponse, status: number, message: string, code: string): void {
  send(res, status, JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/** A page or a file of one, for a browser (src/http/record-page.ts, src/http/explorer.ts). */
export interface PageFile {
  type: string;
  body: string | Buffer;
  /** The page's content security policy: what it may load and where it may connect. */
  csp: string;
  /** Files that do not change while the gateway runs are revalidated by their tag; pages are not stored. */
  etag?: string;
}

/** A page or file with the headers every one carries; HEAD gets the headers alone, a matching tag a 304. */
export function sendPage(req: IncomingMessage, res: ServerResponse, file: PageFile): void {
  const headers: Record<string, string | number> = {
    'cache-control': file.etag ? 'no-cache' : 'no-store',
    'content-security-policy': file.csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    ...(file.etag ? { etag: file.etag } : {}),
  };
  if (file.etag && req.headers['if-none-match'] === file.etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, 'content-type': file.type, 'content-length': Buffer.byteLength(file.body) });
  res.end(req.method === 'HEAD' ? undefined : file.body);
}
