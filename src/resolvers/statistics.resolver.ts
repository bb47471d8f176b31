import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import { ROLE_SETS } from '../auth/role-sets';
import type { AuthenticatedContext } from '../services/context';
import { LocalDate } from '../graphql/scalars';
import { ComplaintStatistics } from '../graphql/statistics.types';
import { MAX_PERIOD_YEARS } from '../domain/statistics';
import type { ComplaintStatisticsResult } from '../services/statistics.service';
import type { Services } from '../services/services';

@Resolver()
export class StatisticsResolver {
  constructor(private readonly services: Pick<Services, 'statistics'>) {}

  @Authorized(...ROLE_SETS.statistics)
  @Query(() => ComplaintStatistics, {
    description:
      'Figures of the complaints procedure for a period (e.g. a quarter) and optionally one service area; ' +
      `at most ${MAX_PERIOD_YEARS} years.`,
  })
  complaintStatistics(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('from', () => LocalDate, { description: 'First day of the period (Europe/London).' }) from: string,
    @Arg('to', () => LocalDate, { description: 'Last day of the period, included.' }) to: string,
    @Arg('serviceAreaId', () => ID, { nullable: true, description: 'One service area; the whole service when absent.' })
    serviceAreaId?: string | null,
  ): Promise<ComplaintStatisticsResult> {
    return this.services.statistics.forCaller(ctx, { from, to, serviceAreaId });
  }
}
