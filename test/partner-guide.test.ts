/**
 * The partner guide cannot drift (issue 17): every webhook event of the catalogue is produced through the
 * graph and delivered to a real receiver, verified with the standardwebhooks library as the guide tells
 * partners to, and shown in docs/partners.md with the payload delivered; the trusted documents are listed
 * there with their ids. `UPDATE_PARTNER_GUIDE=1 npx vitest run test/partner-guide.test.ts` rewrites both.
 */
import { readFileSync } from 'node:fs';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/domain/enums';
import { trustedDocuments } from '../src/partners/trusted-document-registry';
import { WEBHOOK_EVENTS, type WebhookEventType } from '../src/partners/webhook-events';
import { systemWrite } from '../src/services/mutation';
import { catalogue, documents, GUIDE, section, writeSection, type DeliveredEvent } from './fixtures/partner-guide';
import { startWebhookPeer, type WebhookPeer } from './fixtures/peers';
import { createWorld, type World } from './fixtures/procedure';
import { waitUntil } from './fixtures/wait';

const NOW = new Date('2026-11-05T12:00:00Z');
const HR_SECRET = `whsec_${Buffer.from('hr-system-signing-key-for-the-guide').toString('base64')}`;
const UPDATE = process.env.UPDATE_PARTNER_GUIDE === '1';
let w: World;
let hooks: WebhookPeer;

beforeAll(async () => {
  hooks = await startWebhookPeer();
  w = await createWorld(NOW, {
    WORKERS: 'on',
    FRONTEND_URL: 'https://complaints.example.org',
    HR_WEBHOOK_URL: `${hooks.url}/hr`,
    HR_WEBHOOK_SECRET: HR_SECRET,
  });
});

afterAll(async () => {
  await w?.stop();
  await hooks?.stop();
});

const TRIAGE = `mutation ($input: TriageComplaintInput!) { triageComplaint(input: $input) { errors { message } } }`;
const ASSESS = `mutation ($input: AssessComplaintInput!) { assessComplaint(input: $input) { complaint { referrals { id level } providerEngagements { id dueOn } } errors { message } } }`;
const OUTCOME = `mutation ($input: RecordReferralOutcomeInput!) { recordReferralOutcome(input: $input) { errors { message } } }`;
const KIND = `mutation ($input: RecordProviderResponseKindInput!) { recordProviderResponseKind(input: $input) { errors { message } } }`;
const SIDE = `mutation ($input: SubmitProviderResponseInput!) { submitProviderResponse(input: $input) { errors { message } } }`;
const DRAFT = `mutation ($input: DraftResponseInput!) { draftResponse(input: $input) { errors { message } } }`;
const SUBMIT = `mutation ($input: SubmitResponseForApprovalInput!) { submitResponseForApproval(input: $input) { errors { message } } }`;
const APPROVE = `mutation ($input: ApproveResponseInput!) { approveResponse(input: $input) { errors { message } } }`;
const SEND = `mutation ($input: SendResponseInput!) { sendResponse(input: $input) { errors { message } } }`;
const SET = `mutation ($input: SetProviderWebhookInput!) { setProviderWebhook(input: $input) { secret errors { message } } }`;

async function ok(query: string, input: Record<string, unknown>, token = w.tokens.officer) {
  const payload = await w.mutate(query, input, token);
  expect(payload.errors).toEqual([]);
  return payload;
}

