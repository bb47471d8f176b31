/**
 * Files in an S3-compatible object store (issue 16: AWS S3, MinIO, Ceph, Garage…), one object per file
 * under `S3_PREFIX<space>/<id>`. Not transactional: bytes are written before their row's transaction and
 * deleted after it commits (src/integrations/files/file-store.ts); the sweep lists what is left over.
 * The AWS SDK is loaded on first use, so a process that keeps no file there does not pay for it.
 */
import type { Readable } from 'node:stream';
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import type { S3Config } from '../../config-files';
import { FileStoreUnavailable, type FileSpace, type FileStore } from './file-store';

type Sdk = typeof import('@aws-sdk/client-s3');

/** The client's settings for the configured store. */
export function s3ClientConfig(config: S3Config): S3ClientConfig {
  return {
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    forcePathStyle: config.forcePathStyle,
    // Unset: the SDK's own chain (AWS_ACCESS_KEY_ID…, a web identity, the instance's role).
    ...(config.credentials ? { credentials: config.credentials } : {}),
    // Checksums only where S3 requires them: other S3-compatible servers do not all know the newer headers.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}

export class S3FileStore implements FileStore {
  readonly name = 's3';
  readonly transactional = false;
  private readonly prefix: string;
  private connection: Promise<{ sdk: Sdk; client: S3Client }> | null = null;

  constructor(
    private readonly config: S3Config,
    space: FileSpace,
  ) {
    this.prefix = `${config.prefix}${space}/`;
  }

  /** The SDK and one client (its connection pool), made on first use. */
  private connect(): Promise<{ sdk: Sdk; client: S3Client }> {
    this.connection ??= import('@aws-sdk/client-s3').then((sdk) => ({
      sdk,
      client: new sdk.S3Client(s3ClientConfig(this.config)),
    }));
    return this.connection;
  }

  /** Any failure of the store is its unavailability, named (src/http/server.ts answers it 503). */
  private async send<T>(work: (sdk: Sdk, client: S3Client) => Promise<T>): Promise<T> {
    const { sdk, client } = await this.connect();
    try {
      return await work(sdk, client);
    } catch (error) {
      throw new FileStoreUnavailable(this.name, error);
    }
  }

  async put(_em: unknown, id: string, bytes: Buffer, contentType: string): Promise<void> {
    await this.send((sdk, client) =>
      client.send(
        new sdk.PutObjectCommand({
          Bucket: this.config.bucket,
          Key: this.prefix + id,
          Body: bytes,
          ContentType: contentType,
          ContentLength: bytes.length,
        }),
      ),
    );
  }

  async open(_em: unknown, id: string): Promise<Readable | null> {
    const { sdk, client } = await this.connect();
    try {
      const object = await client.send(new sdk.GetObjectCommand({ Bucket: this.config.bucket, Key: this.prefix + id }));
      return (object.Body as Readable | undefined) ?? null;
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchKey') return null;
      throw new FileStoreUnavailable(this.name, error);
    }
  }

  async remove(_em: unknown, ids: string[]): Promise<void> {
    // One request per object: DeleteObjects needs a checksum header some S3-compatible servers reject.
    for (const id of ids)
      await this.send((sdk, client) =>
        client.send(new sdk.DeleteObjectCommand({ Bucket: this.config.bucket, Key: this.prefix + id })),
      );
  }

  async *list(before: Date): AsyncIterable<string> {
    let token: string | undefined;
    do {
      const page = await this.send((sdk, client) =>
        client.send(
          new sdk.ListObjectsV2Command({ Bucket: this.config.bucket, Prefix: this.prefix, ContinuationToken: token }),
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
