/**
 * The audit trail's hash chain (SPEC §5): each event's hash covers its predecessor's hash, the
 * event's metadata and a digest of its change, so an edited, reordered or deleted event shows.
 * Anonymisation may redact a change but keeps its digest.
 */
import { createHash } from 'node:crypto';

/** JSON with sorted keys and ISO dates: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) {
    // A list of strings (a read audit's ids and fields, hundreds long) is already canonical as JSON.
    if (value.every((v) => typeof v === 'string')) return JSON.stringify(value);
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function changeDigest(change: unknown): string {
  return sha256(canonicalJson(change ?? null));
}

export interface ChainedEventMetadata {
  chainKey: string;
  sequence: number;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  occurredAt: Date;
}

export function eventHash(previousHash: string | null, metadata: ChainedEventMetadata, digest: string): string {
  return sha256(`${previousHash ?? ''}\n${canonicalJson(metadata)}\n${digest}`);
}

/**
 * The text `eventHash` digests, split where the chain key and the sequence go, for an event whose
 * chain and sequence the database picks in the statement that appends it (a partner's read takes a
 * free lane): `previousHash + before + JSON(chainKey) + between + sequence + after` is that text.
 */
export function eventHashTemplate(
  metadata: Omit<ChainedEventMetadata, 'chainKey' | 'sequence'>,
  digest: string,
): { before: string; between: string; after: string } {
  // NUL cannot occur in a stored value, so the marks cannot collide with the metadata.
  const [key, seq] = ['\u0000chainKey', '\u0000sequence'];
  const text = `\n${canonicalJson({ ...metadata, chainKey: key, sequence: seq })}\n${digest}`;
  const [before, rest, ...extra] = text.split(JSON.stringify(key));
  const [between, after, ...more] = (rest ?? '').split(JSON.stringify(seq));
  if (extra.length || more.length || after === undefined) throw new Error('metadata holds a placeholder');
  return { before, between, after };
}

export interface StoredEvent extends ChainedEventMetadata {
  id: string;
  change: unknown;
  changeDigest: string;
  previousHash: string | null;
  hash: string;
  /** Set when the change was redacted by anonymisation: the digest then stands for it. */
  redacted?: boolean;
}

/** The first broken link of one chain (events in sequence order), or null when it holds. */
export function verifyChain(events: readonly StoredEvent[]): { sequence: number; reason: string } | null {
  let previous: string | null = null;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e.sequence !== i + 1)
      return { sequence: e.sequence, reason: `expected sequence ${i + 1}: an event is missing or out of order` };
    if (e.previousHash !== previous)
      return { sequence: e.sequence, reason: 'previous hash does not match the event before it' };
    if (e.redacted) {
      // A redacted event carries no change at all: anything else would be content the digest does not vouch for.
      if (e.change !== null && e.change !== undefined)
        return { sequence: e.sequence, reason: 'a redacted event still carries a change' };
      if (!redactionRecorded(events, i))
        return { sequence: e.sequence, reason: 'redacted without an anonymisation recorded after it' };
    } else if (changeDigest(e.change) !== e.changeDigest) {
      return { sequence: e.sequence, reason: 'the change does not match its digest' };
    }
    const { chainKey, sequence, actorId, actorRole, action, entityType, entityId, occurredAt } = e;
    if (
      eventHash(
        previous,
        { chainKey, sequence, actorId, actorRole, action, entityType, entityId, occurredAt },
        e.changeDigest,
      ) !== e.hash
    ) {
      return { sequence: e.sequence, reason: 'the hash does not match the event' };
    }
    previous = e.hash;
  }
  return null;
}

/** The action of the event that anonymisation appends after redacting a complaint's events. */
export const ANONYMISED_ACTION = 'complaint.anonymised';

/**
 * Redaction is legitimate only as part of anonymisation: a later event of the same chain records it,
 * naming the redacted sequences (`redactedSequences`; events written before that list existed give
 * only a count, `redactedEvents`). A change blanked by anyone else shows.
 */
function redactionRecorded(events: readonly StoredEvent[], index: number): boolean {
  const sequence = events[index].sequence;
  for (let j = index + 1; j < events.length; j++) {
    if (events[j].action !== ANONYMISED_ACTION || events[j].redacted) continue;
    const listed = (events[j].change as { redactedSequences?: unknown } | null)?.redactedSequences;
    if (!Array.isArray(listed) || listed.includes(sequence)) return true;
  }
  return false;
}
