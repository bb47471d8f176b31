import { Field, ObjectType, Authorized } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Role } from '../domain/enums';
import { ROLE_SETS } from '../auth/role-sets';

/**
 * An append-only record of a change or a partner's read (SPEC §5), hash-chained per complaint or case.
 * No updatedAt: events are never edited (the application role may only insert and select).
 */
@Authorized(...ROLE_SETS.auditReaders)
@ObjectType()
@Entity('audit_events')
@Index(['chainKey', 'sequence'], { unique: true })
export class AuditEvent {
  @Field(() => String)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** `complaint:<id>` or `case:<id>` (or `system` for events outside both). */
  @Column('text')
  chainKey: string;

  /** Position in its chain, from 1. */
  @Column('integer')
  sequence: number;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  actorId: string | null;

  @Field(() => Role, { nullable: true })
  @Column({ type: 'enum', enum: Role, enumName: 'role', nullable: true })
  actorRole: Role | null;

  @Field()
  @Column('text')
  action: string;

  @Field()
  @Column('text')
  entityType: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  entityId: string | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  complaintId: string | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  caseId: string | null;

  /** The change (before/after); anonymisation may redact it but keeps its digest. */
  @Field(() => GraphQLJSONObject, { nullable: true })
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

  @Field()
  @Column({ type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;
}
