/**
 * Where the bytes of files are kept (issue 16), behind one small interface used by the letters kept as
 * documents and by evidence files: PostgreSQL (`bytea`, one table of contents per kind of file) by
 * default, or an S3-compatible object store (src/integrations/files/s3-file-store.ts). Each file's row
 * names the store that holds its bytes (`storage`), so files stay readable when the setting changes.
 */
import { Readable } from 'node:stream';
import type { EntityManager } from 'typeorm';

/** The kinds of file, each a space of its own: a table in PostgreSQL, a key prefix in a bucket. */
export type FileSpace = 'documents' | 'evidence';

export interface FileStore {
  /** What a file's `storage` column records for files this store keeps. */
  readonly name: string;
  /**
   * True when `put` and `remove` happen in `em`'s transaction, so that the bytes commit (or roll back)
   * with the row. False for an object store, which writes and deletes at once: bytes are written before
   * their row's transaction and deleted after it commits, and what a failure leaves (bytes without a row)
   * is swept (`list`).
   */
  readonly transactional: boolean;
  /** Keeps the bytes of file `id` (the same id again changes nothing). */
  put(em: EntityManager, id: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The bytes of file `id`, or null when the store does not have them. */
  open(em: EntityManager, id: string): Promise<Readable | null>;
  /** Deletes the bytes of these files (retention, a failed upload). */
  remove(em: EntityManager, ids: string[]): Promise<void>;
  /** An object store's files written before `before` (for the sweep of bytes no row points at). */
  list?(before: Date): AsyncIterable<string>;
}

/** Each space's table of contents in PostgreSQL, and its key column (a foreign key to the file's row). */
const TABLES: Record<FileSpace, { table: string; key: string }> = {
  documents: { table: 'document_contents', key: 'document_id' },
  evidence: { table: 'evidence_file_contents', key: 'evidence_file_id' },
};

/** The default: bytes in PostgreSQL, one row per file, apart from its metadata (listing never reads them). */
export class PostgresFileStore implements FileStore {
  readonly name = 'postgres';
  readonly transactional = true;
  private readonly table: string;
  private readonly key: string;

  constructor(space: FileSpace) {
    ({ table: this.table, key: this.key } = TABLES[space]);
  }

  async put(em: EntityManager, id: string, bytes: Buffer): Promise<void> {
    await em.query(
      `INSERT INTO ${this.table} (${this.key}, content) VALUES ($1, $2) ON CONFLICT (${this.key}) DO NOTHING`,
      [id, bytes],
    );
  }

  async open(em: EntityManager, id: string): Promise<Readable | null> {
    const [row]: { content: Buffer }[] = await em.query(`SELECT content FROM ${this.table} WHERE ${this.key} = $1`, [
      id,
    ]);
    // Read whole (at most the upload limit), handed on as a stream like any store's.
    return row ? Readable.from([row.content]) : null;
  }

  async remove(em: EntityManager, ids: string[]): Promise<void> {
    if (ids.length) await em.query(`DELETE FROM ${this.table} WHERE ${this.key} = ANY($1::uuid[])`, [ids]);
  }
}

/** The store could not be reached or refused the request (an object store down, a bucket missing): 503. */
export class FileStoreUnavailable extends Error {
  constructor(store: string, cause: unknown) {
    super(`the ${store} file store is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
}

/** A row names a store this process is not configured with (e.g. `s3` after FILE_STORE was unset). */
export class FileStoreMissing extends Error {
  constructor(name: string) {
    super(`files are kept in the "${name}" store, which is not configured (FILE_STORE and the S3_ settings)`);
  }
}

/** The stores of one space: `current` takes new files; a file is read and deleted where its row says. */
export class FileStores {
  private readonly byName: Map<string, FileStore>;

  constructor(
    readonly current: FileStore,
    others: FileStore[] = [],
  ) {
    this.byName = new Map([current, ...others].map((s) => [s.name, s]));
  }

  named(name: string): FileStore {
    const store = this.byName.get(name);
    if (!store) throw new FileStoreMissing(name);
    return store;
  }

  /** The configured stores that are not transactional (object stores), for the sweep. */
  objectStores(): FileStore[] {
    return [...this.byName.values()].filter((s) => !s.transactional);
  }
}
