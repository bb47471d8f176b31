/**
 * Trusted documents (issue 17): every registered document is valid against the schema and runs as the
 * roles it is written for, by its text and by its id alone; a role held to them (TRUSTED_DOCUMENTS) is
 * refused anything else with 400 OPERATION_NOT_TRUSTED before it runs, while staff are not held.
 */
import { createHash } from 'node:crypto';
import { parse, validate, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig, ConfigError } from '../src/config';
import { Role } from '../src/domain/enums';
import { createSchema } from '../src/graphql/schema';
import { trustedDocuments } from '../src/partners/trusted-document-registry';
import { TRUSTED_DOCUMENTS } from '../src/partners/trusted-documents';
import { createServices } from '../src/services/services';
import { startTestGateway, type TestGateway } from './fixtures/gateway';
import { createWorld, type World } from './fixtures/procedure';

const NOW = new Date('2026-11-05T12:00:00Z');
let w: World;
let schema: GraphQLSchema;
let tokens: Record<Role.PROVIDER | Role.CASE_SYSTEM | Role.HR_SYSTEM, string>;
/** The same database, no role held (TRUSTED_DOCUMENTS unset). */
let open: TestGateway;

/** Sample variables for each document: ids that name nothing make a mutation answer NOT_FOUND, changing nothing. */
const VARIABLES: Record<string, Record<string, unknown>> = {
  WhoAmI: {},
  ProviderComplaints: { after: null },
  ProviderComplaint: { reference: 'CMP-2026-000001' },
  SubmitProviderResponse: {
    input: { engagementId: '00000000-0000-4000-8000-000000000001', response: 'Our side of it.' },
  },
  SubmitProviderResponseWithCodes: {
    input: { engagementId: '00000000-0000-4000-8000-000000000001', response: 'Our side of it.' },
  },
  UpsertCaseFile: { input: { cases: [] } },
  CaseByNumber: { caseNumber: 'BM26P00001' },
  OpenReferrals: { after: null },
  RecordReferralOutcome: { input: { referralId: '00000000-0000-4000-8000-000000000002', outcome: 'NO_ACTION' } },
};

beforeAll(async () => {
  schema = await createSchema(createServices());
  w = await createWorld(NOW, { TRUSTED_DOCUMENTS: 'PROVIDER,CASE_SYSTEM,HR_SYSTEM' });
  tokens = {
    [Role.PROVIDER]: await w.gw.token(Role.PROVIDER, w.provider.id),
    [Role.CASE_SYSTEM]: await w.gw.token(Role.CASE_SYSTEM, 'case-system'),
    [Role.HR_SYSTEM]: await w.gw.token(Role.HR_SYSTEM, 'hr-system'),
  };
  open = await startTestGateway(w.db, { now: () => NOW });
});

afterAll(async () => {
  await open?.stop();
  await w?.stop();
});

/** A POST to /graphql with any body: the answer's status and JSON. */
async function post(body: Record<string, unknown>, token: string, url = w.gw.gateway.url) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: any[] } };
}

const byId = (id: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: id } } });

describe('the registered documents', () => {
  it('are each one named operation, valid against the schema, known by the SHA-256 of their text', () => {
    expect(trustedDocuments.documents.map((d) => d.name)).toEqual(TRUSTED_DOCUMENTS.map((d) => d.name));
    expect(Object.keys(VARIABLES).sort()).toEqual(TRUSTED_DOCUMENTS.map((d) => d.name).sort());
    for (const document of trustedDocuments.documents) {
      const ast = parse(document.body);
      expect(validate(schema, ast), document.name).toEqual([]);
      expect(ast.definitions.map((d) => (d.kind === 'OperationDefinition' ? d.name?.value : d.kind))).toEqual([
        document.name,
      ]);
      expect(document.id).toBe(createHash('sha256').update(document.body, 'utf8').digest('hex'));
    }
  });

  it('run as the roles they are for, by their text and by their id alone, with the same answer', async () => {
    for (const document of trustedDocuments.documents) {
      for (const role of document.roles as (keyof typeof tokens)[]) {
        const variables = VARIABLES[document.name];
        const text = await post({ query: document.body, variables }, tokens[role]);
        expect(text, `${document.name} as ${role}`).toMatchObject({ status: 200 });
        expect(text.body.errors, `${document.name} as ${role}`).toBeUndefined();
        const id = await post({ ...byId(document.id), variables }, tokens[role]);
        expect(id, `${document.name} by id as ${role}`).toEqual(text);
      }
    }
  });
});

