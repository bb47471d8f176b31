import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, ID, Info, InputType, Query, Resolver } from 'type-graphql';
import { CaseStatus } from '../domain/enums';
import { Case } from '../entities';
import { ROLE_SETS } from '../auth/role-sets';
import { ConnectionType } from '../graphql/connection';
import type { Connection } from '../read/paging';
import type { AuthenticatedContext } from '../services/context';
import { PageArgs } from '../graphql/inputs';
import { selected } from '../read/look-ahead';
import type { CaseFilterInput, CaseListArgs } from '../services/case.service';
import type { Services } from '../services/services';

export const CaseConnection = ConnectionType(Case);

@InputType({ description: 'Narrows the list of cases; every condition given must hold.' })
export class CaseFilter implements CaseFilterInput {
  @Field(() => CaseStatus, { nullable: true, description: 'OPEN or CLOSED.' })
  status?: CaseStatus;

  @Field(() => ID, { nullable: true, description: 'Cases of this service area.' })
  serviceAreaId?: string;

  @Field(() => ID, { nullable: true, description: 'Cases before this court (`courts` lists them).' })
  courtId?: string;

  @Field(() => ID, { nullable: true, description: 'Cases this practitioner (a member of staff) holds.' })
  practitionerId?: string;
}

@ArgsType()
export class CasesArgs extends PageArgs implements CaseListArgs {
  @Field(() => CaseFilter, { nullable: true, description: 'Which cases; all the caller may read when absent.' })
  filter?: CaseFilter;
}

@Resolver(() => Case)
export class CaseResolver {
  constructor(private readonly services: Pick<Services, 'cases'>) {}

  @Authorized(...ROLE_SETS.caseNumberReaders)
  @Query(() => Case, { name: 'case', nullable: true, description: 'One case by id or case number; null when unknown.' })
  findCase(
    @Ctx() ctx: AuthenticatedContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('id', () => ID, { nullable: true, description: 'The case’s id (give this or `caseNumber`).' }) id?: string,
    @Arg('caseNumber', () => String, { nullable: true, description: 'The court’s case number, e.g. `BM26P00001`.' })
    caseNumber?: string,
  ): Promise<Case | null> {
    return this.services.cases.findOne(ctx, { id, caseNumber }, selected(info, Case));
  }

  @Authorized(...ROLE_SETS.caseNumberReaders)
  @Query(() => CaseConnection, { description: 'Cases in case-number order.' })
  cases(
    @Ctx() ctx: AuthenticatedContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => CasesArgs) args: CasesArgs,
  ): Promise<Connection<Case>> {
    return this.services.cases.list(ctx, args, selected(info, Case, ['edges', 'node']));
  }
}
