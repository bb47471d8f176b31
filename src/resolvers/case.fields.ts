/** Relations of the case file: loaders only. */
import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import {
  Case,
  Child,
  Complaint,
  ContactLog,
  Court,
  CourtReport,
  Hearing,
  Party,
  ServiceArea,
  Staff,
} from '../entities';
import { ROLE_SETS } from '../auth/role-sets';
import type { Context } from '../services/context';
import { related } from '../read/loaders';

@Authorized(...ROLE_SETS.caseFileReaders)
@Resolver(() => Case)
export class CaseFields {
  @FieldResolver(() => Court)
  court(@Root() k: Case, @Ctx() ctx: Context) {
    return related(ctx, Case, 'court', k);
  }

  @FieldResolver(() => ServiceArea)
  serviceArea(@Root() k: Case, @Ctx() ctx: Context) {
    return related(ctx, Case, 'serviceArea', k);
  }

  @FieldResolver(() => Staff, { nullable: true, description: 'The allocated practitioner (family court adviser).' })
  practitioner(@Root() k: Case, @Ctx() ctx: Context) {
    return related(ctx, Case, 'practitioner', k);
  }

  @FieldResolver(() => [Hearing], { description: 'All hearings, earliest first.' })
  hearings(@Root() k: Case, @Ctx() ctx: Context) {
    return related(ctx, Case, 'hearings', k);
  }

  @FieldResolver(() => [CourtReport])
  courtReports(@Root() k: Case, @Ctx() ctx: Context) {
    return related(ctx, Case, 'courtReports', k);
  }

  @FieldResolver(() => [ContactLog])
  contactLogs(@Root() k: Case, @Ctx() ctx: Context) {
    return related(ctx, Case, 'contactLogs', k);
  }

  @FieldResolver(() => [Party])
  parties(@Root() k: Case, @Ctx() ctx: Context) {
    return related(ctx, Case, 'parties', k);
  }

  @FieldResolver(() => [Child])
  children(@Root() k: Case, @Ctx() ctx: Context) {
    return related(ctx, Case, 'children', k);
  }

  @Authorized(...ROLE_SETS.complaintReaders)
  @FieldResolver(() => [Complaint])
  complaints(@Root() k: Case, @Ctx() ctx: Context) {
    return related(ctx, Case, 'complaints', k);
  }
}

@Authorized(...ROLE_SETS.caseFileReaders)
@Resolver(() => Hearing)
export class HearingFields {
  @FieldResolver(() => Court)
  court(@Root() h: Hearing, @Ctx() ctx: Context) {
    return related(ctx, Hearing, 'court', h);
  }
}

@Authorized(...ROLE_SETS.caseFileReaders)
@Resolver(() => CourtReport)
export class CourtReportFields {
  @FieldResolver(() => Staff, { nullable: true })
  author(@Root() r: CourtReport, @Ctx() ctx: Context) {
    return related(ctx, CourtReport, 'author', r);
  }
}

@Authorized(...ROLE_SETS.caseFileReaders)
@Resolver(() => ContactLog)
export class ContactLogFields {
  @FieldResolver(() => Staff, { nullable: true })
  staff(@Root() l: ContactLog, @Ctx() ctx: Context) {
    return related(ctx, ContactLog, 'staff', l);
  }
}
