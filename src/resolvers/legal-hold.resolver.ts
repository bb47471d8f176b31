import { Arg, Authorized, Ctx, Field, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { ROLE_SETS } from '../auth/role-sets';
import type { AuthenticatedContext } from '../services/context';
import { complaintPayload, ComplaintPayload } from '../graphql/payloads';
import { type LegalHoldInput } from '../services/legal-hold.service';
import { runMutation } from '../services/mutation';
import { ComplaintEditInput } from '../graphql/inputs';
import type { Services } from '../services/services';

@InputType({ description: 'Puts a complaint under legal hold, or takes it off, with the reason.' })
export class SetLegalHoldInput extends ComplaintEditInput implements LegalHoldInput {
  @Field({
    description: 'True to keep the complaint from anonymisation after the retention period; false to lift the hold.',
  })
  legalHold: boolean;
  @Field({ description: 'Why (litigation, an inquiry, a subject access request in progress), for the audit trail.' })
  reason: string;
}

@Authorized()
@ObjectType({ description: 'The result of `setLegalHold`: the complaint as changed, or the `errors` to correct.' })
export class SetLegalHoldPayload extends ComplaintPayload {}

@Resolver()
export class LegalHoldResolver {
  constructor(private readonly services: Pick<Services, 'legalHolds'>) {}

  @Authorized(...ROLE_SETS.cstManagers)
  @Mutation(() => SetLegalHoldPayload, {
    description: 'Places or lifts a legal hold: a held complaint is not anonymised (SPEC §1.12).',
  })
  async setLegalHold(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => SetLegalHoldInput, { description: 'The complaint, the hold and its reason.' })
    input: SetLegalHoldInput,
  ): Promise<SetLegalHoldPayload> {
    return complaintPayload(await runMutation(ctx, (t) => this.services.legalHolds.set(t, input)));
  }
}
