import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { PartyRole } from '../domain/enums';
import { BaseEntity } from './base.entity';
import { Case } from './case.entity';
import { ROLE_SETS } from '../auth/role-sets';

@Authorized(...ROLE_SETS.caseFileReaders)
@ObjectType({
  description:
    'An adult party to the proceedings, from the case file; an adult service user who complains is linked to it.',
})
@Entity('parties')
export class Party extends BaseEntity {
  @Index()
  @Column('uuid')
  caseId: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: Relation<Case>;

  @Column({ type: 'text', nullable: true, unique: true })
  sourceId: string | null;

  @Field({ description: "The party's first name, as the case file holds it." })
  @Column('text')
  firstName: string;

  @Field({ description: "The party's last name, as the case file holds it." })
  @Column('text')
  lastName: string;

  @Field(() => PartyRole, { description: 'Their role in the proceedings.' })
  @Column({ type: 'enum', enum: PartyRole, enumName: 'party_role' })
  role: PartyRole;

  @Field(() => String, { nullable: true, description: 'Their email address, from the case file; null when not held.' })
  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Their telephone number, from the case file; null when not held.',
  })
  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Field(() => String, { nullable: true, description: 'Their postal address, from the case file; null when not held.' })
  @Column({ type: 'text', nullable: true })
  address: string | null;

  /** Special-category data (SPEC §1.14): never practitioners, providers, partner systems or analysts. */
  @Authorized(...ROLE_SETS.specialCategory)
  @Field(() => String, {
    nullable: true,
    description: 'Special-category data (SPEC §1.14), as the case system sent it; null when not recorded.',
  })
  @Column({ type: 'text', nullable: true })
  ethnicity: string | null;

  @Authorized(...ROLE_SETS.specialCategory)
  @Field(() => String, {
    nullable: true,
    description: 'Special-category data (SPEC §1.14), as the case system sent it; null when not recorded.',
  })
  @Column({ type: 'text', nullable: true })
  disability: string | null;
}
