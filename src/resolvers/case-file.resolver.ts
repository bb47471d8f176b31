import {
  Arg,
  Authorized,
  Ctx,
  Field,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Resolver,
  registerEnumType,
} from 'type-graphql';
import { ROLE_SETS } from '../auth/role-sets';
import {
  MAX_CASE_FILE_RECORDS,
  type CaseFileRecord,
  type ChildRecord,
  type ContactLogRecord,
  type CourtReportRecord,
  type HearingRecord,
  type PartyRecord,
} from '../domain/case-file';
import { CaseStatus, ContactMethod, HearingStatus, PartyRole } from '../domain/enums';
import { Case } from '../entities';
import type { AuthenticatedContext } from '../services/context';
import { envelope, MutationPayload } from '../graphql/payloads';
import { LocalDate } from '../graphql/scalars';
import { CaseFileOutcome, type CaseFileResultData, type CaseFileSyncInput } from '../services/case-file.service';
import { runMutation } from '../services/mutation';
import type { Services } from '../services/services';

registerEnumType(CaseFileOutcome, { name: 'CaseFileOutcome', description: 'What `upsertCaseFile` did with a case.' });

const SOURCE_ID = { description: "The case management system's own id for the record." };

@InputType({ description: 'An adult party. Optional fields left out are kept as they are; null clears them.' })
export class PartyRecordInput implements PartyRecord {
  @Field(() => ID, SOURCE_ID) sourceId: string;
  @Field() firstName: string;
  @Field() lastName: string;
  @Field(() => PartyRole) role: PartyRole;
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field(() => String, { nullable: true }) phone?: string | null;
  @Field(() => String, { nullable: true }) address?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Special-category data: stored, never shown to the case system again.',
  })
  ethnicity?: string | null;
  @Field(() => String, { nullable: true, description: 'Special-category data.' }) disability?: string | null;
}

@InputType({ description: 'A child who is the subject of the proceedings.' })
export class ChildRecordInput implements ChildRecord {
  @Field(() => ID, SOURCE_ID) sourceId: string;
  @Field() firstName: string;
  @Field() lastName: string;
  @Field(() => LocalDate) dateOfBirth: string;
  @Field(() => ContactMethod, { nullable: true }) preferredContact?: ContactMethod | null;
  @Field(() => String, { nullable: true }) ethnicity?: string | null;
  @Field(() => String, { nullable: true }) disability?: string | null;
}

@InputType({
  description:
    'A hearing: listing, moving, postponing, adjourning, cancelling or completing one recomputes the deadlines ' +
    'of the open complaints of the case.',
})
export class HearingRecordInput implements HearingRecord {
  @Field(() => ID, SOURCE_ID) sourceId: string;
  @Field() startsAt: Date;
  @Field() hearingType: string;
  @Field(() => HearingStatus) status: HearingStatus;
  @Field(() => String, { nullable: true, description: "The court sitting, by code; the case's court when left out." })
  courtCode?: string | null;
}

@InputType()
export class CourtReportRecordInput implements CourtReportRecord {
  @Field(() => ID, SOURCE_ID) sourceId: string;
  @Field() title: string;
  @Field() reportType: string;
  @Field(() => LocalDate) filedOn: string;
  @Field(() => String, { nullable: true, description: 'The author, by staff email.' }) authorEmail?: string | null;
}

@InputType()
export class ContactLogRecordInput implements ContactLogRecord {
  @Field(() => ID, SOURCE_ID) sourceId: string;
  @Field() occurredAt: Date;
  @Field(() => ContactMethod) method: ContactMethod;
  @Field() withWhom: string;
  @Field() summary: string;
  @Field(() => String, { nullable: true, description: 'Who made the contact, by staff email.' }) staffEmail?:
    string | null;
}

