/** Conduct referrals after they are made: the list, and recording an outcome. */
import type { GraphQLResolveInfo } from 'graphql';
import {
  Arg,
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  ID,
  Info,
  InputType,
  Mutation,
  ObjectType,
  Query,
  Resolver,
} from 'type-graphql';
import { ROLE_SETS } from '../auth/role-sets';
import { ReferralOutcome } from '../domain/enums';
import { Complaint, Referral } from '../entities';
import { ConnectionType } from '../graphql/connection';
import type { Connection } from '../read/paging';
import type { AuthenticatedContext } from '../services/context';
import { PageArgs } from '../graphql/inputs';
import { selected } from '../read/look-ahead';
import { envelope, MutationPayload } from '../graphql/payloads';
import { runMutation } from '../services/mutation';
import type { ReferralListArgs, ReferralOutcomeInput } from '../services/referral.service';
import type { Services } from '../services/services';

export const ReferralConnection = ConnectionType(Referral);

@ArgsType()
class ReferralsArgs extends PageArgs implements ReferralListArgs {
  @Field(() => ID, { nullable: true, description: 'The member of staff referred.' }) staffId?: string;
  @Field(() => Boolean, { nullable: true, description: 'Only referrals without (true) or with (false) an outcome.' })
  open?: boolean;
}

@InputType({
  description:
    "What became of a conduct referral (SPEC §1.5); the staff member's line manager and senior manager are told " +
    'that an outcome is recorded, not what it is. It may be recorded again as the matter moves on; the same ' +
    'outcome and note again change nothing.',
})
export class RecordReferralOutcomeInput implements ReferralOutcomeInput {
  @Field(() => ID, {
    description: 'The referral (Referral.id); one the caller cannot read is NOT_FOUND.',
  })
  referralId: string;
  @Field(() => ReferralOutcome, {
    description:
      'The outcome. FORMAL_ACTION, when it was not the outcome already, sends the referral to the HR system ' +
      '(unless the HR system records it).',
  })
  outcome: ReferralOutcome;
  @Field(() => String, {
    nullable: true,
    description:
      'Notes on the outcome, at most 20,000 characters; kept on the referral, not sent in any message. ' +
      'Left out, an earlier note is cleared.',
  })
  note?: string;
}

@Authorized()
@ObjectType()
export class ReferralPayload extends MutationPayload {
  @Field(() => Referral, { nullable: true, description: 'The referral with its outcome; null on errors.' })
  referral: Referral | null;
  @Field(() => Complaint, { nullable: true, description: 'Its complaint as changed; null on errors.' })
  complaint: Complaint | null;
}

@Authorized()
@ObjectType({
  description: 'The result of `recordReferralOutcome`: the referral as changed, or the `errors` to correct.',
})
export class RecordReferralOutcomePayload extends ReferralPayload {}

@Resolver()
export class ReferralResolver {
  constructor(private readonly services: Pick<Services, 'referrals'>) {}

  @Authorized(...ROLE_SETS.referralReaders)
  @Query(() => ReferralConnection, {
    description:
      'Conduct referrals, newest first: line managers see those about staff they manage, ' +
      'the HR system those sent to it.',
  })
  referrals(
    @Ctx() ctx: AuthenticatedContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ReferralsArgs) args: ReferralsArgs,
  ): Promise<Connection<Referral>> {
    return this.services.referrals.list(ctx, args, selected(info, Referral, ['edges', 'node']));
  }

  @Authorized(...ROLE_SETS.referralOutcomeRecorders)
  @Mutation(() => RecordReferralOutcomePayload, {
    description: "A referral's outcome: line managers for staff they manage, senior managers, the HR system.",
  })
  async recordReferralOutcome(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => RecordReferralOutcomeInput, {
      description: 'The referral, its outcome and a note.',
    })
    input: RecordReferralOutcomeInput,
  ): Promise<RecordReferralOutcomePayload> {
    const result = await runMutation(ctx, (t) => this.services.referrals.recordOutcome(t, input));
    return {
      referral: result.value?.referral ?? null,
      complaint: result.value?.complaint ?? null,
      ...envelope(result),
    };
  }
}
