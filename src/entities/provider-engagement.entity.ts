import { Authorized, Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { ProviderResponseKind } from '../domain/enums';
import { LocalDate } from '../graphql/scalars';
import { AspectConsequence } from './aspect-consequence.entity';
import { Provider } from './provider.entity';
import { ROLE_SETS } from '../auth/role-sets';

/** A provider asked for its side of a complaint about its service (§4.9). */
@Authorized(...ROLE_SETS.providerVisible)
@ObjectType()
@Entity('provider_engagements')
export class ProviderEngagement extends AspectConsequence {
  @Index()
  @Column('uuid')
  providerId: string;

  @ManyToOne(() => Provider, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'provider_id' })
  provider?: Relation<Provider>;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  requestedAt: Date | null;

  @Field(() => LocalDate, { nullable: true })
  @Column({ type: 'date', nullable: true })
  dueOn: string | null;

  @Field(() => ProviderResponseKind, { nullable: true })
  @Column({ type: 'enum', enum: ProviderResponseKind, enumName: 'provider_response_kind', nullable: true })
  responseKind: ProviderResponseKind | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  providerResponse: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  respondedAt: Date | null;

  /** A separate response: when the provider sent it to the complainant (its sending is tracked). */
  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  providerResponseSentAt: Date | null;

  /** Reminders sent to the provider because it had not answered (SPEC §1.5: chased after 5 working days). */
  @Field(() => Int)
  @Column({ type: 'int', default: 0 })
  chaseCount: number;

  /** When the unanswered engagement was escalated to the CST managers, after the second reminder. */
  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  escalatedAt: Date | null;
}
