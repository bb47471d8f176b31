/**
 * Signed webhooks for providers and the HR system, signed by the `standardwebhooks` library (the
 * reference implementation partners verify with): `webhook-id` (stable per notification),
 * `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>`, one
 * signature per secret, space-separated, while a rotated secret is in its grace period.
 */
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { DeliveryError } from '../delivery-error';

export interface WebhookMessage {
  url: string;
  /**
   * The signing secrets, newest first: `whsec_<base64>` as Standard Webhooks issues them, or any other
   * string, whose UTF-8 bytes are the key (the HR system's and providers' secrets set before rotation came).
   */
  secrets: string[];
  id: string;
  body: string;
}

export interface WebhookSender {
  send(message: WebhookMessage, now?: Date): Promise<void>;
}

/** The secret's prefix: what follows it is the key, in base64. */
const PREFIX = 'whsec_';

/** The library's signer for a secret: `whsec_…` as the standard has it, any other string as raw UTF-8 bytes. */
export function webhookSigner(secret: string): Webhook {
  return secret.startsWith(PREFIX) ? new Webhook(secret) : new Webhook(Buffer.from(secret, 'utf8'), { format: 'raw' });
}

/** A new signing secret: 32 random bytes, `whsec_<base64>` (Standard Webhooks asks for 24 to 64). */
export function newWebhookSecret(): string {
  return `${PREFIX}${randomBytes(32).toString('base64')}`;
}

/** The `webhook-signature` header: `v1,<signature>` for each secret, space-separated. */
export function signWebhook(secrets: string[], id: string, at: Date, body: string): string {
  return secrets.map((secret) => webhookSigner(secret).sign(id, at, body)).join(' ');
}

export class HttpWebhookSender implements WebhookSender {
  constructor(private readonly timeoutMs = 10_000) {}

  /**
   * `now` is the wall clock by default: the timestamp is for the receiver's replay check against its own
   * clock (the library refuses one more than 5 minutes off), not the gateway's business date.
   */
  async send(message: WebhookMessage, now = new Date()): Promise<void> {
    if (!message.secrets.length) throw new DeliveryError('no webhook secret is configured for this partner', true);
    let response: Response;
    try {
      response = await fetch(message.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': message.id,
          'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
          'webhook-signature': signWebhook(message.secrets, message.id, now, message.body),
        },
        body: message.body,
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'error',
      });
      await response.arrayBuffer().catch(() => undefined);
    } catch (error) {
      const reason =
        (error as Error).name === 'TimeoutError' ? `no answer in ${this.timeoutMs / 1000} s` : (error as Error).message;
      throw new DeliveryError(`webhook: ${reason}`, false);
    }
    if (response.ok) return;
    if (response.status === 410) throw new DeliveryError('webhook: 410 Gone, the endpoint is disabled', true, true);
    // Server errors, throttling and timeouts are retried; other client errors will not get better.
    const retry = response.status >= 500 || response.status === 429 || response.status === 408;
    throw new DeliveryError(`webhook: HTTP ${response.status}`, !retry);
  }
}
