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

@InputType('AddEvidenceInput', {
  description: 'Evidence the complainant or the service provided (§4.3); files are uploaded to its `uploadUrl` after.',
})
export class AddEvidenceInputType extends ComplaintEditInput implements AddEvidenceInput {
  @Field(() => EvidenceKind, { description: 'What sort of evidence it is.' }) kind: EvidenceKind;
  @Field({ description: 'What the evidence is and what it shows.' }) description: string;
  @Field({ description: 'Where it came from (the complainant, a third party, the case file).' }) source: string;
  @Field(() => Date, { nullable: true, description: 'When it was received; now when absent, never in the future.' })
  receivedAt?: Date;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Not accepted: obtained covertly or disproportionate to consider (§3.3).',
  })
  rejected?: boolean;
  @Field(() => String, { nullable: true, description: 'Why it was not accepted: required when `rejected`.' })
  rejectionReason?: string;
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
    @Arg('input', () => AddEvidenceInputType, { description: 'The complaint and the evidence.' })
    input: AddEvidenceInputType,
  ): Promise<AddEvidencePayload> {
    const result = await runMutation(ctx, (t) => this.services.evidence.add(t, input));
    return { ...complaintPayload(result), evidence: result.value?.evidence ?? null };
  }
}
