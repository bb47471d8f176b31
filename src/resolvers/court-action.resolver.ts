/** Court actions recorded as done outside the gateway: a report corrected, a notification sent by hand. */
import { Arg, Authorized, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { ROLE_SETS } from '../auth/role-sets';
import type { AuthenticatedContext } from '../services/context';
import { complaintPayload, ComplaintPayload } from '../graphql/payloads';
import type { CourtNotificationSentInput, ReportCorrectionInput } from '../services/court-action.service';
import { runMutation } from '../services/mutation';
import type { Services } from '../services/services';

@InputType()
export class RecordReportCorrectionInput implements ReportCorrectionInput {
  @Field(() => ID) reportCorrectionId: string;
  @Field({ description: 'What was corrected.' }) correction: string;
  @Field(() => Date, { nullable: true }) correctedAt?: Date;
}

@InputType()
export class RecordCourtNotificationSentInput implements CourtNotificationSentInput {
  @Field(() => ID) courtNotificationId: string;
  @Field(() => Date, { nullable: true }) sentAt?: Date;
}

@Authorized()
@ObjectType({
  description: 'The result of `recordReportCorrection`: the complaint as changed, or the `errors` to correct.',
})
export class RecordReportCorrectionPayload extends ComplaintPayload {}

@Authorized()
@ObjectType({
  description: 'The result of `recordCourtNotificationSent`: the complaint as changed, or the `errors` to correct.',
})
export class RecordCourtNotificationSentPayload extends ComplaintPayload {}

@Resolver()
export class CourtActionResolver {
  constructor(private readonly services: Pick<Services, 'courtActions'>) {}

  @Authorized(...ROLE_SETS.caseHandlers)
  @Mutation(() => RecordReportCorrectionPayload, { description: 'A court report has been corrected (§4.7).' })
  async recordReportCorrection(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => RecordReportCorrectionInput) input: RecordReportCorrectionInput,
  ): Promise<RecordReportCorrectionPayload> {
    return complaintPayload(await runMutation(ctx, (t) => this.services.courtActions.recordReportCorrection(t, input)));
  }

  @Authorized(...ROLE_SETS.caseHandlers)
  @Mutation(() => RecordCourtNotificationSentPayload, {
    description: 'A court notification was sent outside the gateway (a court portal, by hand).',
  })
  async recordCourtNotificationSent(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => RecordCourtNotificationSentInput) input: RecordCourtNotificationSentInput,
  ): Promise<RecordCourtNotificationSentPayload> {
    return complaintPayload(
      await runMutation(ctx, (t) => this.services.courtActions.recordCourtNotificationSent(t, input)),
    );
  }
}
