/** Fields of documents (issue 16): where to download one; a notification's letter. */
import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { ROLE_SETS } from '../auth/role-sets';
import { Document, Notification } from '../entities';
import { Reads } from '../read/field-columns';
import { related } from '../read/loaders';
import type { Context } from '../services/context';

/** `GET PUBLIC_URL/documents/:id` with the caller's bearer token (src/http/file-download.ts). */
export const documentPath = (id: string) => `/documents/${encodeURIComponent(id)}`;

@Authorized(...ROLE_SETS.complaintReaders)
@Resolver(() => Document)
export class DocumentFields {
  @FieldResolver(() => String, {
    nullable: true,
    description: 'GET it with your bearer token (audited); null once retention has deleted the bytes.',
  })
  @Reads<Document>('contentDeletedAt')
  downloadUrl(@Root() d: Document, @Ctx() ctx: Context): string | null {
    return d.contentDeletedAt ? null : `${ctx.config.publicUrl}${documentPath(d.id)}`;
  }
}

@Authorized(...ROLE_SETS.notificationReaders)
@Resolver(() => Notification)
export class NotificationDocumentFields {
  @FieldResolver(() => Document, {
    nullable: true,
    description: "The letter it sent, kept as the complaint's document (a POST letter: the PDF to print).",
  })
  async document(@Root() n: Notification, @Ctx() ctx: Context): Promise<Document | null> {
    const documents = (await related(ctx, Notification, 'document', n)) as Document[];
    return documents[0] ?? null;
  }
}
