import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A mutation's `Idempotency-Key` (SPEC §6), scoped to its caller: the hash of the request it was
 * first sent with, the execution that holds it, whether that execution's change committed, and the
 * answer replayed to a retry. Read and written only by IdempotencyService; no row-level security
 * (a provider's mutation marks its key inside the provider's transaction), every query names its caller.
 */
@Entity('idempotency_keys')
export class IdempotencyKey {
  @PrimaryColumn('text')
  callerRole: string;

  @PrimaryColumn('text')
  callerSubject: string;

  @PrimaryColumn('varchar', { length: 255 })
  key: string;

  /** sha256 (hex) of the query text, operation name and variables. */
  @Column('char', { length: 64 })
  requestHash: string;

  /** The execution holding the key; a retry that takes the key over after a crash replaces it. */
  @Column('uuid')
  claim: string;

  /** Until then the holder is taken to be running: a duplicate is told to retry (409). */
  @Column('timestamptz')
  lockedUntil: Date;

  /** Set in the mutation's own transaction: the change and this mark commit together. */
  @Column('timestamptz', { nullable: true })
  committedAt: Date | null;

  @Column('integer', { nullable: true })
  responseStatus: number | null;

  /** The answer's body exactly as sent. */
  @Column('text', { nullable: true })
  responseBody: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  /** After this the key is forgotten (IDEMPOTENCY_KEY_TTL_HOURS): reused as new, and purged. */
  @Index()
  @Column('timestamptz')
  expiresAt: Date;
}
