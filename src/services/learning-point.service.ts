/** Learning and action points (FOI 2015 learning log): logged with an owner and a due date, closed with evidence. */
import type { LearningPointKind } from '../domain/enums';
import { Problems, UserErrorCode } from '../domain/problems';
import { LONG_TEXT, pastDate, requiredDate, requiredText } from '../domain/validation';
import type { SqlParams } from '../db/entity-sql';
import { Complaint, LearningPoint, Staff } from '../entities';
import type { Context } from './context';
import type { Selection } from '../read/look-ahead';
import type { AuditService } from './audit.service';
import { requireId } from './ids';
import { columnKeyset, cursorPart, keysetPage, type PageArgs } from '../read/keyset-page';
import type { TxContext } from './mutation';
import { mustFind } from './referenced';
import { mustFindInScope } from './row-lock';

export interface LearningPointInput {
  complaintId?: string | null;
  kind: LearningPointKind;
  description: string;
  ownerId: string;
  dueOn: string;
}

export interface CloseLearningPointInput {
  learningPointId: string;
  closingEvidence: string;
  closedOn?: string | null;
}

export interface LearningPointListArgs extends PageArgs {
  open?: boolean | null;
  ownerId?: string | null;
}

const SOONEST_DUE = columnKeyset<LearningPoint>('t', 'due_on', 'ASC', 'dueOn', cursorPart.date);

export class LearningPointService {
  constructor(private readonly audit: AuditService) {}

  list(ctx: Context, args: LearningPointListArgs, selection: Selection) {
    const filter = (p: SqlParams) => {
      const where: string[] = [];
      if (args.open === true) where.push('t.closed_on IS NULL');
      if (args.open === false) where.push('t.closed_on IS NOT NULL');
      if (args.ownerId) where.push(`t.owner_id = ${p.p(requireId(args.ownerId, 'ownerId'))}`);
      return where;
    };
    return keysetPage(ctx, { type: LearningPoint, keyset: SOONEST_DUE, filter }, args, selection);
  }

  async log(t: TxContext, input: LearningPointInput): Promise<LearningPoint> {
    const problems = new Problems();
    const description = requiredText(problems, 'input.description', input.description, LONG_TEXT);
    const dueOn = requiredDate(problems, 'input.dueOn', input.dueOn);
    problems.throwIfAny();
    const owner = await mustFind(t.tx, Staff, input.ownerId, { field: 'input.ownerId', what: 'member of staff' });
    const complaint = input.complaintId
      ? await mustFindInScope(t, Complaint, input.complaintId, { field: 'input.complaintId', what: 'complaint' })
      : null;
    const repository = t.tx.getRepository(LearningPoint);
    const point = await repository.save(
      repository.create({
        complaintId: complaint?.id ?? null,
        kind: input.kind,
        description,
        ownerId: owner.id,
        dueOn: dueOn!,
      }),
    );
    await this.audit.record(t.tx, t.actor, {
      action: 'learning-point.logged',
      entityType: 'LearningPoint',
      entityId: point.id,
      complaintId: complaint?.id ?? null,
      change: { kind: input.kind, ownerId: owner.id, dueOn },
    });
    return point;
  }

  async close(t: TxContext, input: CloseLearningPointInput): Promise<LearningPoint> {
    const field = 'input.learningPointId';
    const point = await mustFind(t.tx, LearningPoint, input.learningPointId, { field, what: 'learning point' });
    const problems = new Problems();
    if (point.closedOn) problems.add(UserErrorCode.CONFLICT, field, `the point was closed on ${point.closedOn}`);
    const closingEvidence = requiredText(problems, 'input.closingEvidence', input.closingEvidence, LONG_TEXT);
    const closedOn = pastDate(problems, 'input.closedOn', input.closedOn ?? t.today, t.today);
    problems.throwIfAny();
    Object.assign(point, { closingEvidence, closedOn });
    await t.tx.getRepository(LearningPoint).update(point.id, { closingEvidence, closedOn: closedOn! });
    await this.audit.record(t.tx, t.actor, {
      action: 'learning-point.closed',
      entityType: 'LearningPoint',
      entityId: point.id,
      complaintId: point.complaintId,
      change: { closedOn },
    });
    return point;
  }
}
