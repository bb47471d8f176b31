/**
 * The stores of each kind of file, from the configuration (FILE_STORE, S3_…): built once per process.
 * Letters stay in PostgreSQL whatever FILE_STORE says: a letter is kept in the transaction that records
 * its delivery, which an object store's outage must never hold up (and a letter is tens of kilobytes).
 */
import type { FilesConfig } from '../../config-files';
import { FileStores, PostgresFileStore, type FileStore } from './file-store';
import { S3FileStore } from './s3-file-store';

export interface ConfiguredStores {
  documents: FileStore;
  evidence: FileStores;
}

export function fileStores(config: Pick<FilesConfig, 'store' | 's3'>): ConfiguredStores {
  const postgres = new PostgresFileStore('evidence');
  const s3 = config.s3 ? new S3FileStore(config.s3, 'evidence') : null;
  const evidence =
    config.store === 's3' && s3 ? new FileStores(s3, [postgres]) : new FileStores(postgres, s3 ? [s3] : []);
  return { documents: new PostgresFileStore('documents'), evidence };
}
