/**
 * Files in an S3-compatible object store (issue 16: AWS S3, MinIO, Ceph, Garage…), one object per file
 * under `S3_PREFIX<space>/<id>`. Not transactional: bytes are written before their row's transaction and
 * deleted after it commits (src/integrations/files/file-store.ts); the sweep lists what is left over.
 */
import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { S3Config } from '../../config-files';
import { FileStoreUnavailable, type FileSpace, type FileStore } from './file-store';

/** One client per process: its connection pool is shared by every space. */
export function s3Client(config: S3Config): S3Client {
  return new S3Client({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    forcePathStyle: config.forcePathStyle,
    // Unset: the SDK's own chain (AWS_ACCESS_KEY_ID…, a web identity, the instance's role).
    ...(config.credentials ? { credentials: config.credentials } : {}),
    // Checksums only where S3 requires them: other S3-compatible servers do not all know the newer headers.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export class S3FileStore implements FileStore {
  readonly name = 's3';
  readonly transactional = false;
  private readonly prefix: string;

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    space: FileSpace,
    prefix = '',
  ) {
    this.prefix = `${prefix}${space}/`;
  }

  /** Any failure of the store is its unavailability, named (src/http/server.ts answers it 503). */
  private async send<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw new FileStoreUnavailable(this.name, error);
    }
  }

  async put(_em: unknown, id: string, bytes: Buffer, contentType: string): Promise<void> {
    await this.send(() =>
      this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: this.prefix + id,
          Body: bytes,
          ContentType: contentType,
          ContentLength: bytes.length,
        }),
      ),
    );
  }

  async open(_em: unknown, id: string): Promise<Readable | null> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.prefix + id }));
      return (object.Body as Readable | undefined) ?? null;
    } catch (error) {
      const missing = error instanceof NoSuchKey || (error instanceof S3ServiceException && error.name === 'NoSuchKey');
      if (missing) return null;
      throw new FileStoreUnavailable(this.name, error);
    }
  }

  async remove(_em: unknown, ids: string[]): Promise<void> {
    // One request per object: DeleteObjects needs a checksum header some S3-compatible servers reject.
    for (const id of ids)
      await this.send(() => this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.prefix + id })));
  }

  async *list(before: Date): AsyncIterable<string> {
    let token: string | undefined;
    do {
      const page = await this.send(() =>
        this.client.send(
          new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix, ContinuationToken: token }),
        ),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key && object.LastModified && object.LastModified < before)
          yield object.Key.slice(this.prefix.length);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }
}
