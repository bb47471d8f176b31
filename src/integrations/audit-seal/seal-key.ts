/**
 * The key that seals audit checkpoints (SPEC §5): an Ed25519 key kept outside the database, so
 * whoever controls the database (its owner included) cannot re-seal a tampered trail.
 * `AUDIT_SEAL_KEY_FILE` holds the private key (PKCS#8 PEM) where checkpoints are sealed (workers);
 * `AUDIT_SEAL_PUBLIC_KEY_FILE` is enough to verify. In development and tests the private key is
 * generated once into the data folder, like the JWT secret; production generates nothing.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AuditSealConfig } from '../../config';
import type { SignatureCheck } from '../../domain/audit-seal';

export interface SealVerifier {
  readonly keyId: string;
  check: SignatureCheck;
}

export interface SealSigner extends SealVerifier {
  sign(text: string): string;
}

function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

function verifierFor(publicKey: KeyObject): SealVerifier {
  const keyId = keyIdOf(publicKey);
  return {
    keyId,
    check: (id, text, signature) =>
      id === keyId ? verify(null, Buffer.from(text), publicKey, Buffer.from(signature, 'base64')) : null,
  };
}

/** The private key in `file`; with `create`, generated there (mode 600) when the file does not exist. */
export function loadSealSigner(file: string, options: { create?: boolean } = {}): SealSigner {
  if (!existsSync(file)) {
    if (!options.create) throw new Error(`the audit seal key ${file} does not exist`);
    mkdirSync(path.dirname(file), { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  }
  const privateKey = createPrivateKey(readFileSync(file));
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`the audit seal key ${file} is not an Ed25519 key`);
  return {
    ...verifierFor(createPublicKey(privateKey)),
    sign: (text) => sign(null, Buffer.from(text), privateKey).toString('base64'),
  };
}

/** A verifier from a public key file (SPKI PEM) or a private key file. */
export function loadSealVerifier(file: string): SealVerifier {
  const pem = readFileSync(file, 'utf8');
  const publicKey = pem.includes('PRIVATE KEY') ? createPublicKey(createPrivateKey(pem)) : createPublicKey(pem);
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error(`the audit seal key ${file} is not an Ed25519 key`);
  return verifierFor(publicKey);
}

/** The configured signer (generating the development key when allowed); null when sealing is off. */
export function configuredSigner(config: AuditSealConfig): SealSigner | null {
  return config.keyFile ? loadSealSigner(config.keyFile, { create: config.generate }) : null;
}

/** The configured verifier: the public key file, else the private key's; null when neither is configured. */
export function configuredVerifier(config: AuditSealConfig): SealVerifier | null {
  if (config.publicKeyFile) return loadSealVerifier(config.publicKeyFile);
  return configuredSigner(config);
}
