/**
 * The secrets a partner's webhook is signed with (newest first): the HR system's from its setting, a
 * provider's current secret and, during a rotation's grace period, its previous one. A previous secret
 * whose grace period has ended is dropped from the row the first time it is looked up afterwards.
 */
import type { DataSource } from 'typeorm';
import type { Config } from '../config';

export async function webhookSecrets(
  ds: DataSource,
  config: Config,
  providerId: string | null,
  at: Date,
): Promise<string[]> {
  if (!providerId) return config.notifications.hrWebhookSecret ? [config.notifications.hrWebhookSecret] : [];
  const [row]: { current: string | null; previous: string | null; expired: boolean }[] = await ds.query(
    `SELECT webhook_secret AS current,
            CASE WHEN webhook_previous_secret_expires_at > $2 THEN webhook_previous_secret END AS previous,
            webhook_previous_secret IS NOT NULL AND NOT webhook_previous_secret_expires_at > $2 AS expired
       FROM providers WHERE id = $1`,
    [providerId, at],
  );
  if (!row) return [];
  if (row.expired)
    await ds.query(
      `UPDATE providers SET webhook_previous_secret = NULL, webhook_previous_secret_expires_at = NULL
        WHERE id = $1 AND NOT webhook_previous_secret_expires_at > $2`,
      [providerId, at],
    );
  return [row.current, row.previous].filter((s): s is string => Boolean(s));
}