@InputType({
  description:
    'A case and the records under it. For a new case, caseNumber, courtCode, serviceAreaCode and openedOn are ' +
    'required; for a known one, fields left out are kept.',
})
export class CaseFileInput implements CaseFileRecord {
  @Field(() => ID, SOURCE_ID) sourceId: string;
  @Field(() => String, { nullable: true }) caseNumber?: string | null;
  @Field(() => String, { nullable: true }) courtCode?: string | null;
  @Field(() => String, { nullable: true }) serviceAreaCode?: string | null;
  @Field(() => String, { nullable: true, description: 'The case practitioner, by staff email.' }) practitionerEmail?:
    string | null;
  @Field(() => CaseStatus, {
    nullable: true,
    description:
      'Closing a case starts the six-month window for complaints (involvementEndedOn defaults to the day it closes).',
  })
  status?: CaseStatus | null;
  @Field(() => LocalDate, { nullable: true }) openedOn?: string | null;
  @Field(() => LocalDate, { nullable: true }) involvementEndedOn?: string | null;
  @Field(() => [PartyRecordInput], { nullable: true }) parties?: PartyRecordInput[] | null;
  @Field(() => [ChildRecordInput], { nullable: true }) children?: ChildRecordInput[] | null;
  @Field(() => [HearingRecordInput], { nullable: true }) hearings?: HearingRecordInput[] | null;
  @Field(() => [CourtReportRecordInput], { nullable: true }) courtReports?: CourtReportRecordInput[] | null;
  @Field(() => [ContactLogRecordInput], { nullable: true }) contactLogs?: ContactLogRecordInput[] | null;
}

@InputType()
export class UpsertCaseFileInput implements CaseFileSyncInput {
  @Field(() => [CaseFileInput], {
    description: `At most ${MAX_CASE_FILE_RECORDS} records in all (cases and the records in them).`,
  })
  cases: CaseFileInput[];
}

/**
 * `implements` lets an input class leave out an optional field of its record, or declare one the
 * record lacks; this fails to compile unless each declares exactly its record's fields.
 */
type SameFields<A, B> = [Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A>] extends [never] ? true : false;
type Holds<T extends true> = T;
export type CaseFileInputsMatchRecords = [
  Holds<SameFields<PartyRecordInput, PartyRecord>>,
  Holds<SameFields<ChildRecordInput, ChildRecord>>,
  Holds<SameFields<HearingRecordInput, HearingRecord>>,
  Holds<SameFields<CourtReportRecordInput, CourtReportRecord>>,
  Holds<SameFields<ContactLogRecordInput, ContactLogRecord>>,
  Holds<SameFields<CaseFileInput, CaseFileRecord>>,
  Holds<SameFields<UpsertCaseFileInput, CaseFileSyncInput>>,
];

@Authorized(...ROLE_SETS.caseSystem)
@ObjectType({ description: 'What happened to one case of the batch.' })
export class CaseFileResult implements CaseFileResultData {
  @Field(() => ID) sourceId: string;
  @Field(() => CaseFileOutcome) outcome: CaseFileOutcome;
  @Field(() => Case, { nullable: true }) case: Case | null;
  @Field(() => Int, { description: 'Records created or changed, the case itself included.' }) changedRecords: number;
  @Field(() => Int, { description: 'Open complaints whose deadlines were recomputed because a hearing changed.' })
  recomputedComplaints: number;
}

@Authorized(...ROLE_SETS.caseSystem)
@ObjectType({
  description:
    'The result of `upsertCaseFile`: each case as applied. A record that is invalid is not applied and is named ' +
    'in `errors`; the others were applied.',
})
export class UpsertCaseFilePayload extends MutationPayload {
  @Field(() => [CaseFileResult], { description: 'The cases of the batch that were applied, one entry each.' })
  cases: CaseFileResult[];
}

@Resolver()
export class CaseFileResolver {
  constructor(private readonly services: Pick<Services, 'caseFiles'>) {}

  @Authorized(...ROLE_SETS.caseSystem)
  @Mutation(() => UpsertCaseFilePayload, {
    description:
      'The case management system pushes case-file changes; each case is applied on its own, ' +
      'identical data changes nothing.',
  })
  async upsertCaseFile(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => UpsertCaseFileInput) input: UpsertCaseFileInput,
  ): Promise<UpsertCaseFilePayload> {
    const result = await runMutation(ctx, (t) => this.services.caseFiles.upsert(t, input));
    return {
      cases: result.value?.cases ?? [],
      ...envelope(result),
      errors: [...result.errors, ...(result.value?.errors ?? [])],
    };
  }
}
