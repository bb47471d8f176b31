/**
 * Files of evidence (issue 16): a document, picture or recording attached to an item of evidence. A file
 * is checked (size, type by content), then its bytes are kept — in an object store before the row's
 * transaction, in PostgreSQL inside it — and its row written with the audit event in one transaction:
 * an upload that fails leaves no row, and a row never points at bytes that are not there. Other paths
 * that bring files (an inbound email's attachments) use the same steps: `prepare`, `upload`, `attach`
 * in their own transaction, and `discard` when it fails.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ROLE_SETS } from '../auth/role-sets';
import type { FilesConfig } from '../config-files';
import { londonDate } from '../domain/calendar-date';
import type { Role } from '../domain/enums';
import { transition } from '../domain/complaint-status';
import { keptFilename, refusal, type FileRefusal } from '../domain/evidence-files';
import { UserErrorCode, fail } from '../domain/problems';
import { Evidence, EvidenceFile } from '../entities';
import type { FileStores } from '../integrations/files/file-store';
import { detectFileType } from '../integrations/files/file-type';
import type { AuditService } from './audit.service';
import type { ComplaintStore } from './complaint-store';
import { downloadFile, type Download, type DownloadRequest, type KeptFiles } from './file-download';
import type { WriteContext } from './mutation';
import type { DownloadRequest as Request } from './file-download';
import { mustFindInScope } from './row-lock';

/** A file as it arrived: the name it came with, the type it was declared as, its bytes. */
export interface IncomingFile {
  filename: string | null;
  declaredType: string | null;
  bytes: Buffer;
}

/** A file that passed the checks, with the id its row and bytes will have, and the store it goes to. */
export interface PreparedFile {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  bytes: Buffer;
  storage: string;
}

/** The file may not be kept: why, in a sentence the uploader can act on. */
export class FileRefused extends Error {
  constructor(
    readonly reason: FileRefusal,
    message: string,
  ) {
    super(message);
  }
}

/** An upload over HTTP: the caller, and what a write needs besides its transaction. */
export interface UploadRequest extends Request {
  write: Omit<WriteContext, 'tx' | 'today' | 'scope' | 'actor' | 'now'>;
}

export class EvidenceFileService {
  readonly kept: KeptFiles;

  constructor(
    private readonly complaints: ComplaintStore,
    audit: AuditService,
    readonly stores: FileStores,
    private readonly config: Pick<FilesConfig, 'evidenceMaxBytes' | 'evidenceTypes'>,
  ) {
    this.kept = {
      entity: EvidenceFile,
      table: 'evidence_files',
      entityType: 'EvidenceFile',
      action: 'evidence-file.downloaded',
      store: (name) => stores.named(name),
    };
    this.download = (r, id) => downloadFile(audit, this.kept, r, id);
  }

  /** An evidence file for its caller: as a letter is (src/services/file-download.ts), audited. */
  readonly download: (r: DownloadRequest, id: string) => Promise<Download>;

  /** The largest file accepted (the HTTP layer stops reading past it). */
  get maxBytes(): number {
    return this.config.evidenceMaxBytes;
  }

  /** Checks a file (FileRefused when it may not be kept) and gives it its id and digest. */
  async prepare(file: IncomingFile): Promise<PreparedFile> {
    const detected = await detectFileType(file.bytes);
    const refused = refusal(
      { maxBytes: this.config.evidenceMaxBytes, types: this.config.evidenceTypes },
      file.bytes.length,
      detected,
      file.declaredType,
    );
    if (refused) throw new FileRefused(refused.reason, refused.message);
    return {
      id: randomUUID(),
      filename: keptFilename(file.filename, detected!.ext),
      contentType: detected!.mime,
      size: file.bytes.length,
      sha256: createHash('sha256').update(file.bytes).digest('hex'),
      bytes: file.bytes,
      storage: this.stores.current.name,
    };
  }

  /** An object store's bytes are written now, before the row's transaction (PostgreSQL's in it). */
  async upload(file: PreparedFile, ds: DataSource): Promise<void> {
    const store = this.stores.named(file.storage);
    if (!store.transactional) await store.put(ds.manager, file.id, file.bytes, file.contentType);
  }

  /**
   * In the caller's transaction: the file becomes the evidence's (NOT_FOUND outside the caller's scope,
   * refused once the complaint is anonymised, closed to evidence, or the item was not accepted).
   */
  async attach(t: WriteContext, evidenceId: string, file: PreparedFile): Promise<EvidenceFile> {
    const field = 'evidenceId';
    const evidence = await mustFindInScope(t, Evidence, evidenceId, { field, what: 'evidence' });
    const complaint = await this.complaints.lock(t, evidence.complaintId, null, field);
    transition('addEvidence', complaint.status);
    if (evidence.rejected)
      fail(
        UserErrorCode.CONFLICT,
        field,
        'this evidence was not accepted (obtained covertly or disproportionate, §3.3): no file of it is kept',
      );
    const { bytes, ...metadata } = file;
    const row = await t.tx.getRepository(EvidenceFile).save(
      t.tx.getRepository(EvidenceFile).create({
        ...metadata,
        complaintId: complaint.id,
        evidenceId,
        uploadedById: t.actor.role ? t.actor.id : null,
        contentDeletedAt: null,
      }),
    );
    const store = this.stores.named(file.storage);
    if (store.transactional) await store.put(t.tx, file.id, bytes, file.contentType);
    await this.complaints.update(t, complaint, {}, 'evidence.file-added', {
      entity: { type: 'EvidenceFile', id: row.id },
      detail: { evidenceId, filename: row.filename, contentType: row.contentType, size: row.size, sha256: row.sha256 },
    });
    return row;
  }

  /** After a transaction that failed: an object store's bytes go (what this misses, the sweep removes). */
  async discard(file: PreparedFile, ds: DataSource): Promise<void> {
    const store = this.stores.named(file.storage);
    if (!store.transactional) await store.remove(ds.manager, [file.id]);
  }

  /** Who may upload files: who adds evidence (SPEC §3: O, M); asked before the body is read. */
  mayUpload(role: Role): boolean {
    return (ROLE_SETS.caseHandlers as readonly Role[]).includes(role);
  }

  /**
   * An upload (`POST /evidence/:id/files`): checked, its bytes kept, its row written and audited in one
   * transaction. FileRefused or Problems (NOT_FOUND, CONFLICT, ILLEGAL_TRANSITION) when it is not kept.
   */
  async add(r: UploadRequest, evidenceId: string, incoming: IncomingFile): Promise<EvidenceFile> {
    const file = await this.prepare(incoming);
    await this.upload(file, r.dataSource);
    try {
      return await r.dataSource.transaction((tx) =>
        this.attach(
          {
            ...r.write,
            tx,
            actor: { id: r.identity.subject, role: r.identity.role },
            now: r.now,
            today: londonDate(r.now()),
            scope: r.scope,
          },
          evidenceId,
          file,
        ),
      );
    } catch (error) {
      await this.discard(file, r.dataSource).catch(() => undefined);
      throw error;
    }
  }
}
