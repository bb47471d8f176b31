/**
 * The bytes of an anonymised complaint's files (issue 16): letters kept as documents and evidence files,
 * from whichever store holds each (its row's `storage`). PostgreSQL's go in the anonymisation's own
 * transaction; an object store's after it commits (a rolled-back anonymisation must not have deleted
 * them). What an object store still holds that no row needs — an upload whose transaction failed, a
 * deletion cut short — is swept after each run.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { isId } from '../domain/validation';
import { FileStores, type FileStore } from '../integrations/files/file-store';
import type { ConfiguredStores } from '../integrations/files/file-stores';

/** Deletions an object store owes once the transaction that marked the rows has committed. */
export type PendingRemoval = { store: FileStore; ids: string[] };

/** An object older than this without a live row is an orphan: younger ones may be an upload in progress. */
export const ORPHAN_AGE_MS = 60 * 60 * 1000;

export class RetainedFiles {
  private readonly kinds: { table: string; stores: FileStores }[];

  constructor(stores: ConfiguredStores) {
    this.kinds = [
      { table: 'documents', stores: new FileStores(stores.documents) },
      { table: 'evidence_files', stores: stores.evidence },
    ];
  }

  /**
   * In the anonymisation's transaction, before the rows are marked: deletes what PostgreSQL holds of
   * the complaint's files and returns what object stores are to delete after the commit.
   */
  async forget(tx: EntityManager, complaintId: string): Promise<PendingRemoval[]> {
    const pending: PendingRemoval[] = [];
    for (const kind of this.kinds) {
      const rows: { storage: string; ids: string[] }[] = await tx.query(
        `SELECT storage, array_agg(id) AS ids FROM ${kind.table}
          WHERE complaint_id = $1 AND content_deleted_at IS NULL GROUP BY storage`,
        [complaintId],
      );
      for (const { storage, ids } of rows) {
        const store = kind.stores.named(storage);
        if (store.transactional) await store.remove(tx, ids);
        else pending.push({ store, ids });
      }
    }
    return pending;
  }

  /** After the commit: an object store's deletions (one that fails is left to the sweep). */
  async removeAfterCommit(ds: DataSource, pending: PendingRemoval[]): Promise<void> {
    for (const { store, ids } of pending) await store.remove(ds.manager, ids).catch(() => undefined);
  }

  /**
   * Deletes from object stores the files older than ORPHAN_AGE_MS that no row needs (no row, or a row
   * whose bytes retention deleted); returns how many.
   */
  async sweep(ds: DataSource, now: Date): Promise<number> {
    const before = new Date(now.getTime() - ORPHAN_AGE_MS);
    let swept = 0;
    for (const kind of this.kinds) {
      for (const store of kind.stores.objectStores()) {
        const batch: string[] = [];
        const flush = async () => {
          const live: { id: string }[] = await ds.query(
            `SELECT id::text FROM ${kind.table}
              WHERE id = ANY($1::uuid[]) AND storage = $2 AND content_deleted_at IS NULL`,
            [batch, store.name],
          );
          const keep = new Set(live.map((r) => r.id));
          const orphans = batch.filter((id) => !keep.has(id));
          await store.remove(ds.manager, orphans);
          swept += orphans.length;
          batch.length = 0;
        };
        for await (const id of store.list!(before)) {
          // A key that is not a file id (something else in the bucket's prefix) is not ours to delete.
          if (!isId(id)) continue;
          batch.push(id);
          if (batch.length === 500) await flush();
        }
        if (batch.length) await flush();
      }
    }
    return swept;
  }
}
