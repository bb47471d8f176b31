import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { PartyRole } from '../domain/enums';
import { BaseEntity } from './base.entity';
import { Case } from './case.entity';
import { ROLE_SETS } from '../auth/role-sets';

/** An adult party to the proceedings. Ethnicity and disability are special-category data (§1.14). */
@Authorized(...ROLE_SETS.caseFileReaders)
@ObjectType()
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

  @Field()
  @Column('text')
  firstName: string;

  @Field()
  @Column('text')
  lastName: string;

  @Field(() => PartyRole)
  @Column({ type: 'enum', enum: PartyRole, enumName: 'party_role' })
  role: PartyRole;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  address: string | null;

  /** Special-category data (SPEC §1.14): never practitioners, providers, partner systems or analysts. */
  @Authorized(...ROLE_SETS.specialCategory)
  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  ethnicity: string | null;

  @Authorized(...ROLE_SETS.specialCategory)
  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  disability: string | null;
}
