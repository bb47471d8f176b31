/** Production identity: tokens verified against an identity provider's key set; every bad token refused. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/domain/enums';
import { createTestDatabase, type TestDatabase } from './fixtures/database';
import { Factory } from './fixtures/factories';
import { startTestGateway, type TestGateway } from './fixtures/gateway';

let db: TestDatabase;
let gw: TestGateway;
let jwks: http.Server;
let privateKey: SigningKey;
let otherKey: SigningKey;
let publicJwk: JWK;
let staffId: string;
const ISS = 'https://login.example.org';
const AUD = 'complaints-gateway';

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  privateKey = pair.privateKey;
  otherKey = (await generateKeyPair('RS256')).privateKey;
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
  jwks = http.createServer((_, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [publicJwk] })),
  );
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  db = await createTestDatabase();
  staffId = (await new Factory(db.dataSource).staff({ role: Role.CST_OFFICER })).id;
  gw = await startTestGateway(db, {
    env: {
      AUTH_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`,
      AUTH_ISSUER: ISS,
      AUTH_AUDIENCE: AUD,
      AUTH_CLOCK_TOLERANCE_SECONDS: '5',
    },
  });
});

afterAll(async () => {
  await gw?.stop();
  await db?.drop();
  jwks?.close();
});

interface Spec {
  alg?: string;
  kid?: string;
  typ?: string;
  key?: SigningKey | Uint8Array;
  claims?: Record<string, unknown>;
  iss?: string;
  aud?: string;
  exp?: number | string;
  nbf?: number | string;
  sub?: string | null;
}

async function token(spec: Spec = {}): Promise<string> {
  const jwt = new SignJWT({ role: 'CST_OFFICER', ...spec.claims })
    .setProtectedHeader({ alg: spec.alg ?? 'RS256', kid: spec.kid ?? 'key-1', typ: spec.typ ?? 'JWT' })
    .setIssuer(spec.iss ?? ISS)
    .setAudience(spec.aud ?? AUD)
    .setIssuedAt()
    .setExpirationTime(spec.exp ?? '10m');
  if (spec.sub !== null) jwt.setSubject(spec.sub ?? staffId);
  if (spec.nbf !== undefined) jwt.setNotBefore(spec.nbf);
  return jwt.sign(spec.key ?? privateKey);
}

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
    ['signed with another key', () => token({ key: otherKey })],
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
      () => token({ alg: 'HS256', key: new TextEncoder().encode(JSON.stringify(publicJwk)) }),
    ],
  ])('refuses a token that is %s', async (_, make) => {
    const result = await me(await make());
    expect(result.status).toBe(401);
    expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.data).toBeUndefined();
  });
});
