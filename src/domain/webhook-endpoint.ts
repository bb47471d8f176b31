/**
 * Where a provider's signed webhooks may go (issue 17): an absolute URL the gateway POSTs to. HTTPS only
 * in production (the body names complaints, the signature proves only who sent it); plain HTTP elsewhere,
 * for a receiver on the developer's own machine. No credentials in the URL (they would sit in the
 * database and the notifications' addresses), no fragment (never sent), no whitespace.
 */

/** The longest URL accepted. */
export const WEBHOOK_URL_MAX = 2000;

/** Why `url` cannot be a webhook endpoint, or null when it can. */
export function webhookUrlProblem(url: string, production: boolean): string | null {
  if (!url.trim()) return 'the URL is empty';
  if (url.length > WEBHOOK_URL_MAX) return `the URL is longer than ${WEBHOOK_URL_MAX} characters`;
  if (/\s/.test(url)) return 'the URL contains whitespace';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not an absolute URL';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'the URL must be https';
  if (parsed.protocol === 'http:' && production) return 'the URL must be https in production';
  if (parsed.username || parsed.password) return 'the URL must not carry a user name or password';
  if (parsed.hash) return 'the URL must not have a fragment (#…)';
  return null;
}
