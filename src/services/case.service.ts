/** Reading the case file: one case by id or case number, and cases in case-number order. */
import { Case } from '../entities';
import type { CaseStatus } from '../domain/enums';
import { SqlParams } from '../db/entity-sql';
import type { Context } from '../graphql/context';
import { decodeCursor, pageSize, toConnection, type Connection } from '../graphql/connection';
import { InputError } from '../graphql/errors';
import { countRows, fetchWithRelations, type RelationTree } from '../graphql/look-ahead';
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

function conditions(filter: CaseFilterInput, p: SqlParams): string[] {
  const where: string[] = [];
  if (filter.status) where.push(`k.status = ${p.p(filter.status)}`);
  if (filter.serviceAreaId) where.push(`k.service_area_id = ${p.p(requireUuid(filter.serviceAreaId, 'filter.serviceAreaId'))}`);
  if (filter.courtId) where.push(`k.court_id = ${p.p(requireUuid(filter.courtId, 'filter.courtId'))}`);
  if (filter.practitionerId) where.push(`k.practitioner_id = ${p.p(requireUuid(filter.practitionerId, 'filter.practitionerId'))}`);
  return where;
}

export class CaseService {
  async findOne(ctx: Context, where: { id?: string | null; caseNumber?: string | null }, relations: RelationTree = {}): Promise<Case | null> {
    if ((where.id ? 1 : 0) + (where.caseNumber ? 1 : 0) !== 1) throw new InputError('give exactly one of id and caseNumber', where.id ? 'caseNumber' : 'id');
    if (where.id && !isUuid(where.id)) return null;
    const params = new SqlParams();
    const condition = where.id ? `k.id = ${params.p(where.id)}` : `k.case_number = ${params.p(where.caseNumber)}`;
    const [found] = await fetchWithRelations(ctx, Case, 'k', relations, { where: [condition], params });
    if (found) ctx.loaders.case.prime(found.id, found);
    return found ?? null;
  }

  async list(ctx: Context, args: CaseListArgs, relations: RelationTree = {}): Promise<Connection<Case>> {
    const limit = pageSize(args.first, ctx.config.maxPageSize);
    const filterParams = new SqlParams();
    const filtered = conditions(args.filter ?? {}, filterParams);
    const pageParams = filterParams.clone();
    const where = [...filtered];
    if (args.after) {
      const [caseNumber] = decodeCursor(args.after, 1);
      if (typeof caseNumber !== 'string') throw new InputError('after is not a cursor from this list', 'after');
      where.push(`k.case_number > ${pageParams.p(caseNumber)}`);
    }
    const rows =
      limit === 0 ? [] : await fetchWithRelations(ctx, Case, 'k', relations, { where, params: pageParams, orderBy: 'k.case_number ASC', limit: limit + 1 });
    for (const row of rows) ctx.loaders.case.prime(row.id, row);
    return toConnection(rows, limit, Boolean(args.after), (k) => [k.caseNumber], () => countRows(ctx, Case, 'k', { where: filtered, params: filterParams }));
  }
}
