/**
 * Bearer tokens verified with `jose`: in production against the identity provider's key set (asymmetric
 * algorithms only), in development with the local HS256 secret. The format is in the README ("Tokens").
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRemoteJWKSet, errors, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { Role, STAFF_ROLES } from '../domain/enums';
import { isId } from '../domain/validation';
import { AuthError, type Identity } from './identity';
import { VerifiedTokens } from './verified-tokens';

export const ISSUER = 'complaints-gateway';
export const AUDIENCE = 'complaints-gateway';
const ROLES = new Set<string>(Object.values(Role));
/** The `typ` headers accepted: plain JWTs and RFC 9068 access tokens (compared case-insensitively). */
const TOKEN_TYPES = new Set(['jwt', 'at+jwt', 'application/jwt', 'application/at+jwt']);
/** How long fetching the identity provider's key set may take (verification and readiness). */
const KEY_SET_TIMEOUT_MS = 3_000;

/** The identity provider's key set could not be fetched: no verdict on the token, the gateway is unavailable. */
export class KeySetUnavailable extends Error {}

/** The development signing secret: JWT_SECRET, else generated once into the data folder (never committed). */
export function loadSecret(dataDir: string, configured?: string): Uint8Array {
  if (configured) return new TextEncoder().encode(configured);
  const file = path.join(dataDir, 'jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
  }
  return new TextEncoder().encode(readFileSync(file, 'utf8').trim());
}

export interface TokenClaims {
  subject: string;
  role: Role;
  /** PROVIDER tokens: the provider's id. */
  partnerId?: string;
  name?: string;
  expiresIn?: string;
}

