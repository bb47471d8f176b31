/**
 * Signed webhooks for providers and the HR system (Standard Webhooks): `webhook-id` (stable per
 * notification), `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>`.
 */
import { createHmac } from 'node:crypto';
import { DeliveryError } from '../delivery-error';

export interface WebhookMessage {
  url: string;
  /** `whsec_<base64>` as Standard Webhooks issues them, or any other string used as the key. */
  secret: string;
  id: string;
  body: string;
}

export interface WebhookSender {
  send(message: WebhookMessage, now?: Date): Promise<void>;
}

function key(secret: string): Buffer {
  return secret.startsWith('whsec_') ? Buffer.from(secret.slice(6), 'base64') : Buffer.from(secret, 'utf8');
}

export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', key(secret)).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

export class HttpWebhookSender implements WebhookSender {
  constructor(private readonly timeoutMs = 10_000) {}

  async send(message: WebhookMessage, now = new Date()): Promise<void> {
    const timestamp = Math.floor(now.getTime() / 1000);
    let response: Response;
    try {
      response = await fetch(message.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': message.id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signWebhook(message.secret, message.id, timestamp, message.body),
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
