/**
 * `GET /documents/:id` (a letter, as sent) and `GET /evidence-files/:id` (an evidence file, as uploaded),
 * issue 16: for a caller with a bearer token, authorized as reading the complaint is (SPEC §3: O, M, S, L
 * and P within their row scope; never a partner). A role that reads no complaint is 403 FORBIDDEN; a file
 * that does not exist and one outside the caller's scope are the same 404, so that an id tells nobody
 * whether it exists; one whose bytes retention deleted is 410. Every download is audited
 * (`document.downloaded`, `evidence-file.downloaded`) before its first byte is sent.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { RowScope } from '../auth/row-scope';
import type { Download, DownloadRequest } from '../services/file-download';
import { attachment, BearerAuth, type EndpointOptions } from './bearer';
import { sendError } from './respond';

/** Why a download is refused, by outcome (also its error code). */
const REFUSALS = {
  FORBIDDEN: [403, 'your role does not read the files of complaints'],
  NOT_FOUND: [404, 'no such file'],
  GONE: [410, 'its content was deleted when the complaint was anonymised'],
} as const;

type Route = [RegExp, (r: DownloadRequest, id: string) => Promise<Download>];

/** Answers `/documents/:id` and `/evidence-files/:id`; false for any other path. */
export function fileDownloads(o: EndpointOptions) {
  const auth = new BearerAuth(o);
  const routes: Route[] = [
    [/^\/documents\/([^/]+)$/, (r, id) => o.services.documents.download(r, id)],
    [/^\/evidence-files\/([^/]+)$/, (r, id) => o.services.evidenceFiles.download(r, id)],
  ];
  return async (req: IncomingMessage, res: ServerResponse, path: string, requestId: string): Promise<boolean> => {
    const route = routes.map(([pattern, download]) => [pattern.exec(path), download] as const).find(([m]) => m);
    if (!route) return false;
    const [match, download] = route;
    if (req.method !== 'GET') {
      res.setHeader('allow', 'GET');
      sendError(res, 405, 'files are read with GET', 'METHOD_NOT_ALLOWED');
      return true;
    }
    const identity = await auth.identify(req, res);
    if (!identity) return true;
    // Ids are uuids: anything else, encoded or not, is simply not found.
    const found = await download(
      { identity, scope: new RowScope(identity), dataSource: o.dataSource, now: o.now },
      match![1],
    );
    if (found.outcome !== 'OK') {
      const [status, message] = REFUSALS[found.outcome];
      sendError(res, status, message, found.outcome);
      return true;
    }
    const { file, content } = found;
    res.writeHead(200, {
      'content-type': file.contentType,
      'content-length': String(file.size),
      'content-disposition': attachment(file.filename),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-request-id': requestId,
    });
    await pipeline(content, res);
    return true;
  };
}
