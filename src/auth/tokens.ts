/** Bearer tokens: HS256 JWTs verified with `jose` (development; production key sets come later). */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRemoteJWKSet, errors, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import type { Config } from '../config';
import { Role, STAFF_ROLES } from '../domain/enums';
import { isId } from '../domain/validation';
import { AuthError, type Identity } from './identity';

export const ISSUER = 'complaints-gateway';
export const AUDIENCE = 'complaints-gateway';
const ROLES = new Set<string>(Object.values(Role));

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
}

/** Production: the identity provider's key set (AUTH_JWKS_URL); development: the local HS256 secret. */
export function createVerifier(config: Config, devSecret: () => Uint8Array): TokenVerifier {
  const { auth } = config;
  if (auth.jwksUrl) {
    return {
      key: createRemoteJWKSet(new URL(auth.jwksUrl)),
      algorithms: auth.algorithms,
      issuer: auth.issuer,
      audience: auth.audience,
      clockToleranceSeconds: auth.clockToleranceSeconds,
    };
  }
  return {
    key: devSecret(),
    algorithms: ['HS256'],
    issuer: ISSUER,
    audience: AUDIENCE,
    clockToleranceSeconds: auth.clockToleranceSeconds,
  };
}

/** Verifies `Authorization: Bearer …`; anything wrong is UNAUTHENTICATED with a reason that leaks nothing. */
export async function verifyBearer(verifier: TokenVerifier, header: string | undefined): Promise<Identity> {
  if (!header) throw new AuthError('UNAUTHENTICATED', 'a bearer token is required');
  const match = /^Bearer\s+([A-Za-z0-9_\-.]+)$/.exec(header.trim());
  if (!match) throw new AuthError('UNAUTHENTICATED', 'the Authorization header must be "Bearer <token>"');
  let payload;
  try {
    const options = {
      algorithms: verifier.algorithms,
      issuer: verifier.issuer,
      audience: verifier.audience,
      clockTolerance: verifier.clockToleranceSeconds,
      typ: 'JWT',
      requiredClaims: ['sub', 'exp', 'iat'],
    };
    ({ payload } =
      verifier.key instanceof Uint8Array
        ? await jwtVerify(match[1], verifier.key, options)
        : await jwtVerify(match[1], verifier.key, options));
  } catch (error) {
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
  return {
    subject: payload.sub,
    role: role as Role,
    staffId: isStaff ? payload.sub : null,
    providerId: role === Role.PROVIDER ? partnerId : null,
  };
}