export async function signToken(secret: Uint8Array, claims: TokenClaims): Promise<string> {
  return new SignJWT({
    role: claims.role,
    ...(claims.partnerId ? { partner_id: claims.partnerId } : {}),
    ...(claims.name ? { name: claims.name } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.subject)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? '8h')
    .sign(secret);
}

/** How tokens are checked: the key (a secret or a key set), the algorithms and the claims required. */
export interface TokenVerifier {
  key: Uint8Array | JWTVerifyGetKey;
  algorithms: string[];
  issuer: string;
  audience: string;
  clockToleranceSeconds: number;
  /** The longest `exp - iat` accepted. */
  maxLifetimeSeconds: number;
  /** Fetches the identity provider's key set now (readiness); absent for the local secret. */
  checkKeySet?: () => Promise<void>;
  /** Tokens verified lately (src/auth/verified-tokens.ts); absent: every token is checked every time. */
  recent?: VerifiedTokens;
}

/** A fetch of the key set that failed (no answer, not 200, not JSON), as opposed to a token it cannot verify. */
function isKeySetFailure(error: unknown): boolean {
  return (
    error instanceof errors.JWKSTimeout ||
    (error instanceof errors.JOSEError && error.code === 'ERR_JOSE_GENERIC') ||
    (error instanceof TypeError && error.message === 'fetch failed')
  );
}

/** The remote key set, with its failures to fetch told apart from tokens it has no key for. */
function remoteKeySet(url: string, logger?: Pick<Logger, 'warn'>): Pick<TokenVerifier, 'key' | 'checkKeySet'> {
  const keySet = createRemoteJWKSet(new URL(url), { timeoutDuration: KEY_SET_TIMEOUT_MS });
  const unavailable = (error: unknown) =>
    new KeySetUnavailable(`the identity provider's key set cannot be fetched: ${(error as Error).message}`);
  return {
    key: async (header, token) => {
      try {
        return await keySet(header, token);
      } catch (error) {
        if (!isKeySetFailure(error)) throw error;
        logger?.warn({ err: error, url }, 'the identity provider key set cannot be fetched: token not verified');
        throw unavailable(error);
      }
    },
    checkKeySet: async () => {
      try {
        await keySet.reload();
      } catch (error) {
        throw unavailable(error);
      }
    },
  };
}

/**
 * Production: the identity provider's key set (AUTH_JWKS_URL), whose failures to fetch go to `logger`;
 * development: the local HS256 secret.
 */
export function createVerifier(
  config: Config,
  devSecret: () => Uint8Array,
  logger?: Pick<Logger, 'warn'>,
): TokenVerifier {
  const { auth } = config;
  const common = {
    clockToleranceSeconds: auth.clockToleranceSeconds,
    maxLifetimeSeconds: auth.maxTokenLifetimeSeconds,
    recent: new VerifiedTokens(),
  };
  if (auth.jwksUrl) {
    return {
      ...remoteKeySet(auth.jwksUrl, logger),
      algorithms: auth.algorithms,
      issuer: auth.issuer,
      audience: auth.audience,
      ...common,
    };
  }
  return { key: devSecret(), algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE, ...common };
}

/** The claims `jose` leaves to us: `typ` (two accepted), `iat` not in the future, the lifetime bounded. */
function checkTypeAndTimes(verifier: TokenVerifier, payload: JWTPayload, typ: string | undefined): void {
  if (typeof typ !== 'string' || !TOKEN_TYPES.has(typ.toLowerCase())) throw new Error('typ');
  const now = Math.floor(Date.now() / 1000);
  const { iat, exp } = payload as { iat: number; exp: number };
  if (iat > now + verifier.clockToleranceSeconds) throw new Error('iat in the future');
  if (exp - iat > verifier.maxLifetimeSeconds) throw new Error('lifetime');
}

/** Verifies `Authorization: Bearer …`; anything wrong is UNAUTHENTICATED with a reason that leaks nothing. */
export async function verifyBearer(verifier: TokenVerifier, header: string | undefined): Promise<Identity> {
  if (!header) throw new AuthError('UNAUTHENTICATED', 'a bearer token is required');
  const match = /^Bearer\s+([A-Za-z0-9_\-.]+)$/.exec(header.trim());
  if (!match) throw new AuthError('UNAUTHENTICATED', 'the Authorization header must be "Bearer <token>"');
  const known = verifier.recent?.get(match[1]);
  if (known) return known;
  let payload;
  try {
    const options = {
      algorithms: verifier.algorithms,
      issuer: verifier.issuer,
      audience: verifier.audience,
      clockTolerance: verifier.clockToleranceSeconds,
      requiredClaims: ['sub', 'exp', 'iat'],
    };
    const verified =
      verifier.key instanceof Uint8Array
        ? await jwtVerify(match[1], verifier.key, options)
        : await jwtVerify(match[1], verifier.key, options);
    checkTypeAndTimes(verifier, verified.payload, verified.protectedHeader.typ);
    payload = verified.payload;
  } catch (error) {
    if (error instanceof KeySetUnavailable) throw error;
    const reason = error instanceof errors.JWTExpired ? 'the token has expired' : 'the token is not valid';
    throw new AuthError('UNAUTHENTICATED', reason);
  }
  const role = payload.role;
  if (typeof role !== 'string' || !ROLES.has(role) || typeof payload.sub !== 'string' || !payload.sub) {
    throw new AuthError('UNAUTHENTICATED', 'the token lacks a valid subject or role');
  }
  const isStaff = (STAFF_ROLES as readonly string[]).includes(role);
  if (isStaff && !isId(payload.sub)) throw new AuthError('UNAUTHENTICATED', 'the token lacks a valid subject or role');
  const partnerId = typeof payload.partner_id === 'string' ? payload.partner_id : null;
  if (role === Role.PROVIDER && (!partnerId || !isId(partnerId))) {
    throw new AuthError('UNAUTHENTICATED', 'a provider token must carry the provider id');
  }
  const identity: Identity = {
    subject: payload.sub,
    role: role as Role,
    staffId: isStaff ? payload.sub : null,
    providerId: role === Role.PROVIDER ? partnerId : null,
  };
  verifier.recent?.remember(match[1], identity, payload.exp as number);
  return identity;
}
