/**
 * Providers through the partner API (issue 6): a provider lists its complaints and gives its side
 * with `submitProviderResponse`, inside its own row-level-security transaction. A joint response
 * takes the provider's part into the draft (withdrawing an approval); a separate one is recorded with
 * its sending. An unanswered engagement is chased twice and then escalated to the CST managers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarDate } from '../src/domain/calendar-date';
import { Role } from '../src/domain/enums';
import type { Provider } from '../src/entities';
import type { ProviderChaseJob } from '../src/services/provider-chase.service';
import { startTestGateway } from './fixtures/gateway';
import { createWorld, type World } from './fixtures/procedure';
import { systemWrite } from '../src/services/mutation';

const NOW = new Date('2026-11-05T12:00:00Z'); // Thursday 5 November 2026

const TRIAGE = `mutation ($input: TriageComplaintInput!) { triageComplaint(input: $input) { errors { code field message } } }`;
const ASSESS = `mutation ($input: AssessComplaintInput!) { assessComplaint(input: $input) { complaint { providerEngagements { id dueOn } } errors { code field message } } }`;
const KIND = `mutation ($input: RecordProviderResponseKindInput!) { recordProviderResponseKind(input: $input) { engagement { responseKind } errors { code field message } } }`;
const SUBMIT_SIDE = `mutation ($input: SubmitProviderResponseInput!) { submitProviderResponse(input: $input) {
  engagement { id responseKind providerResponse respondedAt providerResponseSentAt } complaint { reference } errors { code field message } userWarnings { code message } } }`;
const DRAFT = `mutation ($input: DraftResponseInput!) { draftResponse(input: $input) { errors { code field message } warnings } }`;
const SUBMIT = `mutation ($input: SubmitResponseForApprovalInput!) { submitResponseForApproval(input: $input) { errors { code field message } } }`;
const APPROVE = `mutation ($input: ApproveResponseInput!) { approveResponse(input: $input) { errors { code field message } } }`;
const SEND = `mutation ($input: SendResponseInput!) { sendResponse(input: $input) { complaint { status } errors { code field message } } }`;
const RESPONSES = `query ($id: ID!) { complaint(id: $id) { status responses { status joint providerPart } } }`;
const TEXT = {
  understanding: 'You say sessions were cancelled.',
  desiredRemedy: 'An apology.',
  assessmentOutcome: 'Sessions were cancelled.',
  steps: 'We apologise.',
};

let w: World;
let v1: string;
let v2: string;
let other: Provider;

/** A complaint assessed with a PROVIDER_ACTIONS aspect naming the world's provider; returns it and the engagement. */
async function engaged(): Promise<{ complaint: any; engagementId: string; dueOn: string }> {
  const complaint = await w.recordAdult();
  expect((await w.mutate(TRIAGE, { complaintId: complaint.id, outcome: 'ACCEPTED' })).errors).toEqual([]);
  const assessed = await w.mutate(ASSESS, {
    complaintId: complaint.id,
    aspects: [
      {
        category: 'PROVIDER_ACTIONS',
        description: 'The contact centre cancelled three sessions',
        providerId: w.provider.id,
      },
    ],
  });
  expect(assessed.errors).toEqual([]);
  const [engagement] = assessed.complaint.providerEngagements;
  return { complaint, engagementId: engagement.id, dueOn: engagement.dueOn };
}

const messages = (complaintId: string, template: string) =>
  w.db.dataSource.query(
    `SELECT recipient_kind AS kind, recipient_address AS "to" FROM notifications WHERE complaint_id = $1 AND template = $2 ORDER BY recipient_address`,
    [complaintId, template],
  );

beforeAll(async () => {
  w = await createWorld(NOW);
  other = await w.f.provider({ name: 'Other Provider' });
  v1 = await w.gw.token(Role.PROVIDER, w.provider.id);
  v2 = await w.gw.token(Role.PROVIDER, other.id);
});

afterAll(async () => {
  await w?.stop();
});

