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
import {
  CASE_FILE_OUTCOME_DOCS,
  CaseFileOutcome,
  type CaseFileResultData,
  type CaseFileSyncInput,
} from '../services/case-file.service';
import { enumConfig } from '../graphql/enum-config';
import { runMutation } from '../services/mutation';
import type { Services } from '../services/services';

registerEnumType(CaseFileOutcome, enumConfig('CaseFileOutcome', CASE_FILE_OUTCOME_DOCS));

const SOURCE_ID = {
  description:
    "The case management system's own id for the record, by which it is matched: not empty, at most 500 " +
    'characters, not repeated in its list.',
};

/** A list of records nested in a case: matched by sourceId; records not in it are kept. */
const LIST_OF = (what: string): string =>
  `The case's ${what} to create or update, matched by sourceId; those not in the list are kept as they are. ` +
  'An invalid one is named in `errors` and the rest are applied.';

@InputType({ description: 'An adult party. Optional fields left out are kept as they are; null clears them.' })
export class PartyRecordInput implements PartyRecord {
  @Field(() => ID, SOURCE_ID) sourceId: string;
  @Field({ description: 'Not empty, at most 500 characters.' }) firstName: string;
  @Field({ description: 'Not empty, at most 500 characters.' }) lastName: string;
  @Field(() => PartyRole, { description: 'Their part in the proceedings.' }) role: PartyRole;
  @Field(() => String, { nullable: true, description: 'At most 500 characters; null clears it.' }) email?:
    string | null;
  @Field(() => String, { nullable: true, description: 'At most 500 characters; null clears it.' }) phone?:
    string | null;
  @Field(() => String, { nullable: true, description: 'Postal address, at most 500 characters; null clears it.' })
  address?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Special-category data: stored, never shown to the case system again.',
  })
  ethnicity?: string | null;
  @Field(() => String, { nullable: true, description: 'Special-category data.' }) disability?: string | null;
}

@InputType({
  description:
    'A child who is the subject of the proceedings. Optional fields left out are kept as they are; null clears them.',
})
export class ChildRecordInput implements ChildRecord {
  @Field(() => ID, SOURCE_ID) sourceId: string;
  @Field({ description: 'Not empty, at most 500 characters.' }) firstName: string;
  @Field({ description: 'Not empty, at most 500 characters.' }) lastName: string;
  @Field(() => LocalDate, { description: 'A London calendar date, YYYY-MM-DD.' }) dateOfBirth: string;
  @Field(() => ContactMethod, {
    nullable: true,
    description:
      "How the child prefers to be contacted; a child's complaint takes it when none is given at intake " +
      '(SPEC §1.8).',
  })
  preferredContact?: ContactMethod | null;
  @Field(() => String, { nullable: true, description: 'Special-category data, at most 500 characters.' })
  ethnicity?: string | null;
  @Field(() => String, { nullable: true, description: 'Special-category data, at most 500 characters.' })
  disability?: string | null;
}

@InputType({
  description:
    'A hearing: listing, moving, postponing, adjourning, cancelling or completing one recomputes the deadlines ' +
    'of the open complaints of the case.',
})
export class HearingRecordInput implements HearingRecord {
  @Field(() => ID, SOURCE_ID) sourceId: string;
  @Field({
    description:
      'When it starts, an ISO-8601 instant; its London date is the hearing date deadlines are counted against.',
  })
  startsAt: Date;
  @Field({ description: 'E.g. "Final hearing"; not empty, at most 500 characters.' }) hearingType: string;
  @Field(() => HearingStatus, {
    description: 'Only LISTED hearings bind response and court-notification deadlines (SPEC §1, deadline arithmetic).',
  })
  status: HearingStatus;
  @Field(() => String, { nullable: true, description: "The court sitting, by code; the case's court when left out." })
  courtCode?: string | null;
}

@InputType({
  description:
    'A report filed with the court; a FACTUAL_ERROR aspect may name it for correction (SPEC §1.5). ' +
    'Optional fields left out are kept as they are; null clears them.',
})
export class CourtReportRecordInput implements CourtReportRecord {
  @Field(() => ID, SOURCE_ID) sourceId: string;
  @Field({ description: 'Not empty, at most 500 characters.' }) title: string;
  @Field({ description: 'E.g. "Section 7 report"; not empty, at most 500 characters.' }) reportType: string;
  @Field(() => LocalDate, { description: 'When it was filed: a London calendar date, YYYY-MM-DD.' }) filedOn: string;
  @Field(() => String, {
    nullable: true,
    description: 'The author, by the email of a member of staff (case-insensitive); an unknown one is NOT_FOUND.',
  })
  authorEmail?: string | null;
}

