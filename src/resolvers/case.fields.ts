/** Relations of the case file: loaders only. */
import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Case, Child, Complaint, ContactLog, Court, CourtReport, Hearing, Party, ServiceArea, Staff } from '../entities';
import { ROLE_SETS } from '../graphql/auth-checker';
import type { Context } from '../graphql/context';

@Resolver(() => Case)
export class CaseFields {
  @FieldResolver(() => Court)
  async court(@Root() k: Case, @Ctx() ctx: Context): Promise<Court> {
    return (await ctx.loaders.court.load(k.courtId))!;
  }

  @FieldResolver(() => ServiceArea)
  async serviceArea(@Root() k: Case, @Ctx() ctx: Context): Promise<ServiceArea> {
    return (await ctx.loaders.serviceArea.load(k.serviceAreaId))!;
  }

  @FieldResolver(() => Staff, { nullable: true, description: 'The allocated practitioner (family court adviser).' })
  practitioner(@Root() k: Case, @Ctx() ctx: Context): Promise<Staff | null> | null {
    return k.practitionerId ? ctx.loaders.staff.load(k.practitionerId) : null;
  }

  @FieldResolver(() => [Hearing], { description: 'All hearings, earliest first.' })
  hearings(@Root() k: Case, @Ctx() ctx: Context): Promise<Hearing[]> {
    return ctx.loaders.hearingsByCase.load(k.id);
  }

  @FieldResolver(() => [CourtReport])
  courtReports(@Root() k: Case, @Ctx() ctx: Context): Promise<CourtReport[]> {
    return ctx.loaders.courtReportsByCase.load(k.id);
  }

  @FieldResolver(() => [ContactLog])
  contactLogs(@Root() k: Case, @Ctx() ctx: Context): Promise<ContactLog[]> {
    return ctx.loaders.contactLogsByCase.load(k.id);
  }

  @FieldResolver(() => [Party])
  parties(@Root() k: Case, @Ctx() ctx: Context): Promise<Party[]> {
    return ctx.loaders.partiesByCase.load(k.id);
  }

  @FieldResolver(() => [Child])
  children(@Root() k: Case, @Ctx() ctx: Context): Promise<Child[]> {
    return ctx.loaders.childrenByCase.load(k.id);
  }

  @Authorized(...ROLE_SETS.complaintReaders)
  @FieldResolver(() => [Complaint])
  complaints(@Root() k: Case, @Ctx() ctx: Context): Promise<Complaint[]> {
    return ctx.loaders.complaintsByCase.load(k.id);
  }
}

@Resolver(() => Hearing)
export class HearingFields {
  @FieldResolver(() => Court)
  async court(@Root() h: Hearing, @Ctx() ctx: Context): Promise<Court> {
    return (await ctx.loaders.court.load(h.courtId))!;
  }
}

@Resolver(() => CourtReport)
export class CourtReportFields {
  @FieldResolver(() => Staff, { nullable: true })
  author(@Root() r: CourtReport, @Ctx() ctx: Context): Promise<Staff | null> | null {
    return r.authorId ? ctx.loaders.staff.load(r.authorId) : null;
  }
}

@Resolver(() => ContactLog)
export class ContactLogFields {
  @FieldResolver(() => Staff, { nullable: true })
  staff(@Root() l: ContactLog, @Ctx() ctx: Context): Promise<Staff | null> | null {
    return l.staffId ? ctx.loaders.staff.load(l.staffId) : null;
  }
}
