/**
 * Providers' webhook endpoints and secrets through the graph (issue 17): a CST manager sets the endpoint
 * (the secret shown once), rotates the secret without downtime (both secrets sign during the grace period,
 * then the old one is dropped) and disables the endpoint (email again). Deliveries are verified with the
 * standardwebhooks library, as a provider verifies them; the audit trail never holds a secret.
 */
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Provider } from '../src/entities';
import { startWebhookPeer, type ReceivedWebhook, type WebhookPeer } from './fixtures/peers';
import { createWorld, type World } from './fixtures/procedure';
import { waitUntil } from './fixtures/wait';

const NOW = new Date('2026-11-05T12:00:00Z');
let w: World;
let hooks: WebhookPeer;

beforeAll(async () => {
  hooks = await startWebhookPeer();
  // Retries enough that a message failing at one endpoint is still being retried when the endpoint moves.
  w = await createWorld(NOW, { WORKERS: 'on', WEBHOOK_SECRET_GRACE_HOURS: '24', NOTIFY_RETRY_LIMIT: '10' });
});

afterAll(async () => {
  await w?.stop();
  await hooks?.stop();
});

const WEBHOOK = 'webhook { url active disabledAt hasSecret secretIssuedAt previousSecretValidUntil }';
const SET = `mutation ($input: SetProviderWebhookInput!) { setProviderWebhook(input: $input) { provider { id ${WEBHOOK} } secret errors { code field message } userWarnings { code message } } }`;
const ROTATE = `mutation ($input: RotateProviderWebhookSecretInput!) { rotateProviderWebhookSecret(input: $input) { provider { id ${WEBHOOK} } secret errors { code field message } userWarnings { code message } } }`;
const DISABLE = `mutation ($input: DisableProviderWebhookInput!) { disableProviderWebhook(input: $input) { provider { id ${WEBHOOK} } errors { code field message } } }`;
const TRIAGE = `mutation ($input: TriageComplaintInput!) { triageComplaint(input: $input) { errors { message } } }`;

const manage = (query: string, input: Record<string, unknown>) => w.mutate(query, input, w.tokens.manager);

/** What the audit trail holds about a provider, oldest first. */
async function auditOf(providerId: string): Promise<{ action: string; change: string }[]> {
  return w.db.dataSource.query(
    `SELECT action, change::text AS change FROM audit_events WHERE entity_id = $1 ORDER BY sequence, occurred_at`,
    [providerId],
  );
}

/** A complaint referred to the provider at triage: the provider is told (provider-referral). */
async function referTo(provider: Provider): Promise<{ id: string; reference: string }> {
  const c = await w.recordAdult();
  expect(
    (await w.mutate(TRIAGE, { complaintId: c.id, outcome: 'REFERRED_TO_PROVIDER', providerId: provider.id })).errors,
  ).toEqual([]);
  return c;
}

/** The provider-referral message of a complaint, once it is settled. */
async function providerMessage(complaintId: string) {
  return waitUntil(
    'the provider message to be settled',
    async () => {
      const r = await w.gw.query(
        `query ($id: ID) { complaint(id: $id) { notifications { template channel recipientAddress status lastError } } }`,
        { id: complaintId },
        w.tokens.manager,
      );
      return r.data.complaint.notifications.find((n: any) => n.template === 'provider-referral');
    },
    (n) => Boolean(n) && n.status !== 'PENDING',
  );
}

/** The webhook delivered about a complaint (by its reference in the body). */
async function hookAbout(reference: string): Promise<ReceivedWebhook> {
  const [hook] = await waitUntil(
    `the webhook about ${reference}`,
    async () => hooks.requests.filter((r) => r.status === 200 && r.body.includes(reference)),
    (found) => found.length > 0,
  );
  return hook;
}

const verify = (secret: string, hook: ReceivedWebhook) =>
  new Webhook(secret).verify(hook.body, hook.headers as Record<string, string>);

