/**
 * Documents of a complaint (issue 16): the letters sent to the complainant, kept as sent. The delivery
 * worker keeps each letter in the transaction that records its notification's outcome, once per
 * notification; a download is authorized as reading the complaint is, and audited before a byte leaves.
 */
import type { EntityManager } from 'typeorm';
import type { NotificationChannel, RecipientKind } from '../domain/enums';
import { Document } from '../entities';
import type { FileStore } from '../integrations/files/file-store';
import type { AuditService } from './audit.service';
import { downloadFile, type Download, type DownloadRequest, type KeptFiles } from './file-download';
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

export class DocumentService {
  private readonly kept: KeptFiles;

  /** `store`: where letters' bytes go (PostgreSQL: a letter is kept in the transaction recording its delivery). */
  constructor(
    private readonly audit: AuditService,
    readonly store: FileStore,
  ) {
    this.kept = {
      entity: Document,
      table: 'documents',
      entityType: 'Document',
      action: 'document.downloaded',
      store: () => store,
    };
  }

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
    if (rows.length) await this.store.put(em, rows[0].id, letter.bytes, letter.contentType);
  }

  /**
   * A document for its caller: the role must read complaints (SPEC §3: O, M, S, L, P — never a partner)
   * and the row must be in their scope (the complaint's). Audited (`document.downloaded`) before a byte leaves.
   */
  download(r: DownloadRequest, id: string): Promise<Download> {
    return downloadFile(this.audit, this.kept, r, id);
  }
}
