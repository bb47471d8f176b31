/**
 * Compliments (SPEC §1.9, procedure §6): recorded for a member of staff, whose line manager is told;
 * listed newest first.
 */
import type { ComplimentSource } from '../domain/enums';
import { Problems, present } from '../domain/problems';
import { LONG_TEXT, pastDate, requiredText } from '../domain/validation';
import { Compliment, Staff } from '../entities';
import type { Context } from './context';
import { dateArgument } from './list-filters';
import type { Selection } from '../read/look-ahead';
import type { AuditService } from './audit.service';
import type { ComplimentNotices } from './compliment-notices';
import { requireId } from './ids';
import { columnKeyset, cursorPart, keysetPage, type PageArgs } from '../read/keyset-page';
import { fetchWithRelations } from '../read/look-ahead';
import { SqlParams } from '../db/entity-sql';
import { isId } from '../domain/validation';
import type { TxContext } from './mutation';
import { referenced } from './referenced';

export interface ComplimentInput {
  staffId: string;
  source: ComplimentSource;
  receivedOn: string;
  summary: string;
}

export interface ComplimentListArgs extends PageArgs {
  staffId?: string | null;
  from?: string | null;
  to?: string | null;
}

const NEWEST_FIRST = columnKeyset<Compliment>('t', 'received_on', 'DESC', 'receivedOn', cursorPart.date);

export class ComplimentService {
  constructor(
    private readonly audit: AuditService,
    private readonly notices: ComplimentNotices,
  ) {}

  list(ctx: Context, args: ComplimentListArgs, selection: Selection) {
    const filter = (p: SqlParams) => {
      const where: string[] = [];
      if (args.staffId) where.push(`t.staff_id = ${p.p(requireId(args.staffId, 'staffId'))}`);
      for (const [name, op] of [
        ['from', '>='],
        ['to', '<='],
      ] as const) {
        const value = args[name];
        if (!value) continue;
        where.push(`t.received_on ${op} ${p.p(dateArgument(value, name))}`);
      }
      return where;
    };
    return keysetPage(ctx, { type: Compliment, keyset: NEWEST_FIRST, filter }, args, selection);
  }

  /** One compliment, within the caller's row scope; null when unknown (or not a valid id). */
  async findOne(ctx: Context, id: string, selection: Selection): Promise<Compliment | null> {
    if (!isId(id)) return null;
    const params = new SqlParams();
    const [found] = await fetchWithRelations(ctx, Compliment, 't', selection, {
      where: [`t.id = ${params.p(id)}`],
      params,
    });
    return found ?? null;
  }

  async record(t: TxContext, input: ComplimentInput): Promise<Compliment> {
    const problems = new Problems();
    const summary = requiredText(problems, 'input.summary', input.summary, LONG_TEXT);
    const receivedOn = pastDate(problems, 'input.receivedOn', input.receivedOn, t.today);
    const reference = { field: 'input.staffId', what: 'member of staff', missing: 'name the member of staff praised' };
    const found = await referenced(t.tx, Staff, input.staffId, reference, problems);
    problems.throwIfAny();
    const staff = present(found, 'input.staffId');
    const repository = t.tx.getRepository(Compliment);
    const compliment = await repository.save(
      repository.create({
        staffId: staff.id,
        serviceAreaId: staff.serviceAreaId,
        source: input.source,
        receivedOn: receivedOn!,
        summary,
      }),
    );
    await this.audit.record(t.tx, t.actor, {
      action: 'compliment.recorded',
      entityType: 'Compliment',
      entityId: compliment.id,
      change: { staffId: staff.id, source: input.source, receivedOn },
    });
    await this.notices.recorded(t, compliment, staff);
    return compliment;
  }
}