describe('a joint response', () => {
  let c: Awaited<ReturnType<typeof engaged>>;

  beforeAll(async () => {
    c = await engaged();
  });

  it('the provider lists its complaints with its own credential; another provider sees none of them', async () => {
    const list = `{ complaints(first: 10) { totalCount edges { node { reference responseDueOn providerEngagements { id dueOn responseKind } } } } }`;
    const mine = await w.gw.query(list, {}, v1);
    expect(mine.errors).toBeUndefined();
    expect(mine.data.complaints.edges.map((e: any) => e.node)).toEqual([
      {
        reference: c.complaint.reference,
        responseDueOn: c.complaint.responseDueOn,
        providerEngagements: [{ id: c.engagementId, dueOn: c.dueOn, responseKind: null }],
      },
    ]);
    expect(c.dueOn).toBe('2026-11-12'); // 5 working days after the engagement
    const theirs = await w.gw.query(list, {}, v2);
    expect(theirs.data.complaints).toMatchObject({ totalCount: 0, edges: [] });
  });

  it('the CST records that the response is joint and drafts it while the provider’s part is awaited', async () => {
    const kind = await w.mutate(KIND, { engagementId: c.engagementId, kind: 'JOINT' });
    expect(kind).toMatchObject({ errors: [], engagement: { responseKind: 'JOINT' } });
    const draft = await w.mutate(DRAFT, { complaintId: c.complaint.id, ...TEXT, joint: true });
    expect(draft.errors).toEqual([]);
  });

  it('another provider cannot answer for it, and nothing changes', async () => {
    const result = await w.mutate(SUBMIT_SIDE, { engagementId: c.engagementId, response: 'Not ours to say' }, v2);
    expect(result.errors).toEqual([
      {
        code: 'NOT_FOUND',
        field: 'input.engagementId',
        message: `no provider engagement has the id "${c.engagementId}"`,
      },
    ]);
    const [row] = await w.db.dataSource.query('SELECT provider_response FROM provider_engagements WHERE id = $1', [
      c.engagementId,
    ]);
    expect(row.provider_response).toBeNull();
  });

  it('row-level security alone keeps another provider out (the mutation runs in the provider’s transaction)', async () => {
    const rlsOnly = await startTestGateway(w.db, { now: () => NOW, withoutApplicationRowScope: true });
    try {
      const result = await rlsOnly.query(
        SUBMIT_SIDE,
        { input: { engagementId: c.engagementId, response: 'Not ours to say' } },
        await rlsOnly.token(Role.PROVIDER, other.id),
      );
      expect(result.data.submitProviderResponse.errors).toEqual([
        expect.objectContaining({ code: 'NOT_FOUND', field: 'input.engagementId' }),
      ]);
    } finally {
      await rlsOnly.stop();
    }
    const [row] = await w.db.dataSource.query('SELECT provider_response FROM provider_engagements WHERE id = $1', [
      c.engagementId,
    ]);
    expect(row.provider_response).toBeNull();
  });

  it('names an empty side and changes nothing', async () => {
    const result = await w.mutate(SUBMIT_SIDE, { engagementId: c.engagementId, response: '   ' }, v1);
    expect(result.errors).toEqual([expect.objectContaining({ code: 'INVALID', field: 'input.response' })]);
  });

  it('the provider’s side becomes its part of the draft; the CST is told; the change is audited as the provider’s', async () => {
    const result = await w.mutate(
      SUBMIT_SIDE,
      { engagementId: c.engagementId, response: 'The centre apologises: staff illness.' },
      v1,
    );
    expect(result.errors).toEqual([]);
    expect(result.engagement).toMatchObject({
      responseKind: 'JOINT',
      providerResponse: 'The centre apologises: staff illness.',
      respondedAt: NOW.toISOString(),
      providerResponseSentAt: null,
    });
    expect(result.complaint).toEqual({ reference: c.complaint.reference });
    const read = await w.gw.query(RESPONSES, { id: c.complaint.id }, w.tokens.officer);
    expect(read.data.complaint.responses).toEqual([
      { status: 'DRAFT', joint: true, providerPart: 'The centre apologises: staff illness.' },
    ]);
    expect(await messages(c.complaint.id, 'provider-responded')).toEqual([{ kind: 'STAFF', to: w.officer.email }]);
    const events = await w.db.dataSource.query(
      `SELECT actor_role, entity_type FROM audit_events WHERE complaint_id = $1 AND action = 'provider-response.submitted'`,
      [c.complaint.id],
    );
    expect(events).toEqual([{ actor_role: 'PROVIDER', entity_type: 'ProviderEngagement' }]);
    // The same side again changes nothing and audits nothing.
    expect(
      (
        await w.mutate(
          SUBMIT_SIDE,
          { engagementId: c.engagementId, response: 'The centre apologises: staff illness.' },
          v1,
        )
      ).errors,
    ).toEqual([]);
    expect(
      await w.db.dataSource.query(
        `SELECT count(*)::int AS n FROM audit_events WHERE complaint_id = $1 AND action = 'provider-response.submitted'`,
        [c.complaint.id],
      ),
    ).toEqual([{ n: 1 }]);
  });

  it('a joint response is never sent by the provider itself', async () => {
    const result = await w.mutate(
      SUBMIT_SIDE,
      { engagementId: c.engagementId, response: 'Sent it myself', sentToComplainantAt: '2026-11-05T09:00:00Z' },
      v1,
    );
    expect(result.errors).toEqual([expect.objectContaining({ code: 'INVALID', field: 'input.sentToComplainantAt' })]);
  });

  it('a changed side after approval withdraws the approval; the sent response carries it and the provider is told', async () => {
    expect((await w.mutate(SUBMIT, { complaintId: c.complaint.id })).errors).toEqual([]);
    expect((await w.mutate(APPROVE, { complaintId: c.complaint.id }, w.tokens.head)).errors).toEqual([]);
    const changed = await w.mutate(
      SUBMIT_SIDE,
      { engagementId: c.engagementId, response: 'The centre apologises: staff illness. Sessions are rebooked.' },
      v1,
    );
    expect(changed.errors).toEqual([]);
    expect(changed.userWarnings).toEqual([
      {
        code: 'APPROVAL_WITHDRAWN',
        message: 'the draft response had been submitted or approved: it goes back for approval with your part in it',
      },
    ]);
    const read = await w.gw.query(RESPONSES, { id: c.complaint.id }, w.tokens.officer);
    expect(read.data.complaint).toEqual({
      status: 'RESPONSE_DRAFTED',
      responses: [
        { status: 'DRAFT', joint: true, providerPart: 'The centre apologises: staff illness. Sessions are rebooked.' },
      ],
    });
    expect((await w.mutate(SUBMIT, { complaintId: c.complaint.id })).errors).toEqual([]);
    expect((await w.mutate(APPROVE, { complaintId: c.complaint.id }, w.tokens.head)).errors).toEqual([]);
    expect((await w.mutate(SEND, { complaintId: c.complaint.id })).errors).toEqual([]);
    expect(await messages(c.complaint.id, 'provider-response-sent')).toEqual([
      { kind: 'PROVIDER', to: w.provider.email },
    ]);
    const [letter] = await w.db.dataSource.query(
      `SELECT payload->>'responseText' AS text FROM notifications WHERE complaint_id = $1 AND template = 'response'`,
      [c.complaint.id],
    );
    expect(letter.text).toContain('Sessions are rebooked.');
    // Sent: the joint response can no longer take a part.
    const late = await w.mutate(SUBMIT_SIDE, { engagementId: c.engagementId, response: 'One more thing' }, v1);
    expect(late.errors).toEqual([expect.objectContaining({ code: 'ILLEGAL_TRANSITION' })]);
  });
});

