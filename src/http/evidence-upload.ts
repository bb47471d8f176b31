/**
 * `POST /evidence/:evidenceId/files` (issue 16): one file of an item of evidence, as
 * `multipart/form-data` (a part named `file`, as an HTML form or `FormData` sends it), with the caller's
 * bearer token. Who adds evidence may (SPEC §3: O, M; the evidence within their row scope). The file is
 * refused with a reason — 413 over the size limit, 415 of a type not allowed (naming the type its content
 * shows), 400 empty — or kept: 201 with its metadata (id, name, type, size, SHA-256, download URL).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import busboy from 'busboy';
import { RowScope } from '../auth/row-scope';
import { sizeText } from '../domain/evidence-files';
import { Problems, type UserErrorCode } from '../domain/problems';
import type { Outbox } from '../services/context';
import { FileRefused, type IncomingFile } from '../services/evidence-file.service';
import { evidenceFilePath } from '../resolvers/evidence-file.fields';
import { BearerAuth, type EndpointOptions } from './bearer';
import { send, sendError } from './respond';

const PATH = /^\/evidence\/([^/]+)\/files$/;

/** Room for the multipart envelope around the file (boundaries, part headers). */
const ENVELOPE_BYTES = 64 * 1024;

/**
 * A body past the limit is still read, and dropped, up to this much more, so that the client, having sent
 * it all, reads the 413 (as /graphql does); beyond, the answer comes at once and the connection closes.
 */
const DRAIN_BYTES = 16 * 1024 * 1024;

/** A refused file's status and code. */
const REFUSED = {
  EMPTY: [400, 'EMPTY_FILE'],
  TOO_LARGE: [413, 'FILE_TOO_LARGE'],
  UNSUPPORTED_TYPE: [415, 'UNSUPPORTED_FILE_TYPE'],
} as const;
const PROBLEM_STATUS: Partial<Record<UserErrorCode, number>> = { NOT_FOUND: 404, INVALID: 400 };

/** The body's one file; `tooLarge` once it passed `max` bytes (the rest is dropped). */
type Parsed = { file: IncomingFile | null; tooLarge: boolean; problem: string | null; drained: boolean };

function readFile(req: IncomingMessage, max: number): Promise<Parsed> {
  return new Promise((resolve, reject) => {
    const parsed: Parsed = { file: null, tooLarge: false, problem: null, drained: true };
    let parser: busboy.Busboy;
    try {
      // One byte past the limit: busboy's 'limit' then means "more than allowed", not "exactly the limit".
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        limits: { files: 1, fileSize: max + 1, fields: 20, parts: 21 },
      });
    } catch {
      resolve({ ...parsed, problem: 'send the file as multipart/form-data, in a part named "file"' });
      return;
    }
    let received = 0;
    const done = () => resolve(parsed);
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > max + ENVELOPE_BYTES + DRAIN_BYTES && parsed.drained) {
        // Too much to drop: answer now, and the connection cannot carry another request.
        parsed.tooLarge = true;
        parsed.drained = false;
        req.unpipe(parser);
        req.pause();
        done();
      }
    });
    parser.on('file', (_name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => (parsed.tooLarge = true));
      stream.on('end', () => {
        parsed.file = {
          filename: info.filename ?? null,
          declaredType: info.mimeType ?? null,
          bytes: Buffer.concat(chunks),
        };
      });
    });
    parser.on('filesLimit', () => (parsed.problem = 'send one file per request'));
    parser.on('close', done);
    parser.on('error', (error: Error) =>
      resolve({ ...parsed, problem: `the multipart body is malformed: ${error.message}` }),
    );
    req.on('error', reject);
    req.pipe(parser);
  });
}

/** A refusal; `close`: the body was not read to its end, so the connection cannot carry another request. */
function refuse(res: ServerResponse, status: number, message: string, code: string, close = false): true {
  if (close) res.setHeader('connection', 'close');
  sendError(res, status, message, code);
  return true;
}

/** A refusal the service gave: the file (413, 415, 400) or where it was to go (404, 409). */
function refuseKept(res: ServerResponse, error: FileRefused | Problems): true {
  if (error instanceof FileRefused) {
    const [status, code] = REFUSED[error.reason];
    return refuse(res, status, error.message, code);
  }
  const [problem] = error.errors;
  const body = { errors: [{ message: problem.message, extensions: { code: problem.code, field: problem.field } }] };
  send(res, PROBLEM_STATUS[problem.code] ?? 409, JSON.stringify(body));
  return true;
}

/** Answers `/evidence/:id/files`; false for any other path. */
export function evidenceUpload(o: EndpointOptions & { outbox: Outbox }) {
  const auth = new BearerAuth(o);
  const files = o.services.evidenceFiles;
  return async (req: IncomingMessage, res: ServerResponse, path: string, requestId: string): Promise<boolean> => {
    const match = PATH.exec(path);
    if (!match) return false;
    // Refused before the body is read: Node drops what remains of it after the answer (the client, still
    // sending, must not meet a closed connection: EPIPE), unless it is too much or of unknown length.
    const undroppable = !(Number(req.headers['content-length']) <= files.maxBytes + ENVELOPE_BYTES + DRAIN_BYTES);
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return refuse(res, 405, 'files are uploaded with POST', 'METHOD_NOT_ALLOWED', undroppable);
    }
    const identity = await auth.identify(req, res);
    if (!identity) return true;
    if (!files.mayUpload(identity.role))
      return refuse(res, 403, 'your role does not add evidence', 'FORBIDDEN', undroppable);
    const limit = `the file is larger than the limit of ${sizeText(files.maxBytes)}`;
    if (Number(req.headers['content-length']) > files.maxBytes + ENVELOPE_BYTES + DRAIN_BYTES)
      return refuse(res, 413, limit, 'FILE_TOO_LARGE', true);
    const parsed = await readFile(req, files.maxBytes);
    if (parsed.tooLarge) return refuse(res, 413, limit, 'FILE_TOO_LARGE', !parsed.drained);
    if (parsed.problem || !parsed.file)
      return refuse(res, 400, parsed.problem ?? 'the request has no file (a part named "file")', 'BAD_REQUEST');
    try {
      const kept = await files.add(
        {
          identity,
          scope: new RowScope(identity),
          dataSource: o.dataSource,
          now: o.now,
          write: { outbox: o.outbox, config: o.config },
        },
        match[1],
        parsed.file,
      );
      const { id, evidenceId, filename, contentType, size, sha256, createdAt } = kept;
      const downloadUrl = `${o.config.publicUrl}${evidenceFilePath(id)}`;
      res.setHeader('location', evidenceFilePath(id));
      res.setHeader('x-request-id', requestId);
      const file = { id, evidenceId, filename, contentType, size, sha256, createdAt, downloadUrl };
      send(res, 201, JSON.stringify({ file }));
      return true;
    } catch (error) {
      if (error instanceof FileRefused || error instanceof Problems) return refuseKept(res, error);
      throw error;
    }
  };
}