describe("a provider's webhook endpoint, managed by a CST manager", () => {
  it('sets the endpoint and issues a secret, shown once, that signs what the provider is sent', async () => {
    const provider = await w.f.provider({ name: 'Hooked Ltd' });
    const set = await manage(SET, { providerId: provider.id, url: `${hooks.url}/hooked` });
    expect(set.errors).toEqual([]);
    expect(set.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(set.provider.webhook).toEqual({
      url: `${hooks.url}/hooked`,
      active: true,
      disabledAt: null,
      hasSecret: true,
      secretIssuedAt: NOW.toISOString(),
      previousSecretValidUntil: null,
    });
    // Never readable afterwards: the graph shows the endpoint's state only.
    const read = await w.gw.query(`{ providers { id ${WEBHOOK} } }`, {}, w.tokens.manager);
    expect(JSON.stringify(read.data)).not.toContain(set.secret.slice(6));
    expect(read.data.providers.find((p: any) => p.id === provider.id).webhook.hasSecret).toBe(true);

    const c = await referTo(provider);
    expect(await providerMessage(c.id)).toMatchObject({ channel: 'WEBHOOK', status: 'SENT' });
    const hook = await hookAbout(c.reference);
    expect(verify(set.secret, hook)).toMatchObject({ type: 'provider-referral', data: { reference: c.reference } });

    // Audited without the secret; setting the same endpoint again changes nothing and audits nothing.
    const again = await manage(SET, { providerId: provider.id, url: `${hooks.url}/hooked` });
    expect(again).toMatchObject({ errors: [], secret: null });
    const audit = await auditOf(provider.id);
    expect(audit.map((e) => e.action)).toEqual(['provider.webhook-set']);
    expect(JSON.parse(audit[0].change)).toMatchObject({
      webhookUrl: { from: null, to: `${hooks.url}/hooked` },
      secretIssued: true,
    });
    expect(audit[0].change).not.toContain(set.secret.slice(6));
  });

  it('refuses a URL that is not http(s), carries credentials or names nothing, changing nothing', async () => {
    const provider = await w.f.provider({ name: 'Careful Ltd' });
    for (const url of ['ftp://example.org/hooks', 'https://user:pw@example.org/hooks', 'hooks', ' ']) {
      const r = await manage(SET, { providerId: provider.id, url });
      expect(r).toMatchObject({ provider: null, secret: null, errors: [{ code: 'INVALID', field: 'input.url' }] });
    }
    const unknown = await manage(SET, { providerId: '00000000-0000-4000-8000-000000000000', url: hooks.url });
    expect(unknown.errors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: 'input.providerId' })]);
    const [row] = await w.db.dataSource.query('SELECT webhook_url, webhook_secret FROM providers WHERE id = $1', [
      provider.id,
    ]);
    expect(row).toEqual({ webhook_url: null, webhook_secret: null });
    expect(await auditOf(provider.id)).toEqual([]);
  });

  it('rotates the secret without downtime: both sign during the grace period, then the old one is dropped', async () => {
    const provider = await w.f.provider({ name: 'Rotating Ltd' });
    const { secret: first } = await manage(SET, { providerId: provider.id, url: `${hooks.url}/rotating` });
    const rotated = await manage(ROTATE, { providerId: provider.id });
    expect(rotated).toMatchObject({ errors: [], userWarnings: [] });
    const second: string = rotated.secret;
    expect(second).toMatch(/^whsec_/);
    expect(second).not.toBe(first);
    expect(rotated.provider.webhook.previousSecretValidUntil).toBe(
      new Date(NOW.getTime() + 24 * 3_600_000).toISOString(),
    );

    // During the grace period: two signatures, so a receiver still holding the old secret verifies, as does the new.
    const during = await hookAbout((await referTo(provider)).reference);
    expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verify(first, during)).toMatchObject({ type: 'provider-referral' });
    expect(verify(second, during)).toMatchObject({ type: 'provider-referral' });

    // The grace period over (its end moved to before the gateway's clock): the new secret only.
    await w.db.dataSource.query(`UPDATE providers SET webhook_previous_secret_expires_at = $2 WHERE id = $1`, [
      provider.id,
      new Date(NOW.getTime() - 60_000),
    ]);
    const after = await hookAbout((await referTo(provider)).reference);
    expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(verify(second, after)).toMatchObject({ type: 'provider-referral' });
    expect(() => verify(first, after)).toThrow(WebhookVerificationError);
    const [row] = await w.db.dataSource.query(
      'SELECT webhook_previous_secret, webhook_previous_secret_expires_at FROM providers WHERE id = $1',
      [provider.id],
    );
    expect(row).toEqual({ webhook_previous_secret: null, webhook_previous_secret_expires_at: null });

    const audit = await auditOf(provider.id);
    expect(audit.map((e) => e.action)).toEqual(['provider.webhook-set', 'provider.webhook-secret-rotated']);
    for (const secret of [first, second]) expect(audit.map((e) => e.change).join()).not.toContain(secret.slice(6));
  });

  it('a second rotation within the grace period stops the oldest secret at once, and says so', async () => {
    const provider = await w.f.provider({ name: 'Twice Ltd' });
    const { secret: first } = await manage(SET, { providerId: provider.id, url: `${hooks.url}/twice` });
    const { secret: second } = await manage(ROTATE, { providerId: provider.id });
    const third = await manage(ROTATE, { providerId: provider.id });
    expect(third.userWarnings).toEqual([
      { code: 'PREVIOUS_SECRET_REVOKED', message: expect.stringContaining('no longer signs') },
    ]);
    const hook = await hookAbout((await referTo(provider)).reference);
    expect(verify(third.secret, hook)).toBeTruthy();
    expect(verify(second, hook)).toBeTruthy();
    expect(() => verify(first, hook)).toThrow(WebhookVerificationError);
  });

  it('disables the endpoint (messages go by email), refuses to twice, and enables it again keeping the secret', async () => {
    const provider = await w.f.provider({ name: 'Paused Ltd', email: 'paused@example.org' });
    const { secret } = await manage(SET, { providerId: provider.id, url: `${hooks.url}/paused` });
    const disabled = await manage(DISABLE, { providerId: provider.id });
    expect(disabled.errors).toEqual([]);
    expect(disabled.provider.webhook).toMatchObject({ active: false, disabledAt: NOW.toISOString(), hasSecret: true });
    const byEmail = await referTo(provider);
    expect(await providerMessage(byEmail.id)).toMatchObject({
      channel: 'EMAIL',
      recipientAddress: 'paused@example.org',
    });
    expect((await manage(DISABLE, { providerId: provider.id })).errors).toEqual([
      expect.objectContaining({ code: 'CONFLICT', field: 'input.providerId' }),
    ]);

    const enabled = await manage(SET, { providerId: provider.id, url: `${hooks.url}/paused` });
    expect(enabled).toMatchObject({
      errors: [],
      secret: null,
      provider: { webhook: { active: true, disabledAt: null } },
    });
    const c = await referTo(provider);
    expect(await providerMessage(c.id)).toMatchObject({ channel: 'WEBHOOK', status: 'SENT' });
    expect(verify(secret, await hookAbout(c.reference))).toBeTruthy();
    expect((await auditOf(provider.id)).map((e) => e.action)).toEqual([
      'provider.webhook-set',
      'provider.webhook-disabled',
      'provider.webhook-set',
    ]);
  });

  it('sends a message retried after the endpoint moved to the new endpoint, and none once it is disabled', async () => {
    const provider = await w.f.provider({ name: 'Moving Ltd' });
    // The first endpoint refuses connections (a receiver taken down): the message waits to be retried.
    const gone = await startWebhookPeer();
    await gone.stop();
    const { secret } = await manage(SET, { providerId: provider.id, url: `${gone.url}/old` });
    const moved = await referTo(provider);
    await waitUntil(
      'a failed attempt at the old endpoint',
      async () =>
        (
          await w.db.dataSource.query(
            `SELECT attempts, last_error FROM notifications WHERE complaint_id = $1 AND template = 'provider-referral'`,
            [moved.id],
          )
        )[0],
      (row) => row?.attempts >= 1 && Boolean(row.last_error),
    );
    await manage(SET, { providerId: provider.id, url: `${hooks.url}/moved` });
    const hook = await hookAbout(moved.reference);
    expect(verify(secret, hook)).toMatchObject({ type: 'provider-referral' });
    expect(await providerMessage(moved.id)).toMatchObject({ status: 'SENT', channel: 'WEBHOOK' });

    // Disabled while a message waits for its retry: it goes nowhere, and fails saying why.
    await manage(SET, { providerId: provider.id, url: `${gone.url}/old` });
    const stranded = await referTo(provider);
    await waitUntil(
      'a failed attempt at the old endpoint',
      async () =>
        (
          await w.db.dataSource.query(
            `SELECT attempts FROM notifications WHERE complaint_id = $1 AND template = 'provider-referral'`,
            [stranded.id],
          )
        )[0],
      (row) => row?.attempts >= 1,
    );
    await manage(DISABLE, { providerId: provider.id });
    expect(await providerMessage(stranded.id)).toMatchObject({
      status: 'FAILED',
      lastError: "the provider's webhook endpoint is disabled",
    });
  });

  it('keeps working with a secret set in the database before, in whsec_ form or as raw text', async () => {
    const raw = await w.f.provider({ name: 'Legacy Raw Ltd' });
    await w.db.dataSource.query('UPDATE providers SET webhook_url = $2, webhook_secret = $3 WHERE id = $1', [
      raw.id,
      `${hooks.url}/legacy`,
      'legacy-secret-0123456789',
    ]);
    const hook = await hookAbout((await referTo(raw)).reference);
    const body = new Webhook(Buffer.from('legacy-secret-0123456789'), { format: 'raw' }).verify(
      hook.body,
      hook.headers as Record<string, string>,
    );
    expect(body).toMatchObject({ type: 'provider-referral' });
    // Rotating it issues a secret of the standard's form; the old text signs beside it in the grace period.
    const { secret } = await manage(ROTATE, { providerId: raw.id });
    const next = await hookAbout((await referTo(raw)).reference);
    expect(verify(secret, next)).toBeTruthy();
    expect(
      new Webhook(Buffer.from('legacy-secret-0123456789'), { format: 'raw' }).verify(
        next.body,
        next.headers as Record<string, string>,
      ),
    ).toBeTruthy();
  });
});