describe('a separate response', () => {
  it('is recorded with when the provider sent it, and is not part of the service’s response', async () => {
    const c = await engaged();
    expect((await w.mutate(KIND, { engagementId: c.engagementId, kind: 'SEPARATE' })).errors).toEqual([]);
    const future = await w.mutate(
      SUBMIT_SIDE,
      { engagementId: c.engagementId, response: 'Our own reply', sentToComplainantAt: '2026-12-01T09:00:00Z' },
      v1,
    );
    expect(future.errors).toEqual([expect.objectContaining({ code: 'INVALID', field: 'input.sentToComplainantAt' })]);
    const recorded = await w.mutate(SUBMIT_SIDE, { engagementId: c.engagementId, response: 'Our own reply' }, v1);
    expect(recorded.engagement).toMatchObject({
      responseKind: 'SEPARATE',
      providerResponse: 'Our own reply',
      providerResponseSentAt: null,
    });
    const sent = await w.mutate(
      SUBMIT_SIDE,
      { engagementId: c.engagementId, response: 'Our own reply', sentToComplainantAt: '2026-11-05T10:00:00Z' },
      v1,
    );
    expect(sent.engagement).toMatchObject({ providerResponseSentAt: '2026-11-05T10:00:00.000Z' });
    // The CST can no longer make it joint: the provider has answered the complainant itself.
    const joint = await w.mutate(KIND, { engagementId: c.engagementId, kind: 'JOINT' });
    expect(joint.errors).toEqual([expect.objectContaining({ code: 'CONFLICT', field: 'input.kind' })]);
    const draft = await w.mutate(DRAFT, { complaintId: c.complaint.id, ...TEXT });
    expect(draft.errors).toEqual([]);
    const read = await w.gw.query(RESPONSES, { id: c.complaint.id }, w.tokens.officer);
    expect(read.data.complaint.responses).toEqual([{ status: 'DRAFT', joint: false, providerPart: null }]);
  });
});