@InputType({
  description:
    "An entry of the case's contact log (personal data: the audit names its changed fields, not their values). " +
    'The optional staffEmail left out is kept as it is; null clears it.',
})
export class ContactLogRecordInput implements ContactLogRecord {
  @Field(() => ID, SOURCE_ID) sourceId: string;
  @Field({ description: 'When the contact took place, an ISO-8601 instant; not in the future.' }) occurredAt: Date;
  @Field(() => ContactMethod, { description: 'How the contact was made.' }) method: ContactMethod;
  @Field({ description: 'Who was contacted, e.g. "mother"; not empty, at most 500 characters.' }) withWhom: string;
  @Field({ description: 'What was said or done; not empty, at most 20,000 characters.' }) summary: string;
  @Field(() => String, {
    nullable: true,
    description: 'Who made the contact, by the email of a member of staff; an unknown one is NOT_FOUND.',
  })
  staffEmail?: string | null;
}

@InputType({
  description:
    'A case and the records under it. For a new case, caseNumber, courtCode, serviceAreaCode and openedOn are ' +
    'required; for a known one, fields left out are kept.',
})
export class CaseFileInput implements CaseFileRecord {
  @Field(() => ID, SOURCE_ID) sourceId: string;
  @Field(() => String, {
    nullable: true,
    description:
      "The court's case number, at most 500 characters; never cleared. A case keyed by hand under this number " +
      'before the case system knew it is adopted; one held under another sourceId is a CONFLICT.',
  })
  caseNumber?: string | null;
  @Field(() => String, {
    nullable: true,
    description: "The case's court, by its code (Court.code); an unknown code is NOT_FOUND; never cleared.",
  })
  courtCode?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'The service area, by its code (ServiceArea.code), which routes complaints to its managers; never cleared.',
  })
  serviceAreaCode?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'The case practitioner, by the email of a member of staff; an unknown one is NOT_FOUND.',
  })
  practitionerEmail?: string | null;
  @Field(() => CaseStatus, {
    nullable: true,
    description:
      'Closing a case starts the six-month window for complaints (involvementEndedOn defaults to the day it closes). ' +
      'A new case is OPEN when left out; never cleared.',
  })
  status?: CaseStatus | null;
  @Field(() => LocalDate, {
    nullable: true,
    description: 'When the service became involved: a London calendar date, YYYY-MM-DD; never cleared.',
  })
  openedOn?: string | null;
  @Field(() => LocalDate, {
    nullable: true,
    description:
      "When the service's involvement ended (YYYY-MM-DD): a complaint received more than 6 calendar months later " +
      'is out of time (SPEC §1.3). Left out, it is kept, set to today when the case is first seen CLOSED and ' +
      'cleared when it reopens.',
  })
  involvementEndedOn?: string | null;
  @Field(() => [PartyRecordInput], { nullable: true, description: LIST_OF('adult parties') })
  parties?: PartyRecordInput[] | null;
  @Field(() => [ChildRecordInput], { nullable: true, description: LIST_OF('children') })
  children?: ChildRecordInput[] | null;
  @Field(() => [HearingRecordInput], { nullable: true, description: LIST_OF('hearings') })
  hearings?: HearingRecordInput[] | null;
  @Field(() => [CourtReportRecordInput], { nullable: true, description: LIST_OF('court reports') })
  courtReports?: CourtReportRecordInput[] | null;
  @Field(() => [ContactLogRecordInput], { nullable: true, description: LIST_OF('contact log entries') })
  contactLogs?: ContactLogRecordInput[] | null;
}

@InputType({
  description:
    'A batch of case files from the case management system; each case is applied in its own savepoint ' +
    '(SPEC §2 `upsertCaseFile`).',
})
export class UpsertCaseFileInput implements CaseFileSyncInput {
  @Field(() => [CaseFileInput], {
    description:
      `At least one case; at most ${MAX_CASE_FILE_RECORDS} records in all (cases and the records in them), ` +
      'else the whole batch is refused.',
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
  @Field(() => ID, { description: "The case's sourceId as sent." }) sourceId: string;
  @Field(() => CaseFileOutcome, { description: 'What was done with it.' }) outcome: CaseFileOutcome;
  @Field(() => Case, { nullable: true, description: 'The case as it now stands; null when REJECTED.' })
  case: Case | null;
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
  @Field(() => [CaseFileResult], {
    description: 'Every case of the batch, in order, with what was done with it (REJECTED ones with `case: null`).',
  })
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
    @Arg('input', () => UpsertCaseFileInput, {
      description: 'The cases to create or update, each with the parties, children, hearings and records under it.',
    })
    input: UpsertCaseFileInput,
  ): Promise<UpsertCaseFilePayload> {
    const result = await runMutation(ctx, (t) => this.services.caseFiles.upsert(t, input));
    return {
      cases: result.value?.cases ?? [],
      ...envelope(result),
      errors: [...result.errors, ...(result.value?.errors ?? [])],
    };
  }
}
