/**
 * A provider's webhook endpoint and signing secret, managed by CST managers (issue 17): the URL set
 * (checked by src/domain/webhook-endpoint.ts), a secret issued or rotated — shown once in the payload,
 * never readable afterwards — and the endpoint disabled (messages fall back to email). A rotation keeps
 * the previous secret signing beside the new one for WEBHOOK_SECRET_GRACE_HOURS, so the provider can
 * change its verifier without losing a message. Audited old → new, never a secret.
 */
import { fail, noSuch, UserErrorCode } from '../domain/problems';
import { isId } from '../domain/validation';
import { webhookUrlProblem } from '../domain/webhook-endpoint';
import { Provider } from '../entities';
import { newWebhookSecret } from '../integrations/webhook/webhook-sender';
import { diff, type AuditService } from './audit.service';
import type { TxContext } from './mutation';
import { UserWarningCode, warning, type UserWarningData } from '../domain/warnings';

export interface ProviderWebhookChange {
  provider: Provider;
  /** A secret issued by this change: returned once, here, and never again. */
  secret: string | null;
  warnings: UserWarningData[];
}

/** What an audit event records of a provider's webhook: when things happened, never a secret. */
type Audited = Pick<
  Provider,
  'webhookUrl' | 'webhookDisabledAt' | 'webhookSecretIssuedAt' | 'webhookPreviousSecretExpiresAt'
>;

const audited = (p: Provider): Audited => ({
  webhookUrl: p.webhookUrl,
  webhookDisabledAt: p.webhookDisabledAt,
  webhookSecretIssuedAt: p.webhookSecretIssuedAt,
  webhookPreviousSecretExpiresAt: p.webhookPreviousSecretExpiresAt,
});

export class ProviderWebhookService {
  constructor(private readonly audit: AuditService) {}

  /**
   * Sets where the provider's webhooks go and enables the endpoint (after a 410 or disableProviderWebhook
   * too). A provider without a secret is issued one. Setting what is already there changes nothing.
   */
  async setEndpoint(t: TxContext, input: { providerId: string; url: string }): Promise<ProviderWebhookChange> {
    const url = input.url.trim();
    const problem = webhookUrlProblem(url, t.config.nodeEnv === 'production');
    if (problem) fail(UserErrorCode.INVALID, 'input.url', `input.url: ${problem}`);
    const provider = await this.lock(t, input.providerId);
    const before = audited(provider);
    const secret = provider.webhookSecret ? null : newWebhookSecret();
    provider.webhookUrl = url;
    provider.webhookDisabledAt = null;
    if (secret) this.issue(t, provider, secret, false);
    return this.save(t, provider, before, 'provider.webhook-set', secret, []);
  }

  /**
   * Issues a new secret. The one it replaces keeps signing (a second signature in `webhook-signature`)
   * until the grace period ends; a secret replaced earlier and still in its grace period stops at once.
   */
  async rotateSecret(t: TxContext, input: { providerId: string }): Promise<ProviderWebhookChange> {
    const provider = await this.lock(t, input.providerId);
    const before = audited(provider);
    const warnings: UserWarningData[] = [];
    const graceEnds = provider.webhookPreviousSecretExpiresAt;
    if (provider.webhookPreviousSecret && graceEnds && graceEnds > t.now())
      warnings.push(
        warning(
          UserWarningCode.PREVIOUS_SECRET_REVOKED,
          `The secret replaced by the rotation before this one no longer signs (its grace period was to end at ` +
            `${graceEnds.toISOString()}).`,
        ),
      );
    const secret = newWebhookSecret();
    this.issue(t, provider, secret, true);
    if (!provider.webhookUrl)
      warnings.push(
        warning(
          UserWarningCode.NO_WEBHOOK_ENDPOINT,
          'The provider has no webhook endpoint yet: set one with setProviderWebhook.',
        ),
      );
    return this.save(t, provider, before, 'provider.webhook-secret-rotated', secret, warnings);
  }

  /** Stops webhooks to the provider: its messages go by email until an endpoint is set again. */
  async disable(t: TxContext, input: { providerId: string }): Promise<ProviderWebhookChange> {
    const provider = await this.lock(t, input.providerId);
    if (!provider.webhookUrl) fail(UserErrorCode.CONFLICT, 'input.providerId', 'the provider has no webhook endpoint');
    if (provider.webhookDisabledAt)
      fail(UserErrorCode.CONFLICT, 'input.providerId', "the provider's webhook endpoint is already disabled");
    const before = audited(provider);
    provider.webhookDisabledAt = t.now();
    return this.save(t, provider, before, 'provider.webhook-disabled', null, []);
  }

  private async lock(t: TxContext, providerId: string): Promise<Provider> {
    const provider = isId(providerId)
      ? await t.tx.getRepository(Provider).findOne({ where: { id: providerId }, lock: { mode: 'pessimistic_write' } })
      : null;
    if (!provider) fail(UserErrorCode.NOT_FOUND, 'input.providerId', noSuch('provider', providerId));
    return provider;
  }

  /** `secret` becomes the current one; with `keepPrevious`, the one it replaces signs until the grace ends. */
  private issue(t: TxContext, provider: Provider, secret: string, keepPrevious: boolean): void {
    const graceMs = t.config.partners.webhookSecretGraceHours * 3_600_000;
    const previous = keepPrevious && graceMs > 0 ? provider.webhookSecret : null;
    provider.webhookPreviousSecret = previous;
    provider.webhookPreviousSecretExpiresAt = previous ? new Date(t.now().getTime() + graceMs) : null;
    provider.webhookSecret = secret;
    provider.webhookSecretIssuedAt = t.now();
  }

  private async save(
    t: TxContext,
    provider: Provider,
    before: Audited,
    action: string,
    secret: string | null,
    warnings: UserWarningData[],
  ): Promise<ProviderWebhookChange> {
    const change = diff(before, audited(provider));
    // A change that changes nothing writes nothing (SPEC §5).
    if (!Object.keys(change).length && !secret) return { provider, secret: null, warnings };
    await t.tx.getRepository(Provider).save(provider);
    await this.audit.record(t.tx, t.actor, {
      action,
      entityType: 'Provider',
      entityId: provider.id,
      change: { ...change, secretIssued: Boolean(secret) },
    });
    return { provider, secret, warnings };
  }
}
