/**
 * A provider's webhook endpoint and signing secret through the graph (issue 17): CST managers set the
 * endpoint, rotate the secret (shown once) and disable it; `Provider.webhook` shows its state, never a secret.
 */
import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Mutation,
  ObjectType,
  Resolver,
  Root,
} from 'type-graphql';
import { ROLE_SETS } from '../auth/role-sets';
import { Provider } from '../entities';
import { envelope, MutationPayload, TextWarningsPayload } from '../graphql/payloads';
import { Reads } from '../read/field-columns';
import type { AuthenticatedContext } from '../services/context';
import { runMutation, type MutationResult } from '../services/mutation';
import type { ProviderWebhookChange } from '../services/provider-webhook.service';
import type { Services } from '../services/services';

@InputType({ description: "Where a provider's signed webhooks go." })
export class SetProviderWebhookInput {
  @Field(() => ID, { description: 'The provider (as `providers` lists it).' }) providerId: string;
  @Field({ description: 'An absolute https URL (plain http outside production), without credentials or fragment.' })
  url: string;
}

@InputType({ description: 'The provider whose webhook signing secret is replaced.' })
export class RotateProviderWebhookSecretInput {
  @Field(() => ID, { description: 'The provider (as `providers` lists it).' }) providerId: string;
}

@InputType({ description: 'The provider whose webhooks stop (its messages go by email).' })
export class DisableProviderWebhookInput {
  @Field(() => ID, { description: 'The provider (as `providers` lists it).' }) providerId: string;
}

@Authorized(...ROLE_SETS.cstManagers)
@ObjectType({
  description: "A provider's webhook endpoint: where messages go and the state of its secret, never the secret.",
})
export class ProviderWebhook {
  @Field({ description: 'Where the signed webhooks are POSTed.' }) url: string;
  @Field({ description: 'Messages go to the endpoint (else to the provider by email).' }) active: boolean;
  @Field(() => Date, {
    nullable: true,
    description: 'When the endpoint was disabled (it answered 410 Gone, or disableProviderWebhook).',
  })
  disabledAt: Date | null;
  @Field({ description: 'A signing secret is set.' }) hasSecret: boolean;
  @Field(() => Date, { nullable: true, description: 'When the current secret was issued through the graph.' })
  secretIssuedAt: Date | null;
  @Field(() => Date, {
    nullable: true,
    description: 'Until when the secret replaced by the last rotation still signs (a second signature).',
  })
  previousSecretValidUntil: Date | null;
}

@Authorized()
@ObjectType({
  description: 'The result of `setProviderWebhook`: the provider, a new secret if one was issued, or `errors`.',
})
export class SetProviderWebhookPayload extends TextWarningsPayload {
  @Field(() => Provider, { nullable: true, description: 'The provider as changed (null when nothing was).' })
  provider: Provider | null;
  @Field(() => String, {
    nullable: true,
    description: 'The signing secret, when this change issued one (a provider that had none): shown this once only.',
  })
  secret: string | null;
}

@Authorized()
@ObjectType({
  description:
    'The result of `rotateProviderWebhookSecret`: the provider and the new secret (shown this once), or `errors`.',
})
export class RotateProviderWebhookSecretPayload extends TextWarningsPayload {
  @Field(() => Provider, { nullable: true, description: 'The provider as changed (null when nothing was).' })
  provider: Provider | null;
  @Field(() => String, {
    nullable: true,
    description: 'The new signing secret (`whsec_…`): shown this once only, never readable afterwards.',
  })
  secret: string | null;
}

@Authorized()
@ObjectType({
  description: 'The result of `disableProviderWebhook`: the provider as changed, or the `errors` to correct.',
})
export class DisableProviderWebhookPayload extends MutationPayload {
  @Field(() => Provider, { nullable: true, description: 'The provider as changed (null when nothing was).' })
  provider: Provider | null;
}

/** A row read inside a JSON sub-select carries its instants as text. */
const asDate = (value: Date | string | null): Date | null => (value === null ? null : new Date(value));

function payload(result: MutationResult<ProviderWebhookChange>) {
  return {
    provider: result.value?.provider ?? null,
    secret: result.value?.secret ?? null,
    ...envelope(result, result.value?.warnings),
  };
}

@Resolver(() => Provider)
export class ProviderWebhookResolver {
  constructor(private readonly services: Pick<Services, 'providerWebhooks'>) {}

  @Authorized(...ROLE_SETS.cstManagers)
  @Mutation(() => SetProviderWebhookPayload, {
    description:
      "Sets where the provider's signed webhooks go and enables the endpoint; a provider without a secret is " +
      'issued one, returned once.',
  })
  async setProviderWebhook(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => SetProviderWebhookInput, { description: 'The provider and its endpoint.' })
    input: SetProviderWebhookInput,
  ): Promise<SetProviderWebhookPayload> {
    return payload(await runMutation(ctx, (t) => this.services.providerWebhooks.setEndpoint(t, input)));
  }

  @Authorized(...ROLE_SETS.cstManagers)
  @Mutation(() => RotateProviderWebhookSecretPayload, {
    description:
      'Issues a new signing secret, returned once. The previous one keeps signing beside it until the grace period ' +
      '(WEBHOOK_SECRET_GRACE_HOURS) ends.',
  })
  async rotateProviderWebhookSecret(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => RotateProviderWebhookSecretInput, { description: 'The provider whose secret is rotated.' })
    input: RotateProviderWebhookSecretInput,
  ): Promise<RotateProviderWebhookSecretPayload> {
    return payload(await runMutation(ctx, (t) => this.services.providerWebhooks.rotateSecret(t, input)));
  }

  @Authorized(...ROLE_SETS.cstManagers)
  @Mutation(() => DisableProviderWebhookPayload, {
    description: 'Stops webhooks to the provider: its messages go by email until setProviderWebhook enables them.',
  })
  async disableProviderWebhook(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => DisableProviderWebhookInput, { description: 'The provider whose webhooks stop.' })
    input: DisableProviderWebhookInput,
  ): Promise<DisableProviderWebhookPayload> {
    const result = await runMutation(ctx, (t) => this.services.providerWebhooks.disable(t, input));
    return { provider: result.value?.provider ?? null, ...envelope(result, result.value?.warnings) };
  }

  @Authorized(...ROLE_SETS.cstManagers)
  @FieldResolver(() => ProviderWebhook, {
    nullable: true,
    description: "The provider's webhook endpoint (CST managers); null when it has none.",
  })
  @Reads<Provider>(
    'webhookUrl',
    'webhookSecret',
    'webhookDisabledAt',
    'webhookSecretIssuedAt',
    'webhookPreviousSecret',
    'webhookPreviousSecretExpiresAt',
  )
  webhook(@Root() p: Provider, @Ctx() ctx: AuthenticatedContext): ProviderWebhook | null {
    if (!p.webhookUrl) return null;
    const graceEnds = asDate(p.webhookPreviousSecretExpiresAt);
    return {
      url: p.webhookUrl,
      active: Boolean(p.webhookSecret) && !p.webhookDisabledAt,
      disabledAt: asDate(p.webhookDisabledAt),
      hasSecret: Boolean(p.webhookSecret),
      secretIssuedAt: asDate(p.webhookSecretIssuedAt),
      previousSecretValidUntil: p.webhookPreviousSecret && graceEnds && graceEnds > ctx.now() ? graceEnds : null,
    };
  }
}
