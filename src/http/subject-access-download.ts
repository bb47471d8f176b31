/**
 * `GET /subject-access/:exportId` (issue 16): the subject access export as a ZIP — `subject-access.json`
 * first, then the letters and evidence files under `documents/REF/` and `evidence/REF/` — built and
 * streamed as it is read (yazl; each file's bytes read from its store when the ZIP reaches it). For the
 * CST manager who asked for it, with their bearer token, within its day: anyone else is 403 (another
 * role) or 404 (another manager, an unknown id); an export whose day is over is 410.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { RowScope } from '../auth/row-scope';
import type { Services } from '../services/services';
import { attachment, BearerAuth, type EndpointOptions } from './bearer';
import { sendError } from './respond';

const PATH = /^\/subject-access\/([^/]+)$/;

const REFUSALS = {
  FORBIDDEN: [403, 'subject access exports are for CST managers'],
  NOT_FOUND: [404, 'no such export of yours'],
  GONE: [410, 'the export has expired: ask for it again'],
} as const;

/** A stream that opens its source only when first read, so one file's bytes are held at a time. */
function opened(open: () => Promise<Readable>): Readable {
  const out = new PassThrough();
  let started = false;
  const read = out._read.bind(out);
  out._read = (size: number) => {
    if (!started) {
      started = true;
      open().then(
        (source) => {
          source.on('error', (error) => out.destroy(error));
          source.pipe(out);
        },
        (error: Error) => out.destroy(error),
      );
    }
    read(size);
  };
  return out;
}

/** Answers `/subject-access/:id`; false for any other path. */
export function subjectAccessDownload(o: EndpointOptions & { services: Pick<Services, 'subjectAccess'> }) {
  const auth = new BearerAuth(o);
  return async (req: IncomingMessage, res: ServerResponse, path: string, requestId: string): Promise<boolean> => {
    const match = PATH.exec(path);
    if (!match) return false;
    if (req.method !== 'GET') {
      res.setHeader('allow', 'GET');
      sendError(res, 405, 'exports are read with GET', 'METHOD_NOT_ALLOWED');
      return true;
    }
    const identity = await auth.identify(req, res);
    if (!identity) return true;
    const found = await o.services.subjectAccess.download(
      { identity, scope: new RowScope(identity), dataSource: o.dataSource, now: o.now },
      match[1],
    );
    if (found.outcome !== 'OK') {
      const [status, message] = REFUSALS[found.outcome];
      sendError(res, status, message, found.outcome);
      return true;
    }
    const zip = new ZipFile();
    zip.addBuffer(found.json, 'subject-access.json', { mtime: new Date() });
    for (const file of found.files) zip.addReadStream(opened(file.open), file.path);
    zip.end();
    res.writeHead(200, {
      'content-type': 'application/zip',
      'content-disposition': attachment(found.filename),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-request-id': requestId,
    });
    await pipeline(zip.outputStream, res);
    return true;
  };
}
