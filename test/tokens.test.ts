/** Production identity: tokens verified against an identity provider's key set; every bad token refused. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/domain/enums';
import { createTestDatabase, type TestDatabase } from './fixtures/database';
import { Factory } from './fixtures/factories';
import { startTestGateway, type TestGateway } from './fixtures/gateway';
import {
  IDP_AUDIENCE as AUD,
  IDP_ISSUER as ISS,
  startIdentityProvider,
  type IdentityProvider,
  type TokenSpec,
} from './fixtures/identity-provider';

let db: TestDatabase;
let gw: TestGateway;
let idp: IdentityProvider;
let staffId: string;

beforeAll(async () => {
  idp = await startIdentityProvider();
  db = await createTestDatabase();
  staffId = (await new Factory(db.dataSource).staff({ role: Role.CST_OFFICER })).id;
  gw = await startTestGateway(db, { env: idp.env });
});

afterAll(async () => {
  await gw?.stop();
  await db?.drop();
  await idp?.stop();
});

/** A token for the staff member unless the spec says otherwise (`sub: null`: none). */
const token = (spec: TokenSpec = {}) => idp.sign({ ...spec, sub: spec.sub === undefined ? staffId : spec.sub });

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function me(bearer: string) {
  return gw.query('{ me { role subject } }', {}, bearer);
}

describe('tokens from the identity provider', () => {
  it('accepts a valid token', async () => {
    const result = await me(await token());
    expect(result.data?.me).toEqual({ role: 'CST_OFFICER', subject: staffId });
  });

  it.each<[string, () => Promise<string>]>([
    ['expired', () => token({ exp: Math.floor(Date.now() / 1000) - 60 })],
    ['not yet valid', () => token({ nbf: Math.floor(Date.now() / 1000) + 3600 })],
    ['wrong issuer', () => token({ iss: 'https://evil.example.org' })],
    ['wrong audience', () => token({ aud: 'another-api' })],
    ['unknown key id', () => token({ kid: 'key-2' })],
    ['signed with another key', () => token({ key: idp.otherKey })],
    ['not a JWT typ', () => token({ typ: 'at+jwt' })],
    ['missing subject', () => token({ sub: null })],
    ['unknown role', () => token({ claims: { role: 'ADMIN' } })],
    [
      'alg none',
      async () =>
        `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: staffId, role: 'CST_OFFICER', iss: ISS, aud: AUD, exp: Math.floor(Date.now() / 1000) + 600, iat: Math.floor(Date.now() / 1000) })}.`,
    ],
    // Algorithm confusion: HS256 "signed" with the public key as if it were a shared secret.
    [
      'HS256 with the public key',
      () => token({ alg: 'HS256', key: new TextEncoder().encode(JSON.stringify(idp.publicJwk)) }),
    ],
  ])('refuses a token that is %s', async (_, make) => {
    const result = await me(await make());
    expect(result.status).toBe(401);
    expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.data).toBeUndefined();
  });
});
