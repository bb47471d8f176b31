/**
 * `Idempotency-Key` on mutations (SPEC §6, issue 12): the same key and request replay the first
 * answer and write nothing; a different request is refused; concurrent duplicates run once; keys are
 * the caller's own, expire, and never let a change be made twice (a crash before the commit frees
 * the key after its lock; a crash after it is answered ALREADY_COMMITTED). Real HTTP, real PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../src/config';
import { decide, IdempotencyError, IdempotencyErrorCode, requestHash, type HeldKey } from '../src/domain/idempotency';
import { Role } from '../src/domain/enums';
import { TEST_ENV } from './fixtures/gateway';
import { createWorld, type World } from './fixtures/procedure';

const NOW = new Date('2026-11-05T12:00:00Z'); // Thursday 5 November 2026

const RECORD = `mutation Record($input: RecordComplaintInput!) {
  recordComplaint(input: $input) { complaint { id reference status } errors { code field message } } }`;
const TRIAGE = `mutation ($input: TriageComplaintInput!) { triageComplaint(input: $input) { errors { code } } }`;
const ASSESS = `mutation ($input: AssessComplaintInput!) {
  assessComplaint(input: $input) { complaint { providerEngagements { id } } errors { code } } }`;
const SUBMIT_SIDE = `mutation ($input: SubmitProviderResponseInput!) { submitProviderResponse(input: $input) {
  engagement { id providerResponse respondedAt } errors { code field message } } }`;

let w: World;

beforeAll(async () => {
  w = await createWorld(NOW);
});

afterAll(async () => {
  await w?.stop();
});

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

/** A POST to /graphql with the headers given; the answer's body as sent. */
async function post(body: object, headers: Record<string, string>, token = w.tokens.officer): Promise<Answer> {
  const response = await fetch(w.gw.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: JSON.parse(text) };
}

const intake = (summary: string) => ({
  channel: 'EMAIL',
  receivedAt: '2026-11-02T09:00:00Z',
  summary,
  caseId: w.kase.id,
  subjectStaffId: w.practitioner.id,
  complainant: {
    kind: 'ADULT_PARTY',
    firstName: 'Alex',
    lastName: 'Applicant',
    partyId: w.party.id,
    email: 'alex@example.org',
  },
});

const record = (summary: string, key: string, token?: string) =>
  post(
    { query: RECORD, operationName: 'Record', variables: { input: intake(summary) } },
    { 'idempotency-key': key },
    token,
  );

/** Complaints with this summary, and their acknowledgements. */
async function written(summary: string): Promise<{ complaints: number; acknowledgements: number }> {
  const [row] = await w.db.dataSource.query(
    `SELECT (SELECT count(*) FROM complaints WHERE summary = $1)::int AS complaints,
            (SELECT count(*) FROM notifications n JOIN complaints c ON c.id = n.complaint_id
             WHERE c.summary = $1 AND n.template = 'acknowledgement')::int AS acknowledgements`,
    [summary],
  );
  return row;
}

const keyRow = async (key: string) =>
  (await w.db.dataSource.query(`SELECT * FROM idempotency_keys WHERE key = $1`, [key]))[0];

function expectRefused(answer: Answer, status: number, code: IdempotencyErrorCode): void {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.json.errors).toEqual([{ message: expect.stringContaining('Idempotency-Key'), extensions: { code } }]);
  expect(answer.json.data).toBeUndefined();
}

