/**
 * Downloading a kept file (issue 16) — a letter kept as a document, an evidence file: one rule for both.
 * The role must read complaints (SPEC §3: O, M, S, L, P — never a partner) and the file's row must be in
 * the caller's row scope (its complaint's); the download is audited in the transaction that opens the
 * bytes, so none is served unaudited.
 */
import type { Readable } from 'node:stream';
import type { DataSource, EntityManager } from 'typeorm';
import type { Identity } from '../auth/identity';
import { ROLE_SETS } from '../auth/role-sets';
import type { RowScope } from '../auth/row-scope';
import { SqlParams } from '../db/entity-sql';
import type { Role } from '../domain/enums';
import { isId } from '../domain/validation';
import type { FileStore } from '../integrations/files/file-store';
import type { AuditService } from './audit.service';

/** Who asks for a download: the request's caller and row scope. */
export interface DownloadRequest {
  identity: Identity;
  scope: RowScope;
  dataSource: DataSource;
  now: () => Date;
}

/** A kept file's metadata as a download needs it. */
export interface FileHead {
  id: string;
  complaintId: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  contentDeletedAt: Date | null;
  storage: string;
}

export type Download =
  /** The caller's role reads no complaint's files. */
  | { outcome: 'FORBIDDEN' }
  /** No such file, or one of a complaint the caller may not read: the same answer. */
  | { outcome: 'NOT_FOUND' }
  /** Its bytes were deleted (retention). */
  | { outcome: 'GONE'; file: FileHead }
  | { outcome: 'OK'; file: FileHead; content: Readable };

/** Who reads kept files: who reads the complaint (SPEC §3), rows as their scope allows. */
const READERS: readonly Role[] = ROLE_SETS.complaintReaders;

/** What kind of file: its entity (row scope), table, audit action and where its bytes are. */
export interface KeptFiles {
  entity: abstract new (...args: any[]) => unknown;
  table: string;
  /** The audited entity type and action (`document.downloaded`). */
  entityType: string;
  action: string;
  store(name: string): FileStore;
}

export async function downloadFile(audit: AuditService, kind: KeptFiles, r: DownloadRequest, id: string) {
  if (!READERS.includes(r.identity.role)) return { outcome: 'FORBIDDEN' } as const;
  if (!isId(id)) return { outcome: 'NOT_FOUND' } as const;
  return r.dataSource.transaction(async (tx): Promise<Download> => {
    const file = await findFile(tx, kind, r.scope, id);
    if (!file) return { outcome: 'NOT_FOUND' };
    const content = file.contentDeletedAt ? null : await kind.store(file.storage).open(tx, id);
    if (!content) {
      // A row whose bytes are missing is a fault (they are written first and deleted with the row's mark).
      if (!file.contentDeletedAt)
        throw new Error(`the bytes of ${kind.entityType} ${id} are missing from ${file.storage}`);
      return { outcome: 'GONE', file };
    }
    await audit.record(
      tx,
      { id: r.identity.subject, role: r.identity.role },
      {
        action: kind.action,
        entityType: kind.entityType,
        entityId: id,
        complaintId: file.complaintId,
        change: { filename: file.filename, sha256: file.sha256, size: file.size },
      },
      r.now(),
    );
    return { outcome: 'OK', file, content };
  });
}

/** The file's row, if the caller's scope admits it. */
async function findFile(tx: EntityManager, kind: KeptFiles, scope: RowScope, id: string): Promise<FileHead | null> {
  const p = new SqlParams();
  const where = scope.restrict(kind.entity, 'f', [`f.id = ${p.p(id)}`], p);
  const [row]: FileHead[] = await tx.query(
    `SELECT f.id, f.complaint_id AS "complaintId", f.filename, f.content_type AS "contentType", f.size,
            f.sha256, f.content_deleted_at AS "contentDeletedAt", f.storage
       FROM ${kind.table} f WHERE ${where.join(' AND ')}`,
    p.values,
  );
  return row ?? null;
}
