import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { ContactMethod } from '../domain/enums';
import { LocalDate } from '../graphql/scalars';
import { BaseEntity } from './base.entity';
import { Case } from './case.entity';
import { ROLE_SETS } from '../auth/role-sets';

@Authorized(...ROLE_SETS.caseFileReaders)
@ObjectType({
  description:
    'A child who is the subject of the proceedings, from the case file; a child who complains is linked to it.',
})
@Entity('children')
export class Child extends BaseEntity {
  @Index()
  @Column('uuid')
  caseId: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: Relation<Case>;

  @Column({ type: 'text', nullable: true, unique: true })
  sourceId: string | null;

  @Field({ description: "The child's first name, as the case file holds it." })
  @Column('text')
  firstName: string;

  @Field({ description: "The child's last name, as the case file holds it." })
  @Column('text')
  lastName: string;

  @Field(() => LocalDate, { description: 'A London calendar date (YYYY-MM-DD).' })
  @Column('date')
  dateOfBirth: string;

  @Field(() => ContactMethod, {
    nullable: true,
    description: 'How the child prefers to be contacted about a complaint (§5.2); null when not known.',
  })
  @Column({ type: 'enum', enum: ContactMethod, enumName: 'contact_method', nullable: true })
  preferredContact: ContactMethod | null;

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
