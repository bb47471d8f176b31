/**
 * Where a partner's webhook goes and the secrets it is signed with (newest first), as they stand when it
 * is sent (a message retried after the endpoint moved goes to the new one): the HR system's from its
 * settings (HR_WEBHOOK_PREVIOUS_SECRET beside HR_WEBHOOK_SECRET during a rotation); a provider's current
 * endpoint, its current secret and, during a rotation's grace period, its previous one. A previous secret
 * whose grace period has ended is dropped from the row the first time it is looked up afterwards. An
 * endpoint disabled since the message was written takes nothing more.
 */
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { DeliveryError } from '../integrations/delivery-error';

export interface WebhookTarget {
  url: string;
  secrets: string[];
}

export async function webhookTarget(
  ds: DataSource,
  config: Config,
  n: { recipientId: string | null; recipientAddress: string },
  at: Date,
): Promise<WebhookTarget> {
  const { hrWebhookUrl, hrWebhookSecret, hrWebhookPreviousSecret } = config.notifications;
  if (!n.recipientId) {
    const secrets = [hrWebhookSecret, hrWebhookPreviousSecret].filter((s): s is string => Boolean(s));
    return { url: hrWebhookUrl ?? n.recipientAddress, secrets };
  }
  const [row]: {
    url: string | null;
    disabled: boolean;
    current: string | null;
    previous: string | null;
    expired: boolean;
  }[] = await ds.query(
    `SELECT webhook_url AS url, webhook_disabled_at IS NOT NULL AS disabled, webhook_secret AS current,
              CASE WHEN webhook_previous_secret_expires_at > $2 THEN webhook_previous_secret END AS previous,
              webhook_previous_secret IS NOT NULL AND NOT webhook_previous_secret_expires_at > $2 AS expired
         FROM providers WHERE id = $1`,
    [n.recipientId, at],
  );
  if (!row) return { url: n.recipientAddress, secrets: [] };
  if (row.disabled) throw new DeliveryError("the provider's webhook endpoint is disabled", true);
  if (row.expired)
    await ds.query(
      `UPDATE providers SET webhook_previous_secret = NULL, webhook_previous_secret_expires_at = NULL
        WHERE id = $1 AND NOT webhook_previous_secret_expires_at > $2`,
      [n.recipientId, at],
    );
  return {
    url: row.url ?? n.recipientAddress,
    secrets: [row.current, row.previous].filter((s): s is string => Boolean(s)),
  };
}
