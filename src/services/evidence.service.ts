/**
 * Evidence a complainant sends (SPEC §1.2, procedure §3.3): added to the complaint, or recorded as
 * not accepted with the reason.
 */
import { transition } from '../domain/complaint-status';
import type { EvidenceKind } from '../domain/enums';
import { Problems, UserErrorCode } from '../domain/problems';
import { LONG_TEXT, SHORT_TEXT, optionalText, pastInstant, requiredText } from '../domain/validation';
import { Complaint, Evidence } from '../entities';
import type { ComplaintStore } from './complaint-store';
import type { TxContext } from './mutation';

export interface AddEvidenceInput {
  complaintId: string;
  expectedVersion?: number | null;
  kind: EvidenceKind;
  description: string;
  source: string;
  receivedAt?: Date | null;
  rejected?: boolean | null;
  rejectionReason?: string | null;
}

export class EvidenceService {
  constructor(private readonly store: ComplaintStore) {}

  async add(t: TxContext, input: AddEvidenceInput): Promise<{ complaint: Complaint; evidence: Evidence }> {
    const complaint = await this.store.lock(t, input.complaintId, input.expectedVersion);
    transition('addEvidence', complaint.status);
    const problems = new Problems();
    const description = requiredText(problems, 'input.description', input.description, LONG_TEXT);
    const source = requiredText(problems, 'input.source', input.source, SHORT_TEXT);
    const receivedAt = pastInstant(problems, 'input.receivedAt', input.receivedAt ?? t.now(), t.now());
    const rejectionReason = optionalText(problems, 'input.rejectionReason', input.rejectionReason, LONG_TEXT);
    if (input.rejected && !rejectionReason) {
      problems.add(
        UserErrorCode.INVALID,
        'input.rejectionReason',
        'evidence that is not accepted needs the reason (obtained covertly, or disproportionate to consider: §3.3)',
      );
    }
    if (!input.rejected && rejectionReason)
      problems.add(UserErrorCode.INVALID, 'input.rejectionReason', 'only rejected evidence has a rejection reason');
    problems.throwIfAny();
    const evidence = await t.tx.getRepository(Evidence).save(
      t.tx.getRepository(Evidence).create({
        complaintId: complaint.id,
        kind: input.kind,
        description,
        source,
        receivedAt: receivedAt!,
        rejected: Boolean(input.rejected),
        rejectionReason,
      }),
    );
    const updated = await this.store.update(t, complaint, {}, input.rejected ? 'evidence.rejected' : 'evidence.added', {
      entity: { type: 'Evidence', id: evidence.id },
      detail: { kind: evidence.kind, source, rejected: evidence.rejected, rejectionReason },
    });
    return { complaint: updated, evidence };
  }
}