describe('a role held to the trusted documents', () => {
  const UNREGISTERED_MUTATION = `mutation ($input: SubmitProviderResponseInput!) { submitProviderResponse(input: $input) { errors { code } } }`;

  it('is refused an operation that is not registered, 400 OPERATION_NOT_TRUSTED, before it runs', async () => {
    // A provider with an engagement awaiting its side: the unregistered mutation would record it.
    const c = await w.recordAdult();
    await w.mutate(
      `mutation ($input: TriageComplaintInput!) { triageComplaint(input: $input) { errors { message } } }`,
      {
        complaintId: c.id,
        outcome: 'ACCEPTED',
      },
    );
    const assessed = await w.mutate(
      `mutation ($input: AssessComplaintInput!) { assessComplaint(input: $input) { complaint { providerEngagements { id } } errors { message } } }`,
      {
        complaintId: c.id,
        aspects: [{ category: 'PROVIDER_ACTIONS', description: 'Cancelled sessions', providerId: w.provider.id }],
      },
    );
    const [engagement] = assessed.complaint.providerEngagements;
    const refused = await post(
      { query: UNREGISTERED_MUTATION, variables: { input: { engagementId: engagement.id, response: 'Not so.' } } },
      tokens[Role.PROVIDER],
    );
    expect(refused.status).toBe(400);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('PROVIDER may run only the registered (trusted) documents'),
        extensions: { code: 'OPERATION_NOT_TRUSTED' },
      }),
    ]);
    const [row] = await w.db.dataSource.query('SELECT responded_at FROM provider_engagements WHERE id = $1', [
      engagement.id,
    ]);
    expect(row.responded_at).toBeNull();
    // The registered document does it.
    const submit = trustedDocuments.documents.find((d) => d.name === 'SubmitProviderResponse')!;
    const done = await post(
      { ...byId(submit.id), variables: { input: { engagementId: engagement.id, response: 'Our side.' } } },
      tokens[Role.PROVIDER],
    );
    expect(done.body.data.submitProviderResponse).toMatchObject({ errors: [], engagement: { id: engagement.id } });
  });

  it('is refused a registered text changed in any way, an unknown id, and a text whose id does not match', async () => {
    const whoAmI = trustedDocuments.documents.find((d) => d.name === 'WhoAmI')!;
    for (const role of [Role.PROVIDER, Role.CASE_SYSTEM, Role.HR_SYSTEM] as const) {
      const reformatted = await post({ query: whoAmI.body.replace(/\n\s*/g, ' ') }, tokens[role]);
      expect(reformatted.status).toBe(400);
      expect(reformatted.body.errors?.[0].extensions.code).toBe('OPERATION_NOT_TRUSTED');
      const introspection = await post({ query: '{ __schema { queryType { name } } }' }, tokens[role]);
      expect(introspection.body.errors?.[0].extensions.code).toBe('OPERATION_NOT_TRUSTED');
    }
    const unknown = await post(byId('0'.repeat(64)), tokens[Role.HR_SYSTEM]);
    expect(unknown.body.errors?.[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    // A registered id with another text: Apollo checks the id against the text, so the text runs only if registered.
    const mismatch = await post({ query: '{ me { role } }', ...byId(whoAmI.id) }, tokens[Role.HR_SYSTEM]);
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.data).toBeUndefined();
  });

  it('is held over GET too', async () => {
    const get = (params: Record<string, string>, token: string) =>
      fetch(`${w.gw.gateway.url}?${new URLSearchParams(params)}`, {
        headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
      }).then(async (r) => ({ status: r.status, body: await r.json() }));
    const refused = await get({ query: '{ me { role } }' }, tokens[Role.CASE_SYSTEM]);
    expect(refused).toMatchObject({
      status: 400,
      body: { errors: [{ extensions: { code: 'OPERATION_NOT_TRUSTED' } }] },
    });
    const whoAmI = trustedDocuments.documents.find((d) => d.name === 'WhoAmI')!;
    const byText = await get({ query: whoAmI.body }, tokens[Role.CASE_SYSTEM]);
    expect(byText).toMatchObject({ status: 200, body: { data: { me: { role: 'CASE_SYSTEM' } } } });
    const persisted = await get({ extensions: JSON.stringify(byId(whoAmI.id).extensions) }, tokens[Role.CASE_SYSTEM]);
    expect(persisted).toEqual(byText);
  });
});

describe('roles not held', () => {
  it('staff run any operation, and registered ones by id; persisted queries keep nothing a client sends', async () => {
    const anyQuery = await post({ query: '{ me { role } }' }, w.tokens.officer);
    expect(anyQuery).toEqual({ status: 200, body: { data: { me: { role: 'CST_OFFICER' } } } });
    const whoAmI = trustedDocuments.documents.find((d) => d.name === 'WhoAmI')!;
    expect((await post(byId(whoAmI.id), w.tokens.officer)).body.data.me.role).toBe('CST_OFFICER');
    // Sent with its id, a document is run but not kept: its id alone is still unknown afterwards.
    const text = '{ me { subject } }';
    const id = createHash('sha256').update(text).digest('hex');
    expect((await post({ query: text, ...byId(id) }, w.tokens.officer)).body.errors).toBeUndefined();
    expect((await post(byId(id), w.tokens.officer)).body.errors?.[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('partners are held only where TRUSTED_DOCUMENTS says so', async () => {
    const provider = await open.token(Role.PROVIDER, w.provider.id);
    const r = await post({ query: '{ me { role } }' }, provider, open.gateway.url);
    expect(r).toEqual({ status: 200, body: { data: { me: { role: 'PROVIDER' } } } });
  });

  it('TRUSTED_DOCUMENTS: none by default, roles separated by commas, anything else stops start-up', () => {
    const roles = (value?: string) =>
      [...readConfig({ NODE_ENV: 'test', TRUSTED_DOCUMENTS: value }).partners.trustedDocumentRoles].sort();
    expect(roles()).toEqual([]);
    expect(roles('none')).toEqual([]);
    expect(roles('PROVIDER, HR_SYSTEM')).toEqual(['HR_SYSTEM', 'PROVIDER']);
    expect(roles('CST_OFFICER')).toEqual(['CST_OFFICER']);
    expect(() => roles('PROVIDERS')).toThrow(ConfigError);
    expect(() => roles('PROVIDERS')).toThrow(/TRUSTED_DOCUMENTS/);
    expect(readConfig({ NODE_ENV: 'test' }).partners.webhookSecretGraceHours).toBe(24);
    expect(() => readConfig({ NODE_ENV: 'test', WEBHOOK_SECRET_GRACE_HOURS: 'a day' })).toThrow(ConfigError);
  });
});
