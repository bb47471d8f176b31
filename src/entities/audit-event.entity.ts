import { Field, ObjectType, Authorized } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Role } from '../domain/enums';
import { ROLE_SETS } from '../auth/role-sets';

/** No updatedAt: events are never edited (the application role may only insert and select). */
@Authorized(...ROLE_SETS.auditReaders)
@ObjectType({
  description:
    "An append-only record of a change, or of a partner's read, hash-chained per complaint or case (SPEC §5).",
})
@Entity('audit_events')
@Index(['chainKey', 'sequence'], { unique: true })
export class AuditEvent {
  @Field(() => String, { description: 'Its own id (a UUID); events are never edited or deleted.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** `complaint:<id>` or `case:<id>` (or `system` for events outside both). */
  @Column('text')
  chainKey: string;

  /** Position in its chain, from 1. */
  @Column('integer')
  sequence: number;

  @Field(() => String, {
    nullable: true,
    description:
      "Who acted: a staff id, a provider id, a partner system's name, or `system` " +
      'for what the gateway did by itself (recomputation, closing).',
  })
  @Column({ type: 'text', nullable: true })
  actorId: string | null;

  @Field(() => Role, {
    nullable: true,
    description: 'The role the actor acted in; null for the gateway itself (`system`).',
  })
  @Column({ type: 'enum', enum: Role, enumName: 'role', nullable: true })
  actorRole: Role | null;

  @Field({ description: 'What happened, as `record.verb`, e.g. `complaint.triaged`, `response.sent`, `partner.read`.' })
  @Column('text')
  action: string;

  @Field({ description: 'The type of the record changed or read, e.g. `Complaint`, `Referral`.' })
  @Column('text')
  entityType: string;

  @Field(() => String, {
    nullable: true,
    description: 'The id of that record; null when the event concerns no single record.',
  })
  @Column({ type: 'uuid', nullable: true })
  entityId: string | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  complaintId: string | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  caseId: string | null;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description:
      "For a change, `{ field: { from, to } }` with the details of the action; for a partner's read, what it " +
      'read. Null when there is none, or once retention redacted it (its digest stays, SPEC §1.12).',
  })
  @Column({ type: 'jsonb', nullable: true })
  change: Record<string, unknown> | null;

  @Column('text')
  changeDigest: string;

  /**
   * When retention anonymised the complaint and redacted this change (SPEC §1.12): `change` is then
   * null and `changeDigest` stands for it. The application role may update only these two columns.
   */
  @Column({ type: 'timestamptz', nullable: true })
  redactedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  previousHash: string | null;

  @Column('text')
  hash: string;

  @Field({ description: 'When it happened (ISO-8601, UTC).' })
  @Column({ type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;
}
