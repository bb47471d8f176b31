/** Subject access (SPEC §1.12, issue 16): a CST manager's export of everything held about one person. */
import { Arg, Authorized, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { ROLE_SETS } from '../auth/role-sets';
import { envelope, MutationPayload } from '../graphql/payloads';
import type { AuthenticatedContext } from '../services/context';
import { runMutation } from '../services/mutation';
import type { Services } from '../services/services';
import type { ExportSubjectAccessInput } from '../services/subject-access.service';

/** `GET PUBLIC_URL/subject-access/:id` with the asking manager's bearer token (src/http/subject-access-download.ts). */
export const subjectAccessPath = (id: string) => `/subject-access/${encodeURIComponent(id)}`;

@InputType('ExportSubjectAccessInput', { description: 'The person, by exactly one of their records.' })
export class ExportSubjectAccessInputType implements ExportSubjectAccessInput {
  @Field(() => ID, {
    nullable: true,
    description: 'A complainant (with their party or child, and their other records).',
  })
  complainantId?: string;
  @Field(() => ID, { nullable: true, description: 'A party of a case (with every complainant record that is them).' })
  partyId?: string;
  @Field(() => ID, { nullable: true, description: 'A child of a case (with every complainant record that is them).' })
  childId?: string;
}

@Authorized()
@ObjectType()
export class SubjectAccessExportPayload extends MutationPayload {
  @Field(() => ID, { nullable: true, description: 'The export, as audited; null on errors.' })
  exportId: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'GET it with your bearer token until expiresAt: a ZIP of subject-access.json and the letters and evidence ' +
      'files, built from what is held at that moment (each download audited). Review it before disclosure.',
  })
  downloadUrl: string | null;

  @Field(() => Date, { nullable: true, description: 'When the download link stops working; null on errors.' })
  expiresAt: Date | null;
}

@Authorized()
@ObjectType({ description: 'The result of `exportSubjectAccess`: the export to download, or the `errors` to correct.' })
export class ExportSubjectAccessPayload extends SubjectAccessExportPayload {}

@Resolver()
export class SubjectAccessResolver {
  constructor(private readonly services: Pick<Services, 'subjectAccess'>) {}

  @Authorized(...ROLE_SETS.cstManagers)
  @Mutation(() => ExportSubjectAccessPayload, {
    description: 'Exports everything held about one person as complainant, party or child (SPEC §1.12); audited.',
  })
  async exportSubjectAccess(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => ExportSubjectAccessInputType, { description: 'The person whose data is exported.' })
    input: ExportSubjectAccessInputType,
  ): Promise<ExportSubjectAccessPayload> {
    const result = await runMutation(ctx, (t) => this.services.subjectAccess.request(t, input));
    const row = result.value;
    return {
      exportId: row?.id ?? null,
      downloadUrl: row ? `${ctx.config.publicUrl}${subjectAccessPath(row.id)}` : null,
      expiresAt: row?.expiresAt ?? null,
      ...envelope(result),
    };
  }
}
