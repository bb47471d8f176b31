/**
 * Internal notes on a complaint (issue 15): what the CST and managers record for each other. Staff
 * only (never partners, never in a message); each note audited with its author.
 */
import { present, Problems } from '../domain/problems';
import { LONG_TEXT, requiredText } from '../domain/validation';
import { ComplaintNote } from '../entities';
import type { ComplaintStore } from './complaint-store';
import type { ComplaintChange, TxContext } from './mutation';

export interface AddNoteInput {
  complaintId: string;
  expectedVersion?: number | null;
  text: string;
}

export class ComplaintNoteService {
  constructor(private readonly store: ComplaintStore) {}

  async add(t: TxContext, input: AddNoteInput): Promise<ComplaintChange & { note: ComplaintNote }> {
    const complaint = await this.store.lock(t, input.complaintId, input.expectedVersion);
    const problems = new Problems();
    const text = requiredText(problems, 'input.text', input.text, LONG_TEXT);
    problems.throwIfAny();
    // Only staff reach here (the mutation's role check): the actor is a member of staff.
    const authorId = present(t.actor.id, 'the author of a note');
    const notes = t.tx.getRepository(ComplaintNote);
    const note = await notes.save(notes.create({ complaintId: complaint.id, authorId, text }));
    const updated = await this.store.update(t, complaint, {}, 'complaint.note-added', {
      detail: { noteId: note.id, text },
    });
    return { complaint: updated, note };
  }
}
