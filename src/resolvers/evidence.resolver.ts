/** Evidence added to a complaint, or recorded as not accepted. */
import { Arg, Authorized, Ctx, Field, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { ROLE_SETS } from '../auth/role-sets';
import { EvidenceKind } from '../domain/enums';
import { Evidence } from '../entities';
import type { AuthenticatedContext } from '../services/context';
import { ComplaintEditInput } from '../graphql/inputs';
import { complaintPayload, ComplaintPayload } from '../graphql/payloads';
import type { AddEvidenceInput } from '../services/evidence.service';
import { runMutation } from '../services/mutation';
import type { Services } from '../services/services';

@InputType('AddEvidenceInput')
export class AddEvidenceInputType extends ComplaintEditInput implements AddEvidenceInput {
  @Field(() => EvidenceKind) kind: EvidenceKind;
  @Field() description: string;
  @Field({ description: 'Where it came from (the complainant, a third party, the case file).' }) source: string;
  @Field(() => Date, { nullable: true }) receivedAt?: Date;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Not accepted: obtained covertly or disproportionate to consider (§3.3).',
  })
  rejected?: boolean;
  @Field(() => String, { nullable: true }) rejectionReason?: string;
}

@Authorized()
@ObjectType()
export class EvidencePayload extends ComplaintPayload {
  @Field(() => Evidence, { nullable: true, description: 'The evidence added; null on errors.' })
  evidence: Evidence | null;
}

@Authorized()
@ObjectType({ description: 'The result of `addEvidence`: the evidence and its complaint, or the `errors` to correct.' })
export class AddEvidencePayload extends EvidencePayload {}

@Resolver()
export class EvidenceResolver {
  constructor(private readonly services: Pick<Services, 'evidence'>) {}

  @Authorized(...ROLE_SETS.caseHandlers)
  @Mutation(() => AddEvidencePayload, {
    description: 'Attaches evidence, or records evidence that is not accepted and why.',
  })
  async addEvidence(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => AddEvidenceInputType) input: AddEvidenceInputType,
  ): Promise<AddEvidencePayload> {
    const result = await runMutation(ctx, (t) => this.services.evidence.add(t, input));
    return { ...complaintPayload(result), evidence: result.value?.evidence ?? null };
  }
}
