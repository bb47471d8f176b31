/** Fields of evidence files (issue 16): an item's files, where to upload one, where to download one. */
import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { ROLE_SETS } from '../auth/role-sets';
import { Evidence, EvidenceFile } from '../entities';
import { Reads } from '../read/field-columns';
import { related } from '../read/loaders';
import type { Context } from '../services/context';

/** `GET PUBLIC_URL/evidence-files/:id` with the caller's bearer token (src/http/file-download.ts). */
export const evidenceFilePath = (id: string) => `/evidence-files/${encodeURIComponent(id)}`;

/** `POST PUBLIC_URL/evidence/:id/files` with the caller's bearer token (src/http/evidence-upload.ts). */
export const evidenceUploadPath = (evidenceId: string) => `/evidence/${encodeURIComponent(evidenceId)}/files`;

@Authorized(...ROLE_SETS.complaintReaders)
@Resolver(() => Evidence)
export class EvidenceFilesFields {
  @FieldResolver(() => [EvidenceFile], { description: 'Its files (documents, pictures, recordings), oldest first.' })
  async files(@Root() e: Evidence, @Ctx() ctx: Context): Promise<EvidenceFile[]> {
    return (await related(ctx, Evidence, 'files', e)) as EvidenceFile[];
  }

  @Authorized(...ROLE_SETS.caseHandlers)
  @FieldResolver(() => String, {
    description:
      'POST a file here as multipart/form-data (a part named "file") with your bearer token; it answers 201 with ' +
      "the file's metadata, 413 over the size limit, 415 for a type not allowed.",
  })
  @Reads<Evidence>()
  uploadUrl(@Root() e: Evidence, @Ctx() ctx: Context): string {
    return `${ctx.config.publicUrl}${evidenceUploadPath(e.id)}`;
  }
}

@Authorized(...ROLE_SETS.complaintReaders)
@Resolver(() => EvidenceFile)
export class EvidenceFileFields {
  @FieldResolver(() => String, {
    nullable: true,
    description: 'GET it with your bearer token (audited); null once retention has deleted the bytes.',
  })
  @Reads<EvidenceFile>('contentDeletedAt')
  downloadUrl(@Root() f: EvidenceFile, @Ctx() ctx: Context): string | null {
    return f.contentDeletedAt ? null : `${ctx.config.publicUrl}${evidenceFilePath(f.id)}`;
  }
}
