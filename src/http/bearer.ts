/**
 * The caller of a plain HTTP endpoint (downloads, uploads, exports — not /graphql): the bearer token
 * checked as /graphql checks it, the subject found, and the gateway's rate limit applied. One home for
 * how those endpoints answer a missing or bad token (401), an unreachable identity provider (503) and a
 * caller over the limit (429).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DataSource } from 'typeorm';
import { AuthError, type Identity } from '../auth/identity';
import type { SubjectDirectory } from '../auth/subjects';
import { KeySetUnavailable, verifyBearer, type TokenVerifier } from '../auth/tokens';
import type { Config } from '../config';
import { RETRY_AFTER_SECONDS, SERVICE_UNAVAILABLE } from '../graphql/errors';
import type { Services } from '../services/services';
import { RateLimiter } from './rate-limit';
import { sendError } from './respond';

/** What the plain endpoints share with the gateway. */
export interface EndpointOptions {
  config: Config;
  dataSource: DataSource;
  verifier: TokenVerifier;
  subjects: SubjectDirectory;
  services: Pick<Services, 'audit' | 'documents' | 'evidenceFiles' | 'subjectAccess'>;
  now: () => Date;
}

/** Over the caller's rate limit (the gateway's, src/http/rate-limit.ts): 429 with Retry-After. */
function limited(res: ServerResponse, wait: number): boolean {
  if (wait === 0) return false;
  res.setHeader('retry-after', String(wait));
  sendError(res, 429, `too many requests: try again in ${wait} s`, 'RATE_LIMITED');
  return true;
}

/** Authenticates requests with its own buckets, as generous as /graphql's. */
export class BearerAuth {
  private readonly rateLimiter: RateLimiter;

  constructor(private readonly o: Pick<EndpointOptions, 'config' | 'verifier' | 'subjects'>) {
    this.rateLimiter = new RateLimiter(o.config.rateLimitPerMinute);
  }

  /** The caller, or null once the request has been answered (401, 429, 503). */
  async identify(req: IncomingMessage, res: ServerResponse): Promise<Identity | null> {
    try {
      const verified = await verifyBearer(this.o.verifier, req.headers.authorization);
      if (limited(res, this.rateLimiter.take(`subject:${verified.subject}`))) return null;
      return await this.o.subjects.resolve(verified);
    } catch (error) {
      if (error instanceof AuthError) {
        if (!limited(res, this.rateLimiter.take(`address:${req.socket.remoteAddress}`)))
          sendError(res, 401, error.message, error.code);
        return null;
      }
      if (error instanceof KeySetUnavailable) {
        res.setHeader('retry-after', String(RETRY_AFTER_SECONDS));
        sendError(res, 503, 'the identity provider cannot be reached: try again', SERVICE_UNAVAILABLE);
        return null;
      }
      throw error;
    }
  }
}

/** `Content-Disposition: attachment` with the file's name: plain ASCII as is, anything else also as UTF-8. */
export function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  if (ascii === filename) return `attachment; filename="${ascii}"`;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
