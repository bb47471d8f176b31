/** Court actions recorded as done outside the gateway: a report corrected, a notification sent by hand. */
import { Arg, Authorized, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { ROLE_SETS } from '../auth/role-sets';
import type { AuthenticatedContext } from '../services/context';
import { complaintPayload, ComplaintPayload } from '../graphql/payloads';
import type { CourtNotificationSentInput, ReportCorrectionInput } from '../services/court-action.service';
import { runMutation } from '../services/mutation';
import type { Services } from '../services/services';

@InputType({ description: 'That a court report was corrected and filed with the court.' })
export class RecordReportCorrectionInput implements ReportCorrectionInput {
  @Field(() => ID, { description: 'The correction the assessment created (Complaint.reportCorrections).' })
  reportCorrectionId: string;
  @Field({ description: 'What was corrected.' }) correction: string;
  @Field(() => Date, { nullable: true, description: 'When it was filed; now when absent, never in the future.' })
  correctedAt?: Date;
}

@InputType({ description: 'That a court notification the assessment created was sent to the court.' })
export class RecordCourtNotificationSentInput implements CourtNotificationSentInput {
  @Field(() => ID, { description: 'The notification the assessment created (Complaint.courtNotifications).' })
  courtNotificationId: string;
  @Field(() => Date, { nullable: true, description: 'When it was sent; now when absent, never in the future.' })
  sentAt?: Date;
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
    @Arg('input', () => RecordReportCorrectionInput, { description: 'The report correction and when it was filed.' })
    input: RecordReportCorrectionInput,
  ): Promise<RecordReportCorrectionPayload> {
    return complaintPayload(await runMutation(ctx, (t) => this.services.courtActions.recordReportCorrection(t, input)));
  }

  @Authorized(...ROLE_SETS.caseHandlers)
  @Mutation(() => RecordCourtNotificationSentPayload, {
    description: 'A court notification was sent outside the gateway (a court portal, by hand).',
  })
  async recordCourtNotificationSent(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => RecordCourtNotificationSentInput, {
      description: 'The court notification and when it was sent.',
    })
    input: RecordCourtNotificationSentInput,
  ): Promise<RecordCourtNotificationSentPayload> {
    return complaintPayload(
      await runMutation(ctx, (t) => this.services.courtActions.recordCourtNotificationSent(t, input)),
    );
  }
}
