import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { ComplainantKind, ContactMethod } from '../domain/enums';
import { BaseEntity } from './base.entity';
import { Child } from './child.entity';
import { Party } from './party.entity';
import { ROLE_SETS } from '../auth/role-sets';

/** Who complains (§2); service users are linked to their party or child so repeat complainants match. */
@Authorized(...ROLE_SETS.complaintReaders)
@ObjectType()
@Entity('complainants')
export class Complainant extends BaseEntity {
  @Field(() => ComplainantKind)
  @Column({ type: 'enum', enum: ComplainantKind, enumName: 'complainant_kind' })
  kind: ComplainantKind;

  /** In the graph through ComplainantFields.firstName: a provider is not told a child's name. */
  @Column('text')
  firstName: string;

  @Field()
  @Column('text')
  lastName: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  address: string | null;

  @Field(() => ContactMethod, { nullable: true })
  @Column({ type: 'enum', enum: ContactMethod, enumName: 'contact_method', nullable: true })
  preferredContact: ContactMethod | null;

  /** For non-party complainants: their relation to the service user. */
  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  relationship: string | null;

  /** For professionals: their organisation. */
  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  organisation: string | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  partyId: string | null;

  @ManyToOne(() => Party, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'party_id' })
  party?: Relation<Party>;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  childId: string | null;

  @ManyToOne(() => Child, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'child_id' })
  child?: Relation<Child>;
}
