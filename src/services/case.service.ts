/** Reading the case file: one case by id or case number, and cases in case-number order. */
import { Case } from '../entities';
import type { CaseStatus } from '../domain/enums';
import type { Context } from '../graphql/context';
import { decodeCursor, pageSize, toConnection, type Connection } from '../graphql/connection';
import { InputError } from '../graphql/errors';
import { isUuid, requireUuid } from './ids';

export interface CaseFilterInput {
  status?: CaseStatus | null;
  serviceAreaId?: string | null;
  courtId?: string | null;
  practitionerId?: string | null;
}

export interface CaseListArgs {
  filter?: CaseFilterInput | null;
  first?: number | null;
  after?: string | null;
}

export class CaseService {
  async findOne(ctx: Context, where: { id?: string | null; caseNumber?: string | null }): Promise<Case | null> {
    if ((where.id ? 1 : 0) + (where.caseNumber ? 1 : 0) !== 1) throw new InputError('give exactly one of id and caseNumber', where.id ? 'caseNumber' : 'id');
    if (where.id) return isUuid(where.id) ? ctx.loaders.case.load(where.id) : null;
    return ctx.em.getRepository(Case).findOne({ where: { caseNumber: where.caseNumber! } });
  }

  async list(ctx: Context, args: CaseListArgs): Promise<Connection<Case>> {
    const limit = pageSize(args.first, ctx.config.maxPageSize);
    const filter = args.filter ?? {};
    const filtered = ctx.em.getRepository(Case).createQueryBuilder('k');
    if (filter.status) filtered.andWhere('k.status = :status', { status: filter.status });
    if (filter.serviceAreaId) filtered.andWhere('k.service_area_id = :sa', { sa: requireUuid(filter.serviceAreaId, 'filter.serviceAreaId') });
    if (filter.courtId) filtered.andWhere('k.court_id = :court', { court: requireUuid(filter.courtId, 'filter.courtId') });
    if (filter.practitionerId) {
      filtered.andWhere('k.practitioner_id = :practitioner', { practitioner: requireUuid(filter.practitionerId, 'filter.practitionerId') });
    }
    const page = filtered.clone();
    if (args.after) {
      const [caseNumber] = decodeCursor(args.after, 1);
      if (typeof caseNumber !== 'string') throw new InputError('after is not a cursor from this list', 'after');
      page.andWhere('k.case_number > :afterNumber', { afterNumber: caseNumber });
    }
    const rows = limit === 0 ? [] : await page.orderBy('k.caseNumber', 'ASC').limit(limit + 1).getMany();
    for (const row of rows) ctx.loaders.case.prime(row.id, row);
    return toConnection(rows, limit, Boolean(args.after), (k) => [k.caseNumber], () => filtered.getCount());
  }
}
