/**
 * Checkpoints of the audit trail (SPEC §5): the chain heads that moved since the previous checkpoint,
 * sealed with a signature whose key is not in the database. Each checkpoint names its predecessor's
 * hash, so a checkpoint edited, removed from the middle or re-ordered shows; each sealed head must
 * still be in its chain with the same hash, so a chain re-hashed to its end, truncated or deleted shows.
 * What happened after the last checkpoint is detectable only once it is sealed (the seal interval).
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from './audit-chain';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface ChainHead {
  chainKey: string;
  sequence: number;
  hash: string;
}

export interface CheckpointBody {
  sequence: number;
  sealedAt: Date;
  previousHash: string | null;
  /** How many heads it seals, and their digest (`headsDigest`). */
  heads: number;
  headsDigest: string;
  /** The signing key's id (a digest of its public key). */
  keyId: string;
}

export interface StoredCheckpoint extends CheckpointBody {
  signature: string;
  hash: string;
}

/** One line per head, in key order: the same heads always give the same digest. */
export function headsDigest(heads: readonly ChainHead[]): string {
  const lines = heads.map((h) => `${h.chainKey}\t${h.sequence}\t${h.hash}`).sort();
  return sha256(lines.join('\n'));
}

/** The text that is signed and hashed. */
export function checkpointText(b: CheckpointBody): string {
  const { sequence, sealedAt, previousHash, heads, headsDigest: digest, keyId } = b;
  return canonicalJson({ sequence, sealedAt, previousHash, heads, headsDigest: digest, keyId });
}

export const checkpointHash = (body: CheckpointBody): string => sha256(checkpointText(body));

/** Checks a signature; null when the key is not one the verifier knows. */
export type SignatureCheck = (keyId: string, text: string, signature: string) => boolean | null;

export interface SealProblem {
  checkpoint: number;
  reason: string;
}

/**
 * Checks the checkpoints (in sequence order) and the heads each one sealed: numbered from 1 without
 * a gap, each naming its predecessor's hash, its own hash, digest and count matching, signed.
 */
export function verifyCheckpoints(
  checkpoints: readonly StoredCheckpoint[],
  headsOf: (checkpoint: number) => readonly ChainHead[],
  check: SignatureCheck,
): SealProblem[] {
  const problems: SealProblem[] = [];
  let previous: string | null = null;
  checkpoints.forEach((c, i) => {
    const problem = (reason: string) => problems.push({ checkpoint: c.sequence, reason });
    if (c.sequence !== i + 1) problem(`expected checkpoint ${i + 1}: a checkpoint is missing`);
    if (c.previousHash !== previous) problem('previous hash does not match the checkpoint before it');
    const heads = headsOf(c.sequence);
    if (heads.length !== c.heads || headsDigest(heads) !== c.headsDigest)
      problem('its sealed heads were changed, added or removed');
    if (checkpointHash(c) !== c.hash) problem('the hash does not match the checkpoint');
    const signed = check(c.keyId, checkpointText(c), c.signature);
    if (signed === null) problem(`signed with key ${c.keyId}, which is not the configured seal key`);
    else if (!signed) problem('the signature does not verify');
    previous = c.hash;
  });
  return problems;
}

/** Why a sealed head no longer matches its chain: `actual` is the hash now at that sequence (null: none). */
export function sealedHeadProblem(sealed: ChainHead, actual: string | null): string | null {
  if (actual === null) return `sealed event ${sealed.sequence} is gone: the chain was truncated or deleted`;
  if (actual !== sealed.hash) return `sealed event ${sealed.sequence} has another hash: the chain was re-hashed`;
  return null;
}
