import { Arg, Authorized, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { NotAcceptedReason, TriageOutcome } from '../domain/enums';
import { ROLE_SETS } from '../auth/role-sets';
import type { AuthenticatedContext } from '../services/context';
import { complaintPayload, ComplaintPayload } from '../graphql/payloads';
import { LocalDate } from '../graphql/scalars';
import { runMutation } from '../services/mutation';
import { type EscalateFromLocalResolutionInput, type TriageInput } from '../services/triage.service';
import { ComplaintEditInput } from '../graphql/inputs';
import type { Services } from '../services/services';

@InputType({ description: 'The outcome of triage (§3) and what that outcome needs.' })
export class TriageComplaintInput extends ComplaintEditInput implements TriageInput {
  @Field(() => TriageOutcome, { description: 'What triage decided; each outcome names the other fields it needs.' })
  outcome: TriageOutcome;
  @Field(() => NotAcceptedReason, { nullable: true, description: 'NOT_ACCEPTED: why.' })
  notAcceptedReason?: NotAcceptedReason;
  @Field(() => String, {
    nullable: true,
    description: 'NOT_ACCEPTED: the written explanation sent to the complainant; otherwise a note.',
  })
  explanation?: string;
  @Field(() => String, {
    nullable: true,
    description: 'A CST manager accepting a complaint out of time records why (§3.2).',
  })
  exceptionalCircumstances?: string;
  @Field(() => ID, { nullable: true, description: 'REFERRED_TO_PROVIDER: the provider whose own procedure takes it.' })
  providerId?: string;
  @Field(() => ID, { nullable: true, description: 'LOCAL_RESOLUTION: the local manager who answers.' })
  localManagerId?: string;
  @Field(() => ID, { nullable: true, description: 'REPEAT: the earlier complaint that answered the same issue.' })
  repeatsComplaintId?: string;
}

@InputType('EscalateFromLocalResolutionInput', {
  description: 'A complaint resolved locally that the complainant takes into the procedure.',
})
export class EscalateFromLocalResolutionInputType
  extends ComplaintEditInput
  implements EscalateFromLocalResolutionInput
{
  @Field(() => LocalDate, { nullable: true, description: 'Defaults to today; procedure deadlines count from it.' })
  escalatedOn?: string;
  @Field(() => String, { nullable: true, description: 'Why the complainant is still unhappy; kept in the audit.' })
  reason?: string;
}

@Authorized()
@ObjectType({ description: 'The result of `triageComplaint`: the complaint as changed, or the `errors` to correct.' })
export class TriageComplaintPayload extends ComplaintPayload {}

@Authorized()
@ObjectType({
  description: 'The result of `escalateFromLocalResolution`: the complaint as changed, or the `errors` to correct.',
})
export class EscalateFromLocalResolutionPayload extends ComplaintPayload {}

@Resolver()
export class TriageResolver {
  constructor(private readonly services: Pick<Services, 'triage'>) {}

  @Authorized(...ROLE_SETS.caseHandlers)
  @Mutation(() => TriageComplaintPayload, {
    description:
      'Triage (§3, §1.5, §4.1, §4.9). Accepting out of time and UNREASONABLY_PERSISTENT are for CST managers.',
  })
  async triageComplaint(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => TriageComplaintInput, { description: 'The complaint and the triage outcome.' })
    input: TriageComplaintInput,
  ): Promise<TriageComplaintPayload> {
    return complaintPayload(await runMutation(ctx, (t) => this.services.triage.triage(t, input)));
  }

  @Authorized(...ROLE_SETS.caseHandlers)
  @Mutation(() => EscalateFromLocalResolutionPayload, {
    description: 'The complainant is still unhappy after local resolution: the complaint enters the procedure.',
  })
  async escalateFromLocalResolution(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => EscalateFromLocalResolutionInputType, {
      description: 'The complaint and when the complainant escalated it.',
    })
    input: EscalateFromLocalResolutionInputType,
  ): Promise<EscalateFromLocalResolutionPayload> {
    return complaintPayload(await runMutation(ctx, (t) => this.services.triage.escalateFromLocalResolution(t, input)));
  }
}
