/** Answers the gateway writes itself (health, metrics, refusals before GraphQL), never cached. */
import type { ServerResponse } from 'node:http';

export function send(res: ServerResponse, status: number, body: string, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

/** A GraphQL-shaped error answer: `{ errors: [{ message, extensions: { code } }] }`. */
export function sendError(res: ServerResponse, status: number, message: string, code: string): void {
  send(res, status, JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}