/** Every event of the catalogue, made to happen once through the graph (and the chase job). */
async function produceEveryEvent(): Promise<string> {
  const { secret } = await ok(SET, { providerId: w.provider.id, url: `${hooks.url}/provider` }, w.tokens.manager);
  // provider-referral
  const referred = await w.recordAdult();
  await ok(TRIAGE, { complaintId: referred.id, outcome: 'REFERRED_TO_PROVIDER', providerId: w.provider.id });
  // provider-engagement and, for a serious conduct aspect, referral (to HR)
  const c = await w.recordAdult();
  await ok(TRIAGE, { complaintId: c.id, outcome: 'ACCEPTED' });
  const { complaint } = await ok(ASSESS, {
    complaintId: c.id,
    aspects: [
      { category: 'PROVIDER_ACTIONS', description: 'The centre cancelled sessions', providerId: w.provider.id },
      { category: 'STAFF_CONDUCT', description: 'Rude', staffId: w.practitioner.id, seriousness: 'SERIOUS' },
    ],
  });
  const [engagement] = complaint.providerEngagements;
  // provider-chase: its job fires the working day after the 5 working days
  await w.db.dataSource.transaction((tx) =>
    w.gw.services.chases.fire(
      systemWrite(tx, () => new Date('2026-11-13T08:00:00Z'), w.gw.workers.queue, w.gw.config),
      {
        engagementId: engagement.id,
        step: 1,
        on: '2026-11-13',
      },
    ),
  );
  // provider-response-sent: a joint response with the provider's part, sent
  await ok(KIND, { engagementId: engagement.id, kind: 'JOINT' });
  await ok(
    SIDE,
    { engagementId: engagement.id, response: 'Sessions are rebooked.' },
    await w.gw.token(Role.PROVIDER, w.provider.id),
  );
  await ok(DRAFT, {
    complaintId: c.id,
    understanding: 'Sessions were cancelled.',
    desiredRemedy: 'An apology.',
    assessmentOutcome: 'They were.',
    steps: 'We apologise.',
    joint: true,
  });
  await ok(SUBMIT, { complaintId: c.id });
  await ok(APPROVE, { complaintId: c.id }, w.tokens.head);
  await ok(SEND, { complaintId: c.id });
  // referral-formal-action: a line manager's referral on which they record formal action
  const f = await w.recordAdult();
  await ok(TRIAGE, { complaintId: f.id, outcome: 'ACCEPTED' });
  const assessed = await ok(ASSESS, {
    complaintId: f.id,
    aspects: [
      {
        category: 'STAFF_CONDUCT',
        description: 'Late',
        staffId: w.practitioner.id,
        seriousness: 'STANDARD',
        referralLevel: 'LINE_MANAGER_FOR_ACTION',
      },
    ],
  });
  await ok(OUTCOME, { referralId: assessed.complaint.referrals[0].id, outcome: 'FORMAL_ACTION' }, w.tokens.lineManager);
  return secret;
}

describe('docs/partners.md', () => {
  it('shows every webhook event as delivered, each verified with the standardwebhooks library', async () => {
    const providerSecret = await produceEveryEvent();
    const types = Object.keys(WEBHOOK_EVENTS) as WebhookEventType[];
    const received = await waitUntil(
      'a webhook of every type',
      async () => hooks.requests.filter((r) => r.status === 200),
      (seen) => types.every((type) => seen.some((r) => JSON.parse(r.body).type === type)),
    );
    const delivered = {} as Record<WebhookEventType, DeliveredEvent>;
    for (const r of received) {
      const secret = r.headers['webhook-id']?.toString().endsWith(':hr') ? HR_SECRET : providerSecret;
      const body = new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as { type: string };
      expect(types).toContain(body.type);
      delivered[body.type as WebhookEventType] ??= { webhookId: String(r.headers['webhook-id']), body: r.body };
    }
    // Partners learn nothing from a webhook but ids, the reference, what to do, when and a link.
    for (const { body } of Object.values(delivered))
      expect(
        Object.keys(JSON.parse(body).data).every((k) => /^(reference|link|action|dueOn|\w+Id|level)$/.test(k)),
      ).toBe(true);
    const expected = catalogue(delivered, NOW);
    if (UPDATE) writeSection('webhook-catalogue', expected);
    expect(section('webhook-catalogue')).toBe(expected);
  });

  it('lists every trusted document with its id, as registered', () => {
    const expected = documents(trustedDocuments.documents);
    if (UPDATE) writeSection('trusted-documents', expected);
    expect(section('trusted-documents')).toBe(expected);
  });

  it('shows partners how to verify with the standardwebhooks library, and the README links it', () => {
    const guide = readFileSync(GUIDE, 'utf8');
    expect(guide).toMatch(/import \{ Webhook\b.*\} from 'standardwebhooks';/);
    expect(guide).toContain('new Webhook(secret).verify(');
    expect(readFileSync('README.md', 'utf8')).toContain('(docs/partners.md)');
  });
});
