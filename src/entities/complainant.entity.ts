import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { ComplainantKind, ContactMethod } from '../domain/enums';
import { BaseEntity } from './base.entity';
import { Child } from './child.entity';
import { Party } from './party.entity';
import { ROLE_SETS } from '../auth/role-sets';

@Authorized(...ROLE_SETS.complaintReaders)
@ObjectType({
  description:
    'Who complains (SPEC §1.2): a service user, linked to their Party or Child of ' +
    'the case so that repeat complainants are matched, or someone else.',
})
@Entity('complainants')
export class Complainant extends BaseEntity {
  @Field(() => ComplainantKind, {
    description: 'Who they are to the case; decides how, and by when, their complaints are answered (SPEC §1.2).',
  })
  @Column({ type: 'enum', enum: ComplainantKind, enumName: 'complainant_kind' })
  kind: ComplainantKind;

  /** In the graph through ComplainantFields.firstName: a provider is not told a child's name. */
  @Column('text')
  firstName: string;

  @Field({ description: 'Their last name; `[anonymised]` once retention has run (SPEC §1.12).' })
  @Column('text')
  lastName: string;

  @Field(() => String, {
    nullable: true,
    description: 'Where messages to them go; without one, letters are posted to their address (SPEC §4).',
  })
  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Field(() => String, { nullable: true, description: 'Their telephone number; null when not given.' })
  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Their postal address, where letters go when they have no email address; null when not given.',
  })
  @Column({ type: 'text', nullable: true })
  address: string | null;

  @Field(() => ContactMethod, {
    nullable: true,
    description:
      "How they prefer to be contacted (a child's complaint: how the local " +
      'manager contacts the child, §5.2); null when not stated.',
  })
  @Column({ type: 'enum', enum: ContactMethod, enumName: 'contact_method', nullable: true })
  preferredContact: ContactMethod | null;

  @Field(() => String, {
    nullable: true,
    description: 'NON_PARTY: their relation to the service user (required); null for other kinds.',
  })
  @Column({ type: 'text', nullable: true })
  relationship: string | null;

  @Field(() => String, { nullable: true, description: 'PROFESSIONAL: their organisation; null when not given.' })
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
