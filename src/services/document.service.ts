/**
 * Documents of a complaint (issue 16): the letters sent to the complainant, kept as sent. The delivery
 * worker keeps each letter in the transaction that records its notification's outcome, once per
 * notification; a download is authorized as reading the complaint is, and audited before a byte leaves.
 */
import type { Readable } from 'node:stream';
import type { DataSource, EntityManager } from 'typeorm';
import type { Identity } from '../auth/identity';
import { ROLE_SETS } from '../auth/role-sets';
import type { RowScope } from '../auth/row-scope';
import { SqlParams } from '../db/entity-sql';
import type { NotificationChannel, RecipientKind, Role } from '../domain/enums';
import { isId } from '../domain/validation';
import { Document } from '../entities';
import type { DocumentStore } from '../integrations/documents/document-store';
import type { AuditService } from './audit.service';
import type { LetterFile } from './letters';

/** A letter to keep: what it was sent for, to whom and how. */
export interface KeptLetter {
  notificationId: string;
  complaintId: string;
  template: string;
  channel: NotificationChannel;
  recipientKind: RecipientKind;
  recipientId: string | null;
  letter: LetterFile;
}

/** Who asks for a download: the request's caller and row scope. */
export interface DownloadRequest {
  identity: Identity;
  scope: RowScope;
  dataSource: DataSource;
  now: () => Date;
}

/** A document's metadata as a download needs it. */
export type DocumentHead = Pick<
  Document,
  'id' | 'complaintId' | 'filename' | 'contentType' | 'size' | 'sha256' | 'contentDeletedAt'
>;

export type Download =
  /** The caller's role reads no complaint's documents. */
  | { outcome: 'FORBIDDEN' }
  /** No such document, or one of a complaint the caller may not read: the same answer. */
  | { outcome: 'NOT_FOUND' }
  /** Its bytes were deleted (retention). */
  | { outcome: 'GONE'; document: DocumentHead }
  | { outcome: 'OK'; document: DocumentHead; content: Readable };

/** Who reads documents: who reads the complaint (SPEC §3), rows as their scope allows. */
const READERS: readonly Role[] = ROLE_SETS.complaintReaders;

export class DocumentService {
  constructor(
    private readonly audit: AuditService,
    readonly store: DocumentStore,
  ) {}

  /**
   * Keeps the letter a notification sent, in `em`'s transaction (the one that records the outcome):
   * a second delivery of the same notification keeps nothing more.
   */
  async keepLetter(em: EntityManager, kept: KeptLetter, at: Date): Promise<void> {
    const { letter } = kept;
    const rows: { id: string }[] = await em.query(
      `INSERT INTO documents (complaint_id, notification_id, template, channel, recipient_kind, recipient_id,
                              content_type, filename, size, sha256, storage, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)
       ON CONFLICT (notification_id) DO NOTHING RETURNING id`,
      [
        kept.complaintId,
        kept.notificationId,
        kept.template,
        kept.channel,
        kept.recipientKind,
        kept.recipientId,
        letter.contentType,
        letter.filename,
        letter.bytes.length,
        letter.sha256,
        this.store.name,
        at,
      ],
    );
    if (rows.length) await this.store.put(em, rows[0].id, letter.bytes);
  }

  /**
   * A document for its caller: the role must read complaints (SPEC §3: O, M, S, L, P — never a partner)
   * and the row must be in their scope (the complaint's). The download is audited in the transaction
   * that reads the bytes, so none is served unaudited.
   */
  async download(r: DownloadRequest, id: string): Promise<Download> {
    if (!READERS.includes(r.identity.role)) return { outcome: 'FORBIDDEN' };
    if (!isId(id)) return { outcome: 'NOT_FOUND' };
    return r.dataSource.transaction(async (tx): Promise<Download> => {
      const document = await this.find(tx, r.scope, id);
      if (!document) return { outcome: 'NOT_FOUND' };
      const content = document.contentDeletedAt ? null : await this.store.open(tx, id);
      if (!content) return { outcome: 'GONE', document };
      const at = r.now();
      await this.audit.record(
        tx,
        { id: r.identity.subject, role: r.identity.role },
        {
          action: 'document.downloaded',
          entityType: 'Document',
          entityId: id,
          complaintId: document.complaintId,
          change: { filename: document.filename, sha256: document.sha256, size: document.size },
        },
        at,
      );
      return { outcome: 'OK', document, content };
    });
  }

  private async find(tx: EntityManager, scope: RowScope, id: string): Promise<DocumentHead | null> {
    const p = new SqlParams();
    const where = scope.restrict(Document, 'd', [`d.id = ${p.p(id)}`], p);
    const [row]: DocumentHead[] = await tx.query(
      `SELECT d.id, d.complaint_id AS "complaintId", d.filename, d.content_type AS "contentType", d.size,
              d.sha256, d.content_deleted_at AS "contentDeletedAt"
         FROM documents d WHERE ${where.join(' AND ')}`,
      p.values,
    );
    return row ?? null;
  }
}
