/**
 * `GET /documents/:id` (issue 16): a complaint's document (a letter, as sent) for a caller with a bearer
 * token, authorized as reading the complaint is (SPEC §3: O, M, S, L and P within their row scope; never
 * a partner). A role that reads no complaint is 403 FORBIDDEN; a document that does not exist and one
 * outside the caller's scope are the same 404, so that an id tells nobody whether it exists. Every
 * download is audited (`document.downloaded`) before its first byte is sent.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { DataSource } from 'typeorm';
import { AuthError } from '../auth/identity';
import { RowScope } from '../auth/row-scope';
import type { SubjectDirectory } from '../auth/subjects';
import { KeySetUnavailable, verifyBearer, type TokenVerifier } from '../auth/tokens';
import type { Config } from '../config';
import type { Services } from '../services/services';
import { RETRY_AFTER_SECONDS, SERVICE_UNAVAILABLE } from '../graphql/errors';
import { RateLimiter } from './rate-limit';
import { sendError } from './respond';

const PATH = /^\/documents\/([^/]+)$/;

export interface DocumentDownloadOptions {
  config: Pick<Config, 'rateLimitPerMinute'>;
  dataSource: DataSource;
  verifier: TokenVerifier;
  subjects: SubjectDirectory;
  services: Pick<Services, 'documents'>;
  now: () => Date;
}

/** Why a download is refused, by outcome (also its error code). */
const REFUSALS = {
  FORBIDDEN: [403, 'your role does not read documents'],
  NOT_FOUND: [404, 'no such document'],
  GONE: [410, 'its content was deleted when the complaint was anonymised'],
} as const;

/** A header's quoted file name: the document's own is the reference and the template, plain ASCII. */
const quoted = (filename: string) => `"${filename.replace(/["\\\r\n]/g, '_')}"`;

/** Over the caller's rate limit (the gateway's, src/http/rate-limit.ts): 429 with Retry-After. */
function limited(res: ServerResponse, wait: number): boolean {
  if (wait === 0) return false;
  res.setHeader('retry-after', String(wait));
  sendError(res, 429, `too many requests: try again in ${wait} s`, 'RATE_LIMITED');
  return true;
}

/** Answers `/documents/:id`; false for any other path. */
export function documentDownload(o: DocumentDownloadOptions) {
  // Its own buckets, as generous as /graphql's: a download is one request like any other.
  const rateLimiter = new RateLimiter(o.config.rateLimitPerMinute);
  return async (req: IncomingMessage, res: ServerResponse, path: string, requestId: string): Promise<boolean> => {
    const match = PATH.exec(path);
    if (!match) return false;
    if (req.method !== 'GET') {
      res.setHeader('allow', 'GET');
      sendError(res, 405, 'documents are read with GET', 'METHOD_NOT_ALLOWED');
      return true;
    }
    let identity;
    try {
      const verified = await verifyBearer(o.verifier, req.headers.authorization);
      if (limited(res, rateLimiter.take(`subject:${verified.subject}`))) return true;
      identity = await o.subjects.resolve(verified);
    } catch (error) {
      if (error instanceof AuthError) {
        if (!limited(res, rateLimiter.take(`address:${req.socket.remoteAddress}`)))
          sendError(res, 401, error.message, error.code);
        return true;
      }
      if (error instanceof KeySetUnavailable) {
        res.setHeader('retry-after', String(RETRY_AFTER_SECONDS));
        sendError(res, 503, 'the identity provider cannot be reached: try again', SERVICE_UNAVAILABLE);
        return true;
      }
      throw error;
    }
    // Ids are uuids: anything else, encoded or not, is simply not found.
    const found = await o.services.documents.download(
      { identity, scope: new RowScope(identity), dataSource: o.dataSource, now: o.now },
      match[1],
    );
    if (found.outcome !== 'OK') {
      const [status, message] = REFUSALS[found.outcome];
      sendError(res, status, message, found.outcome);
      return true;
    }
    const { document, content } = found;
    res.writeHead(200, {
      'content-type': document.contentType,
      'content-length': String(document.size),
      'content-disposition': `attachment; filename=${quoted(document.filename)}`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-request-id': requestId,
    });
    await pipeline(content, res);
    return true;
  };
}
