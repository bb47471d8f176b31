/**
 * Conduct referrals (SPEC §1.5) after they are made: listed for those who act on them, and their
 * outcome recorded by a line manager of the member of staff, a senior manager or the HR system.
 * Formal action recorded by a manager sends the referral to the HR system.
 */
import { ReferralOutcome, Role } from '../domain/enums';
import { Problems } from '../domain/problems';
import { LONG_TEXT, optionalText } from '../domain/validation';
import type { SqlParams } from '../db/entity-sql';
import { Complaint, Referral } from '../entities';
import type { Context } from './context';
import type { Selection } from '../read/look-ahead';
import type { AuditService } from './audit.service';
import { requireId } from './ids';
import { columnKeyset, cursorPart, keysetPage, type PageArgs } from '../read/keyset-page';
import type { TxContext } from './mutation';
import type { ReferralNotices } from './referral-notices';
import { mustLock } from './row-lock';

export interface ReferralListArgs extends PageArgs {
  staffId?: string | null;
  open?: boolean | null;
}

export interface ReferralOutcomeInput {
  referralId: string;
  outcome: ReferralOutcome;
  note?: string | null;
}

const NEWEST_FIRST = columnKeyset<Referral>('t', 'created_at', 'DESC', 'createdAt', cursorPart.timestamp);

export class ReferralService {
  constructor(
    private readonly audit: AuditService,
    private readonly notices: ReferralNotices,
  ) {}

  list(ctx: Context, args: ReferralListArgs, selection: Selection) {
    const filter = (p: SqlParams) => {
      const where: string[] = [];
      if (args.staffId) where.push(`t.staff_id = ${p.p(requireId(args.staffId, 'staffId'))}`);
      if (args.open === true) where.push('t.outcome IS NULL');
      if (args.open === false) where.push('t.outcome IS NOT NULL');
      return where;
    };
    return keysetPage(ctx, { type: Referral, keyset: NEWEST_FIRST, filter }, args, selection);
  }

  /** A referral's outcome (§1.5): by a line manager of the member of staff, a senior manager or the HR system. */
  async recordOutcome(
    t: TxContext,
    input: ReferralOutcomeInput,
  ): Promise<{ referral: Referral; complaint: Complaint }> {
    // Outside the caller's row scope (a line manager's reporting line, the referrals sent to HR) is unknown.
    const referral = await mustLock(t, Referral, input.referralId, { field: 'input.referralId', what: 'referral' });
    const problems = new Problems();
    const note = optionalText(problems, 'input.note', input.note, LONG_TEXT);
    problems.throwIfAny();
    const before = { outcome: referral.outcome, outcomeNote: referral.outcomeNote, sentToHr: referral.sentToHr };
    if (before.outcome === input.outcome && before.outcomeNote === note) {
      return { referral, complaint: await t.tx.getRepository(Complaint).findOneByOrFail({ id: referral.complaintId }) };
    }
    // Formal action goes to the HR system (SPEC §1.5, §4), whichever level the referral was made at.
    const formalAction = input.outcome === ReferralOutcome.FORMAL_ACTION && before.outcome !== input.outcome;
    const changes = {
      outcome: input.outcome,
      outcomeNote: note,
      outcomeRecordedAt: t.now(),
      sentToHr: referral.sentToHr || formalAction,
    };
    Object.assign(referral, changes);
    await t.tx.getRepository(Referral).update(referral.id, changes);
    const complaint = await t.tx.getRepository(Complaint).findOneByOrFail({ id: referral.complaintId });
    await this.audit.record(t.tx, t.actor, {
      action: 'referral.outcome-recorded',
      entityType: 'Referral',
      entityId: referral.id,
      complaintId: complaint.id,
      change: {
        outcome: { from: before.outcome, to: referral.outcome },
        note: { from: before.outcomeNote, to: note },
        ...(before.sentToHr !== referral.sentToHr
          ? { sentToHr: { from: before.sentToHr, to: referral.sentToHr } }
          : {}),
      },
    });
    await this.notices.referralOutcome(t, complaint, referral, t.identity.staffId);
    // HR is not told of what it recorded itself.
    if (formalAction && t.identity.role !== Role.HR_SYSTEM) await this.notices.formalAction(t, complaint, referral);
    return { referral, complaint };
  }
}
