/**
 * Whom a verified token names must exist: a staff role's `sub` is an active member of staff, a provider's
 * `partner_id` a provider. A signature proves only that the identity provider issued the token; without
 * this check a token for a made-up id acted with full rights (and the audit named nobody). Known subjects
 * are remembered briefly, so the hot path pays no query per request; a subject removed is refused once
 * its entry lapses.
 */
import type { DataSource } from 'typeorm';
import { Role } from '../domain/enums';
import { Lru } from '../lru';
import { AuthError, type Identity } from './identity';

/** How long a known subject is remembered, and how many are. */
export interface SubjectCacheOptions {
  ttlMs: number;
  maxEntries: number;
}

const DEFAULTS: SubjectCacheOptions = { ttlMs: 60_000, maxEntries: 10_000 };

/** One statement per kind of subject: the row exists (a member of staff who has not left). */
const LOOKUPS = {
  staff: 'SELECT 1 FROM staff WHERE id = $1 AND active',
  provider: 'SELECT 1 FROM providers WHERE id = $1',
} as const;

type Kind = keyof typeof LOOKUPS;

/** What the token must resolve to: nothing to look up for the case and HR systems (known by their role). */
function subjectOf(identity: Identity): { kind: Kind; id: string } | null {
  if (identity.staffId) return { kind: 'staff', id: identity.staffId };
  if (identity.role === Role.PROVIDER && identity.providerId) return { kind: 'provider', id: identity.providerId };
  return null;
}

export class SubjectDirectory {
  /** Known subjects, each until its entry lapses. */
  private readonly known: Lru<true>;
  /** Lookups under way, so that a burst of requests for one subject makes one query. */
  private readonly pending = new Map<string, Promise<boolean>>();
  private readonly options: SubjectCacheOptions;

  constructor(
    private readonly dataSource: DataSource,
    options: Partial<SubjectCacheOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.known = new Lru(this.options.maxEntries);
  }

  /** The identity, once its subject is known; UNAUTHENTICATED otherwise, with a reason that names nothing. */
  async resolve(identity: Identity): Promise<Identity> {
    const subject = subjectOf(identity);
    if (subject && !(await this.exists(subject.kind, subject.id))) {
      throw new AuthError('UNAUTHENTICATED', 'the token does not name a known user or partner');
    }
    return identity;
  }

  private async exists(kind: Kind, id: string): Promise<boolean> {
    const key = `${kind}:${id}`;
    if (this.known.get(key)) return true;
    const pending = this.pending.get(key) ?? this.lookUp(key, kind, id);
    this.pending.set(key, pending);
    try {
      return await pending;
    } finally {
      this.pending.delete(key);
    }
  }

  private async lookUp(key: string, kind: Kind, id: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(LOOKUPS[kind], [id]);
    if (rows.length === 0) return false;
    this.known.set(key, true, Date.now() + this.options.ttlMs);
    return true;
  }
}
