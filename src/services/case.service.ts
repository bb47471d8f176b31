/** Reading the case file: one case by id or case number, and cases in case-number order. */
import { Case } from '../entities';
import type { CaseStatus } from '../domain/enums';
import { SqlParams } from '../db/entity-sql';
import type { Context } from './context';
import type { Connection } from '../read/paging';
import { InputError } from '../domain/input-error';
import { EVERY_COLUMN, fetchWithRelations, type Selection } from '../read/look-ahead';
import { isId } from '../domain/validation';
import { requireId } from './ids';
import { columnKeyset, keysetPage, type PageArgs } from '../read/keyset-page';

export interface CaseFilterInput {
  status?: CaseStatus | null;
  serviceAreaId?: string | null;
  courtId?: string | null;
  practitionerId?: string | null;
}

export interface CaseListArgs extends PageArgs {
  filter?: CaseFilterInput | null;
}

function conditions(filter: CaseFilterInput, p: SqlParams): string[] {
  const where: string[] = [];
  if (filter.status) where.push(`t.status = ${p.p(filter.status)}`);
  if (filter.serviceAreaId)
    where.push(`t.service_area_id = ${p.p(requireId(filter.serviceAreaId, 'filter.serviceAreaId'))}`);
  if (filter.courtId) where.push(`t.court_id = ${p.p(requireId(filter.courtId, 'filter.courtId'))}`);
  if (filter.practitionerId)
    where.push(`t.practitioner_id = ${p.p(requireId(filter.practitionerId, 'filter.practitionerId'))}`);
  return where;
}

const BY_CASE_NUMBER = columnKeyset<Case>('t', 'case_number', 'ASC', 'caseNumber');

export class CaseService {
  async findOne(
    ctx: Context,
    where: { id?: string | null; caseNumber?: string | null },
    selection: Selection = EVERY_COLUMN,
  ): Promise<Case | null> {
    if ((where.id ? 1 : 0) + (where.caseNumber ? 1 : 0) !== 1)
      throw new InputError('give exactly one of id and caseNumber', where.id ? 'caseNumber' : 'id');
    if (where.id && !isId(where.id)) return null;
    const params = new SqlParams();
    const condition = where.id ? `k.id = ${params.p(where.id)}` : `k.case_number = ${params.p(where.caseNumber)}`;
    const [found] = await fetchWithRelations(ctx, Case, 'k', selection, { where: [condition], params });
    return found ?? null;
  }

  list(ctx: Context, args: CaseListArgs, selection: Selection = EVERY_COLUMN): Promise<Connection<Case>> {
    const filter = (p: SqlParams) => conditions(args.filter ?? {}, p);
    return keysetPage(ctx, { type: Case, keyset: BY_CASE_NUMBER, filter }, args, selection);
  }
}
