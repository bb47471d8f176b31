/**
 * Production identity: a production-mode gateway verifies tokens against a local identity provider's key
 * set; every bad token is refused, and so is a good signature on a subject nobody knows.
 */
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SubjectDirectory } from '../src/auth/subjects';
import { totalStatements } from '../src/db/sql-counter';
import { Role } from '../src/domain/enums';
import { createLogger } from '../src/logger';
import { createTestDatabase, type TestDatabase } from './fixtures/database';
import { Factory } from './fixtures/factories';
import { startTestGateway, type TestGateway } from './fixtures/gateway';
import { waitUntil } from './fixtures/wait';
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
let factory: Factory;
const logLines: string[] = [];

/** The longest token lifetime this gateway accepts (AUTH_MAX_TOKEN_LIFETIME_SECONDS). */
const MAX_LIFETIME = 3600;

beforeAll(async () => {
  idp = await startIdentityProvider();
  db = await createTestDatabase();
  factory = new Factory(db.dataSource);
  staffId = (await factory.staff({ role: Role.CST_OFFICER })).id;
  const logs = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  gw = await startTestGateway(db, {
    production: idp,
    env: { AUTH_MAX_TOKEN_LIFETIME_SECONDS: String(MAX_LIFETIME) },
    logger: createLogger('info', logs),
  });
});

afterAll(async () => {
  await gw?.stop();
  await db?.drop();
  await idp?.stop();
});

/** A token for the staff member unless the spec says otherwise (`sub: null`: none). */
const token = (spec: TokenSpec = {}) => idp.sign({ ...spec, sub: spec.sub === undefined ? staffId : spec.sub });

const now = () => Math.floor(Date.now() / 1000);

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
    ['of another typ (a DPoP proof)', () => token({ typ: 'dpop+jwt' })],
    ['with an empty typ', () => token({ typ: '' })],
    ['issued in the future (beyond the clock tolerance)', () => token({ iat: now() + 600, exp: now() + 900 })],
    ['longer-lived than the maximum', () => token({ exp: now() + MAX_LIFETIME + 60 })],
    ['for nobody on the staff', () => token({ sub: randomUUID() })],
    ['for a staff id that is no uuid', () => token({ sub: 'robin' })],
    [
      'for an unknown provider',
      () => idp.sign({ sub: 'acme-client', claims: { role: 'PROVIDER', partner_id: randomUUID() } }),
    ],
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

  it.each(['at+jwt', 'application/at+jwt', 'JWT'])('accepts typ %s (RFC 9068 access tokens too)', async (typ) => {
    const result = await me(await token({ typ }));
    expect(result.errors).toBeUndefined();
    expect(result.data?.me).toEqual({ role: 'CST_OFFICER', subject: staffId });
  });

  it('accepts an iat within the clock tolerance and a lifetime of exactly the maximum', async () => {
    const iat = now() + 2; // AUTH_CLOCK_TOLERANCE_SECONDS is 5 for the test identity provider
    const result = await me(await token({ iat, exp: iat + MAX_LIFETIME }));
    expect(result.errors).toBeUndefined();
  });

  it('says only that the subject is unknown, never which', async () => {
    const stranger = randomUUID();
    const result = await me(await token({ sub: stranger }));
    expect(result.errors?.[0].message).toBe('the token does not name a known user or partner');
    expect(JSON.stringify(result)).not.toContain(stranger);
  });

  it("accepts a provider's token for a provider that exists", async () => {
    const provider = await factory.provider();
    const result = await gw.query('{ me { role provider { id } } }', {}, await gw.token(Role.PROVIDER, provider.id));
    expect(result.errors).toBeUndefined();
    expect(result.data?.me).toEqual({ role: 'PROVIDER', provider: { id: provider.id } });
  });

  it('looks a subject up once, not on every request', async () => {
    const newcomer = (await factory.staff({ role: Role.CST_MANAGER })).id;
    const bearer = await token({ sub: newcomer, claims: { role: 'CST_MANAGER' } });
    const statementsOf = async () => {
      const before = totalStatements();
      expect((await me(bearer)).data?.me).toEqual({ role: 'CST_MANAGER', subject: newcomer });
      return totalStatements() - before;
    };
    expect(await statementsOf()).toBe(1); // `me` itself reads nothing: this is the subject's lookup
    expect(await statementsOf()).toBe(0);
  });
});

describe('the subjects remembered', () => {
  const staffIdentity = (id: string) => ({ subject: id, role: Role.CST_OFFICER, staffId: id, providerId: null });
  async function lookups(directory: SubjectDirectory, id: string): Promise<number> {
    const before = totalStatements();
    await directory.resolve(staffIdentity(id));
    return totalStatements() - before;
  }

  it('are bounded in number, the least recently used forgotten first', async () => {
    const [a, b, c] = await Promise.all([1, 2, 3].map(async () => (await factory.staff()).id));
    const directory = new SubjectDirectory(db.dataSource, { maxEntries: 2 });
    expect([await lookups(directory, a), await lookups(directory, b), await lookups(directory, a)]).toEqual([1, 1, 0]);
    expect(await lookups(directory, c)).toBe(1); // b goes: a was used since
    expect([await lookups(directory, a), await lookups(directory, b)]).toEqual([0, 1]);
  });

  it('are looked up again once their time is up, and refused once they are gone', async () => {
    const leaver = await factory.staff();
    const directory = new SubjectDirectory(db.dataSource, { ttlMs: 0 });
    expect(await lookups(directory, leaver.id)).toBe(1);
    expect(await lookups(directory, leaver.id)).toBe(1);
    await db.dataSource.query('DELETE FROM staff WHERE id = $1', [leaver.id]);
    await expect(directory.resolve(staffIdentity(leaver.id))).rejects.toThrow(
      'the token does not name a known user or partner',
    );
  });

  it('refuse a member of staff who has left (kept, but no longer active)', async () => {
    const leaver = await factory.staff();
    const directory = new SubjectDirectory(db.dataSource, { ttlMs: 0 });
    expect(await lookups(directory, leaver.id)).toBe(1);
    await db.dataSource.query('UPDATE staff SET active = false WHERE id = $1', [leaver.id]);
    await expect(directory.resolve(staffIdentity(leaver.id))).rejects.toThrow(
      'the token does not name a known user or partner',
    );
    // Through the gateway too (its own directory has not met this subject yet).
    const result = await me(await token({ sub: leaver.id }));
    expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('the identity provider unreachable', () => {
  it('shows in /readyz and the log, and a gateway without keys answers 503, not 401', async () => {
    const readyz = async (port: number) => {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`);
      return { status: response.status, body: (await response.json()) as { checks: Record<string, boolean> } };
    };
    expect(await readyz(gw.gateway.port)).toMatchObject({ status: 200, body: { checks: { jwks: true } } });
    idp.setAvailable(false);
    const fresh = await startTestGateway(db, { production: idp });
    try {
      const down = await readyz(gw.gateway.port);
      expect(down).toMatchObject({ status: 503, body: { checks: { database: true, jwks: false } } });
      expect(logLines.some((l) => l.includes('the identity provider key set cannot be fetched'))).toBe(true);
      // Keys fetched before still verify tokens; a gateway that never had them cannot tell a good token.
      expect((await me(await token())).data?.me.subject).toBe(staffId);
      const result = await fresh.query('{ me { role } }', {}, await token());
      expect(result.status).toBe(503);
      expect(result.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
    } finally {
      idp.setAvailable(true);
      await fresh.stop();
    }
    await waitUntil(
      'readiness once the key set is back',
      () => readyz(gw.gateway.port),
      (r) => r.status === 200,
    );
  });
});
