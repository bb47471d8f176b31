/**
 * Subject access (SPEC §1.12, issue 16): a CST manager asks for everything held about one person — as
 * complainant, party or child — and downloads it as a ZIP: `subject-access.json` (machine-readable) and
 * the letters and evidence files themselves. Asking records who asked about whom, until when; the ZIP is
 * built from what is held when it is downloaded (no second copy of the person's data is kept), by the
 * manager who asked, within a day; each download is audited with the digest of the JSON it served.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Identity } from '../auth/identity';
import { ROLE_SETS } from '../auth/role-sets';
import { londonDate } from '../domain/calendar-date';
import type { Role } from '../domain/enums';
import { UserErrorCode, fail } from '../domain/problems';
import { isId } from '../domain/validation';
import { Child, Complainant, Party, SubjectAccessExport } from '../entities';
import type { ConfiguredStores } from '../integrations/files/file-stores';
import type { AuditService } from './audit.service';
import type { DownloadRequest } from './file-download';
import type { TxContext } from './mutation';
import { mustFindInScope } from './row-lock';
import { gatherSubjectData, type ExportFile, type PersonRef } from './subject-access-data';

/** How long an export's download answers after it was asked for. */
export const EXPORT_HOURS = 24;

/** The format of `subject-access.json`, for whoever reads it by machine. */
export const EXPORT_FORMAT = 'complaints-gateway/subject-access/1';

export interface ExportSubjectAccessInput {
  complainantId?: string | null;
  partyId?: string | null;
  childId?: string | null;
}

const REFS = {
  complainantId: { kind: 'complainant', entity: Complainant, what: 'complainant' },
  partyId: { kind: 'party', entity: Party, what: 'party' },
  childId: { kind: 'child', entity: Child, what: 'child' },
} as const;

export type SubjectAccessDownload =
  | { outcome: 'FORBIDDEN' }
  /** No such export, or one another manager asked for: the same answer. */
  | { outcome: 'NOT_FOUND' }
  /** Its day is over: ask again. */
  | { outcome: 'GONE' }
  | {
      outcome: 'OK';
      filename: string;
      json: Buffer;
      files: { path: string; open: () => Promise<Readable> }[];
    };

/** Who asks for and downloads exports: CST managers (SPEC §3: never partners, nor other staff). */
const MANAGERS: readonly Role[] = ROLE_SETS.cstManagers;

export class SubjectAccessService {
  constructor(
    private readonly audit: AuditService,
    private readonly stores: ConfiguredStores,
  ) {}

  /** Records the request (audited `subject-access.exported`): the person named by exactly one of their ids. */
  async request(t: TxContext, input: ExportSubjectAccessInput): Promise<SubjectAccessExport> {
    const given = (Object.keys(REFS) as (keyof typeof REFS)[]).filter((key) => input[key] != null);
    if (given.length !== 1)
      fail(UserErrorCode.INVALID, 'input', 'name the person by exactly one of complainantId, partyId or childId');
    const [key] = given;
    const { kind, entity, what } = REFS[key];
    const person = await mustFindInScope(t, entity, input[key]!, { field: `input.${key}`, what });
    const expiresAt = new Date(t.now().getTime() + EXPORT_HOURS * 3600 * 1000);
    const repository = t.tx.getRepository(SubjectAccessExport);
    const row = await repository.save(
      repository.create({ requestedById: t.actor.id!, personKind: kind, personId: person.id, expiresAt }),
    );
    await this.audit.record(
      t.tx,
      t.actor,
      {
        action: 'subject-access.exported',
        entityType: 'SubjectAccessExport',
        entityId: row.id,
        change: { person: { kind, id: person.id }, expiresAt },
      },
      t.now(),
    );
    return row;
  }

  /**
   * The export for the manager who asked for it, within its day: the data gathered now, in one snapshot,
   * and the download audited (`subject-access.downloaded`: the complaints, the files, the JSON's SHA-256)
   * in the same transaction, before any byte is sent.
   */
  async download(r: DownloadRequest, exportId: string): Promise<SubjectAccessDownload> {
    if (!MANAGERS.includes(r.identity.role) || !r.identity.staffId) return { outcome: 'FORBIDDEN' };
    if (!isId(exportId)) return { outcome: 'NOT_FOUND' };
    const at = r.now();
    const found = await r.dataSource.transaction('REPEATABLE READ', async (tx) => {
      const row = await tx.getRepository(SubjectAccessExport).findOneBy({ id: exportId });
      if (!row || row.requestedById !== r.identity.staffId) return { outcome: 'NOT_FOUND' } as const;
      if (row.expiresAt <= at) return { outcome: 'GONE' } as const;
      const person = { kind: row.personKind, id: row.personId } as PersonRef;
      const gathered = await gatherSubjectData(tx, person);
      const manifest = gathered.files.map(({ path, size, sha256 }) => ({ path, size, sha256 }));
      const document = { format: EXPORT_FORMAT, exportId, generatedAt: at, person, ...gathered.data, files: manifest };
      const json = Buffer.from(JSON.stringify(document, null, 2));
      await this.recordDownload(tx, r.identity, row, gathered.complaintReferences, manifest.length, json, at);
      return { outcome: 'OK', json, files: gathered.files } as const;
    });
    if (found.outcome !== 'OK') return found;
    return {
      outcome: 'OK',
      filename: `subject-access-${londonDate(at)}-${exportId.slice(0, 8)}.zip`,
      json: found.json,
      files: found.files.map((f) => ({ path: f.path, open: () => this.open(r, f) })),
    };
  }

  private async recordDownload(
    tx: Parameters<AuditService['record']>[0],
    identity: Identity,
    row: SubjectAccessExport,
    complaints: string[],
    files: number,
    json: Buffer,
    at: Date,
  ): Promise<void> {
    await this.audit.record(
      tx,
      { id: identity.subject, role: identity.role },
      {
        action: 'subject-access.downloaded',
        entityType: 'SubjectAccessExport',
        entityId: row.id,
        change: {
          person: { kind: row.personKind, id: row.personId },
          complaints,
          files,
          sha256: createHash('sha256').update(json).digest('hex'),
        },
      },
      at,
    );
  }

  /** A file's bytes, from the store its row names (read when the ZIP reaches it). */
  private async open(r: DownloadRequest, file: ExportFile): Promise<Readable> {
    const store = file.kind === 'document' ? this.stores.documents : this.stores.evidence.named(file.storage);
    const content = await store.open(r.dataSource.manager, file.id);
    if (!content) throw new Error(`the bytes of ${file.kind} ${file.id} are missing from ${file.storage}`);
    return content;
  }
}
