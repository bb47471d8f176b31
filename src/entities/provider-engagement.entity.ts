import { Authorized, Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { ProviderResponseKind } from '../domain/enums';
import { LocalDate } from '../graphql/scalars';
import { AspectConsequence } from './aspect-consequence.entity';
import { Provider } from './provider.entity';
import { ROLE_SETS } from '../auth/role-sets';

@Authorized(...ROLE_SETS.providerVisible)
@ObjectType({
  description:
    'A commissioned provider asked for its side of a PROVIDER_ACTIONS aspect about its service (SPEC §1.5; ' +
    'procedure §4.9). The CST records whether its side goes into a JOINT response or it answers the complainant ' +
    'SEPARATEly; the provider gives its side with submitProviderResponse.',
})
@Entity('provider_engagements')
export class ProviderEngagement extends AspectConsequence {
  @Index()
  @Column('uuid')
  providerId: string;

  @ManyToOne(() => Provider, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'provider_id' })
  provider?: Relation<Provider>;

  @Field(() => Date, {
    nullable: true,
    description:
      'When the request reached the provider (its email or webhook was delivered); null until then. Once requested, ' +
      'a re-assessment keeps it as it is.',
  })
  @Column({ type: 'timestamptz', nullable: true })
  requestedAt: Date | null;

  @Field(() => LocalDate, {
    nullable: true,
    description:
      "London calendar date the provider's side is due: 5 working days after the engagement was made. Unanswered, " +
      'it is chased the working day after (see chaseCount).',
  })
  @Column({ type: 'date', nullable: true })
  dueOn: string | null;

  @Field(() => ProviderResponseKind, {
    nullable: true,
    description:
      "JOINT: the provider's side becomes the provider's part of the response; SEPARATE: the provider answers the " +
      'complainant itself. Null until the CST records it (recordProviderResponseKind) (SPEC §1.5).',
  })
  @Column({ type: 'enum', enum: ProviderResponseKind, enumName: 'provider_response_kind', nullable: true })
  responseKind: ProviderResponseKind | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The provider's side, as last given with submitProviderResponse; null until then, and after retention.",
  })
  @Column({ type: 'text', nullable: true })
  providerResponse: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When the provider last gave its side; null until then. Once it has, it is no longer chased.',
  })
  @Column({ type: 'timestamptz', nullable: true })
  respondedAt: Date | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'A SEPARATE response: when the provider says it sent its own response to the complainant; null until then, ' +
      'and for a joint response.',
  })
  @Column({ type: 'timestamptz', nullable: true })
  providerResponseSentAt: Date | null;

  @Field(() => Int, {
    description:
      'How far the chasing of an unanswered provider has gone: 0 none; 1 a reminder the working day after dueOn; 2 ' +
      'a second reminder 3 working days later; 3 the CST managers told 3 working days after that (escalatedAt).',
  })
  @Column({ type: 'int', default: 0 })
  chaseCount: number;

  @Field(() => Date, {
    nullable: true,
    description:
      'When the CST managers were told that the provider had not answered after two reminders; null otherwise.',
  })
  @Column({ type: 'timestamptz', nullable: true })
  escalatedAt: Date | null;
}