describe('the same key and the same request', () => {
  it('replays the first answer byte for byte and writes nothing: one complaint, one acknowledgement', async () => {
    const key = randomUUID();
    const first = await record('replayed intake', key);
    expect(first.status).toBe(200);
    expect(first.json.data.recordComplaint.errors).toEqual([]);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    for (let i = 0; i < 2; i++) {
      const again = await record('replayed intake', key);
      expect(again.status).toBe(200);
      expect(again.text).toBe(first.text);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
    }
    expect(await written('replayed intake')).toEqual({ complaints: 1, acknowledgements: 1 });
    const row = await keyRow(key);
    expect(row).toMatchObject({ caller_role: Role.CST_OFFICER, caller_subject: w.officer.id, response_status: 200 });
    expect(row.committed_at).not.toBeNull();
  });

  it('runs an operation of several mutation fields once under one key, and replays all of it', async () => {
    const key = randomUUID();
    const query = `mutation Two($a: RecordComplaintInput!, $b: RecordComplaintInput!) {
      a: recordComplaint(input: $a) { complaint { reference } errors { code } }
      b: recordComplaint(input: $b) { complaint { reference } errors { code } } }`;
    const body = { query, variables: { a: intake('two fields A'), b: intake('two fields B') } };
    const first = await post(body, { 'Idempotency-Key': key });
    expect(first.json.data.a.complaint.reference).not.toBe(first.json.data.b.complaint.reference);
    const again = await post(body, { 'Idempotency-Key': key });
    expect(again.text).toBe(first.text);
    expect(await written('two fields A')).toEqual({ complaints: 1, acknowledgements: 1 });
    expect(await written('two fields B')).toEqual({ complaints: 1, acknowledgements: 1 });
  });

  it('is the caller’s own: another officer with the same key and request gets their own answer', async () => {
    const key = randomUUID();
    const other = await w.f.staff({ role: Role.CST_OFFICER, lastName: 'Other' });
    const otherToken = await w.gw.token(Role.CST_OFFICER, other.id);
    const mine = await record('per caller', key);
    const theirs = await record('per caller', key, otherToken);
    expect(theirs.status).toBe(200);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(theirs.json.data.recordComplaint.complaint.id).not.toBe(mine.json.data.recordComplaint.complaint.id);
    expect(await written('per caller')).toEqual({ complaints: 2, acknowledgements: 2 });
  });

  it('works for a provider’s mutation inside its own row-level-security transaction', async () => {
    const complaint = await w.recordAdult({ summary: 'provider side' });
    expect((await w.mutate(TRIAGE, { complaintId: complaint.id, outcome: 'ACCEPTED' })).errors).toEqual([]);
    const assessed = await w.mutate(ASSESS, {
      complaintId: complaint.id,
      aspects: [{ category: 'PROVIDER_ACTIONS', description: 'Sessions cancelled', providerId: w.provider.id }],
    });
    const [engagement] = assessed.complaint.providerEngagements;
    const provider = await w.gw.token(Role.PROVIDER, w.provider.id);
    const key = randomUUID();
    const body = {
      query: SUBMIT_SIDE,
      variables: { input: { engagementId: engagement.id, response: 'Staff illness.' } },
    };
    const first = await post(body, { 'idempotency-key': key }, provider);
    expect(first.status).toBe(200);
    expect(first.json.data.submitProviderResponse).toMatchObject({
      errors: [],
      engagement: { providerResponse: 'Staff illness.' },
    });
    const again = await post(body, { 'idempotency-key': key }, provider);
    expect(again.text).toBe(first.text);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const events = await w.db.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE complaint_id = $1 AND actor_role = 'PROVIDER'
       AND action NOT LIKE 'partner.%'`,
      [complaint.id],
    );
    expect(events[0].n).toBe(1);
    expect(await keyRow(key)).toMatchObject({ caller_role: Role.PROVIDER, caller_subject: w.provider.id });
  });
});

describe('a key refused', () => {
  it('with a different request: 422 naming the header, and nothing written', async () => {
    const key = randomUUID();
    expect((await record('first use', key)).status).toBe(200);
    expectRefused(await record('second use', key), 422, IdempotencyErrorCode.REUSED);
    expect(await written('second use')).toEqual({ complaints: 0, acknowledgements: 0 });
    expect(await written('first use')).toEqual({ complaints: 1, acknowledgements: 1 });
  });

  it('when it is not 1–255 printable ASCII characters: 400 naming the header, nothing written', async () => {
    for (const key of ['', 'x'.repeat(256), 'tab\there']) {
      expectRefused(await record('bad key', key), 400, IdempotencyErrorCode.INVALID);
    }
    expect((await record('good long key', 'k'.repeat(255))).status).toBe(200);
    expect(await written('bad key')).toEqual({ complaints: 0, acknowledgements: 0 });
  });

  it('is ignored on a query, however it looks', async () => {
    for (const key of ['', 'query key', 'query key']) {
      const answer = await post({ query: '{ me { role } }' }, { 'idempotency-key': key });
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual({ data: { me: { role: Role.CST_OFFICER } } });
    }
    expect(await keyRow('query key')).toBeUndefined();
  });

  it('is freed when its mutation changed nothing, so the request can be sent again', async () => {
    const key = randomUUID();
    const refused = await record('   ', key);
    expect(refused.json.data.recordComplaint.errors).toEqual([expect.objectContaining({ code: 'INVALID' })]);
    expect(await keyRow(key)).toBeUndefined();
    expect((await record('after a refusal', key)).json.data.recordComplaint.errors).toEqual([]);
  });
});

describe('concurrent duplicates', () => {
  it('8 identical requests at once with one key make exactly one complaint; the others are 409 or the replay', async () => {
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 8 }, () => record('concurrent intake', key)));
    expect(await written('concurrent intake')).toEqual({ complaints: 1, acknowledgements: 1 });
    const ok = answers.filter((a) => a.status === 200);
    const busy = answers.filter((a) => a.status === 409);
    expect(ok.length + busy.length).toBe(8);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(new Set(ok.map((a) => a.text)).size).toBe(1);
    for (const answer of busy) {
      expectRefused(answer, 409, IdempotencyErrorCode.IN_USE);
      expect(answer.headers.get('retry-after')).toBe('1');
    }
    // Retrying as told gets the one answer.
    expect((await record('concurrent intake', key)).text).toBe(ok[0].text);
  });
});

describe('crashes and expiry', () => {
  it('a change committed whose answer was lost is never made again: 409 ALREADY_COMMITTED', async () => {
    const key = randomUUID();
    expect((await record('answer lost', key)).status).toBe(200);
    await w.db.dataSource.query(
      `UPDATE idempotency_keys SET response_status = NULL, response_body = NULL WHERE key = $1`,
      [key],
    );
    const retry = await record('answer lost', key);
    expectRefused(retry, 409, IdempotencyErrorCode.ALREADY_COMMITTED);
    expect(retry.json.errors[0].message).toMatch(/was made, but its answer was lost/);
    expect(retry.headers.get('retry-after')).toBeNull();
    expect(await written('answer lost')).toEqual({ complaints: 1, acknowledgements: 1 });
  });

  it('a holder that died before committing: 409 IN_USE while its lock holds, then a retry runs it once', async () => {
    const key = randomUUID();
    // As a claim left by a process that died before its transaction committed.
    await w.db.dataSource.query(
      `INSERT INTO idempotency_keys (caller_role, caller_subject, key, request_hash, claim, locked_until, expires_at)
       VALUES ($1, $2, $3, $4, $5, now() + interval '1 minute', now() + interval '1 day')`,
      [
        Role.CST_OFFICER,
        w.officer.id,
        key,
        requestHash({ query: RECORD, operationName: 'Record', variables: { input: intake('died before commit') } }),
        randomUUID(),
      ],
    );
    const busy = await record('died before commit', key);
    expectRefused(busy, 409, IdempotencyErrorCode.IN_USE);
    expect(busy.headers.get('retry-after')).toBe('1');
    await w.db.dataSource.query(`UPDATE idempotency_keys SET locked_until = now() WHERE key = $1`, [key]);
    const taken = await record('died before commit', key);
    expect(taken.status).toBe(200);
    expect((await record('died before commit', key)).text).toBe(taken.text);
    expect(await written('died before commit')).toEqual({ complaints: 1, acknowledgements: 1 });
  });

  it('a holder whose key was taken over cannot commit its change', async () => {
    const service = w.gw.services.idempotency;
    const em = w.db.dataSource.manager;
    const caller = { role: Role.CST_OFFICER, subject: w.officer.id };
    const key = randomUUID();
    const first = await service.claim(em, caller, key, 'a'.repeat(64), 24);
    await em.query(`UPDATE idempotency_keys SET locked_until = now() WHERE key = $1`, [key]);
    const second = await service.claim(em, caller, key, 'a'.repeat(64), 24);
    if (first.kind !== 'claimed' || second.kind !== 'claimed') throw new Error('expected two claims');
    await expect(w.db.dataSource.transaction((tx) => service.markCommitted(tx, first.claim))).rejects.toThrow(
      IdempotencyError,
    );
    await w.db.dataSource.transaction((tx) => service.markCommitted(tx, second.claim));
    expect((await keyRow(key)).claim).toBe(second.claim.claim);
  });

  it('keys are kept IDEMPOTENCY_KEY_TTL_HOURS; an expired key runs its request anew and is purged', async () => {
    const key = randomUUID();
    const first = await record('expiring', key);
    const [kept] = await w.db.dataSource.query(
      `SELECT extract(epoch FROM expires_at - created_at)::int AS seconds FROM idempotency_keys WHERE key = $1`,
      [key],
    );
    expect(kept.seconds).toBe(24 * 3600);
    await w.db.dataSource.query(`UPDATE idempotency_keys SET expires_at = now() WHERE key = $1`, [key]);
    const anew = await record('expiring', key);
    expect(anew.headers.get('idempotent-replayed')).toBeNull();
    expect(anew.json.data.recordComplaint.complaint.id).not.toBe(first.json.data.recordComplaint.complaint.id);
    expect(await written('expiring')).toEqual({ complaints: 2, acknowledgements: 2 });

    await w.db.dataSource.query(`UPDATE idempotency_keys SET expires_at = now() WHERE key = $1`, [key]);
    expect(await w.gw.services.idempotency.purgeExpired(w.db.dataSource.manager)).toBeGreaterThanOrEqual(1);
    expect(await keyRow(key)).toBeUndefined();
  });

  it('IDEMPOTENCY_KEY_TTL_HOURS takes hours, fractions too, and is refused in one line when invalid', () => {
    expect(readConfig(TEST_ENV).idempotency).toEqual({ keyTtlHours: 24 });
    expect(readConfig({ ...TEST_ENV, IDEMPOTENCY_KEY_TTL_HOURS: '0.5' }).idempotency).toEqual({ keyTtlHours: 0.5 });
    expect(() => readConfig({ ...TEST_ENV, IDEMPOTENCY_KEY_TTL_HOURS: '0' })).toThrow(
      'IDEMPOTENCY_KEY_TTL_HOURS must be a number of hours from 0.001 to 720, got "0"',
    );
    expect(() => readConfig({ ...TEST_ENV, IDEMPOTENCY_KEY_TTL_HOURS: '1d' })).toThrow(/IDEMPOTENCY_KEY_TTL_HOURS/);
  });
});

describe('the rules', () => {
  const held = (over: Partial<HeldKey>): HeldKey => ({
    sameRequest: true,
    committed: false,
    answered: false,
    locked: false,
    ...over,
  });
  it.each([
    [held({ sameRequest: false, committed: true, answered: true }), IdempotencyErrorCode.REUSED],
    [held({ sameRequest: false, locked: true }), IdempotencyErrorCode.REUSED],
    [held({ committed: true, answered: true }), 'REPLAY'],
    [held({ committed: true, answered: true, locked: true }), 'REPLAY'],
    [held({ locked: true }), IdempotencyErrorCode.IN_USE],
    [held({ committed: true, locked: true }), IdempotencyErrorCode.IN_USE],
    [held({ committed: true }), IdempotencyErrorCode.ALREADY_COMMITTED],
    [held({}), 'CLAIM'],
  ])('%o → %s', (state, decision) => {
    expect(decide(state)).toBe(decision);
  });

  it('a request is its query text, operation name and variables, whatever the order of their keys', () => {
    const a = requestHash({
      query: 'q',
      operationName: null,
      variables: { x: 1, y: { b: 2, a: [1, { d: 1, c: 2 }] } },
    });
    const b = requestHash({
      query: 'q',
      operationName: null,
      variables: { y: { a: [1, { c: 2, d: 1 }], b: 2 }, x: 1 },
    });
    expect(a).toBe(b);
    expect(requestHash({ query: 'q', operationName: 'Op', variables: null })).not.toBe(
      requestHash({ query: 'q', operationName: null, variables: null }),
    );
    expect(requestHash({ query: 'q', operationName: null, variables: { x: 1 } })).not.toBe(
      requestHash({ query: 'q', operationName: null, variables: { x: 2 } }),
    );
  });
});
