/**
 * Legal holds (SPEC §1.12): a CST manager keeps a complaint from anonymisation after the retention
 * period, or lifts the hold.
 */
import { Problems } from '../domain/problems';
import { requiredText } from '../domain/validation';
import type { ComplaintChange } from './mutation';
import { ComplaintStore } from './complaint-store';
import type { TxContext } from './mutation';

export interface LegalHoldInput {
  complaintId: string;
  expectedVersion?: number | null;
  legalHold: boolean;
  reason: string;
}

export class LegalHoldService {
  constructor(private readonly store: ComplaintStore) {}

  async set(t: TxContext, input: LegalHoldInput): Promise<ComplaintChange> {
    // An anonymised complaint is refused by the lock (CONFLICT): there is nothing left to hold.
    const complaint = await this.store.lock(t, input.complaintId, input.expectedVersion);
    const problems = new Problems();
    const reason = requiredText(problems, 'input.reason', input.reason);
    problems.throwIfAny();
    // Placing a hold that is already there (or lifting one that is not) changes nothing and audits nothing.
    if (complaint.legalHold === input.legalHold) return { complaint };
    const action = input.legalHold ? 'complaint.legal-hold-placed' : 'complaint.legal-hold-lifted';
    return {
      complaint: await this.store.update(t, complaint, { legalHold: input.legalHold }, action, { detail: { reason } }),
    };
  }
}
