/**
 * Where the bytes of documents are kept (issue 16), behind one small interface: PostgreSQL (`bytea`,
 * table `document_contents`) by default. An S3-compatible object store is another adapter of the same
 * interface; the document's row (`documents.storage`) names the store that holds its bytes.
 */
import { Readable } from 'node:stream';
import type { EntityManager } from 'typeorm';

export interface DocumentStore {
  /** What `documents.storage` records for documents this store keeps. */
  readonly name: string;
  /**
   * Keeps the bytes of document `id`. A database store writes them in `em`'s transaction, so they
   * commit with the document's row; an object store writes at once (its key is the id, so a retry
   * that writes again changes nothing).
   */
  put(em: EntityManager, id: string, bytes: Buffer): Promise<void>;
  /** The bytes of document `id`, or null when the store no longer has them. */
  open(em: EntityManager, id: string): Promise<Readable | null>;
  /** Deletes the bytes of these documents (retention); a database store in `em`'s transaction. */
  remove(em: EntityManager, ids: string[]): Promise<void>;
}

/** The default: bytes in PostgreSQL, one `document_contents` row per document, apart from its metadata. */
export class PostgresDocumentStore implements DocumentStore {
  readonly name = 'postgres';

  async put(em: EntityManager, id: string, bytes: Buffer): Promise<void> {
    await em.query(
      'INSERT INTO document_contents (document_id, content) VALUES ($1, $2) ON CONFLICT (document_id) DO NOTHING',
      [id, bytes],
    );
  }

  async open(em: EntityManager, id: string): Promise<Readable | null> {
    const [row]: { content: Buffer }[] = await em.query(
      'SELECT content FROM document_contents WHERE document_id = $1',
      [id],
    );
    // A letter is tens of kilobytes: read whole, handed on as a stream like any store's.
    return row ? Readable.from([row.content]) : null;
  }

  async remove(em: EntityManager, ids: string[]): Promise<void> {
    if (ids.length) await em.query('DELETE FROM document_contents WHERE document_id = ANY($1::uuid[])', [ids]);
  }
}