describe('chasing a provider that has not answered', () => {
  const fire = (today: CalendarDate, job: ProviderChaseJob) =>
    w.db.dataSource.transaction((tx) =>
      w.gw.services.chases.fire(
        systemWrite(tx, () => new Date(`${today}T08:00:00Z`), w.gw.workers.queue, w.gw.config),
        job,
      ),
    );
  const jobs = (engagementId: string) =>
    w.db.dataSource.query(
      `SELECT (data->>'step')::int AS step, data->>'on' AS "on", start_after AS "startAfter" FROM pgboss.job WHERE name = 'provider-chase' AND data->>'engagementId' = $1 ORDER BY 1`,
      [engagementId],
    );

  it('reminds it the working day after its 5 working days, again 3 working days later, then tells the CST managers', async () => {
    const c = await engaged();
    // Made with the engagement: Friday 13 November, 07:00 London.
    expect(await jobs(c.engagementId)).toEqual([
      { step: 1, on: '2026-11-13', startAfter: new Date('2026-11-13T07:00:00Z') },
    ]);
    expect(await fire('2026-11-12', { engagementId: c.engagementId, step: 1, on: '2026-11-13' })).toBe(false); // not yet
    expect(await fire('2026-11-13', { engagementId: c.engagementId, step: 1, on: '2026-11-13' })).toBe(true);
    expect(await fire('2026-11-13', { engagementId: c.engagementId, step: 1, on: '2026-11-13' })).toBe(false); // fired twice, sent once
    expect(await messages(c.complaint.id, 'provider-chase')).toEqual([{ kind: 'PROVIDER', to: w.provider.email }]);
    expect((await jobs(c.engagementId)).map((j: any) => [j.step, j.on])).toEqual([
      [1, '2026-11-13'],
      [2, '2026-11-18'],
    ]);
    expect(await fire('2026-11-18', { engagementId: c.engagementId, step: 2, on: '2026-11-18' })).toBe(true);
    expect((await jobs(c.engagementId)).map((j: any) => [j.step, j.on])).toEqual([
      [1, '2026-11-13'],
      [2, '2026-11-18'],
      [3, '2026-11-23'],
    ]);
    expect(await fire('2026-11-23', { engagementId: c.engagementId, step: 3, on: '2026-11-23' })).toBe(true);
    expect(await messages(c.complaint.id, 'provider-escalation')).toEqual([{ kind: 'STAFF', to: w.cstManager.email }]);
    const [row] = await w.db.dataSource.query(
      'SELECT chase_count, escalated_at FROM provider_engagements WHERE id = $1',
      [c.engagementId],
    );
    expect(row).toEqual({ chase_count: 3, escalated_at: new Date('2026-11-23T08:00:00Z') });
    const audited = await w.db.dataSource.query(
      `SELECT action FROM audit_events WHERE complaint_id = $1 AND action LIKE 'provider-engagement.%' ORDER BY sequence`,
      [c.complaint.id],
    );
    expect(audited.map((a: any) => a.action)).toEqual([
      'provider-engagement.chased',
      'provider-engagement.chased',
      'provider-engagement.escalated',
    ]);
  });

  it('stops once the provider has answered', async () => {
    const c = await engaged();
    expect(
      (await w.mutate(SUBMIT_SIDE, { engagementId: c.engagementId, response: 'Here is our side.' }, v1)).errors,
    ).toEqual([]);
    expect(await fire('2026-11-13', { engagementId: c.engagementId, step: 1, on: '2026-11-13' })).toBe(false);
    expect(await messages(c.complaint.id, 'provider-chase')).toEqual([]);
  });
});
