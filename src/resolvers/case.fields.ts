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
  @FieldResolver(() => Court, {
    description:
      'The court hearing the proceedings; messages to "the court" go to the ' +
      'court of the next listed hearing, else to this one (SPEC §4).',
  })
  court(@Root() k: Case, @Ctx() ctx: Context) {
    return related(ctx, Case, 'court', k);
  }

  @FieldResolver(() => ServiceArea, {
    description:
      "The service area working the case; its senior manager owns the children's complaints on it (SPEC §1.8).",
  })
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

  @FieldResolver(() => [CourtReport], { description: 'Reports filed with the court, in the order filed.' })
  courtReports(@Root() k: Case, @Ctx() ctx: Context) {
    return related(ctx, Case, 'courtReports', k);
  }

  @FieldResolver(() => [ContactLog], { description: 'Contacts with the people of the case, oldest first.' })
  contactLogs(@Root() k: Case, @Ctx() ctx: Context) {
    return related(ctx, Case, 'contactLogs', k);
  }

  @FieldResolver(() => [Party], { description: 'The adult parties to the proceedings, by last name.' })
  parties(@Root() k: Case, @Ctx() ctx: Context) {
    return related(ctx, Case, 'parties', k);
  }

  @FieldResolver(() => [Child], { description: 'The children who are the subject of the proceedings, oldest first.' })
  children(@Root() k: Case, @Ctx() ctx: Context) {
    return related(ctx, Case, 'children', k);
  }

  @Authorized(...ROLE_SETS.complaintReaders)
  @FieldResolver(() => [Complaint], { description: 'The complaints about the case, in the order received.' })
  complaints(@Root() k: Case, @Ctx() ctx: Context) {
    return related(ctx, Case, 'complaints', k);
  }
}

@Authorized(...ROLE_SETS.caseFileReaders)
@Resolver(() => Hearing)
export class HearingFields {
  @FieldResolver(() => Court, {
    description: "The court sitting: the case's court unless the case system named another.",
  })
  court(@Root() h: Hearing, @Ctx() ctx: Context) {
    return related(ctx, Hearing, 'court', h);
  }
}

@Authorized(...ROLE_SETS.caseFileReaders)
@Resolver(() => CourtReport)
export class CourtReportFields {
  @FieldResolver(() => Staff, {
    nullable: true,
    description: 'The member of staff who wrote the report; null when the case system named none.',
  })
  author(@Root() r: CourtReport, @Ctx() ctx: Context) {
    return related(ctx, CourtReport, 'author', r);
  }
}

@Authorized(...ROLE_SETS.caseFileReaders)
@Resolver(() => ContactLog)
export class ContactLogFields {
  @FieldResolver(() => Staff, {
    nullable: true,
    description: 'The member of staff who made the contact; null when the case system named none.',
  })
  staff(@Root() l: ContactLog, @Ctx() ctx: Context) {
    return related(ctx, ContactLog, 'staff', l);
  }
}
