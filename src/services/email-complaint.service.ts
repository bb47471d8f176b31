/**
 * A stored email becomes a complaint's (issue 16), in a job after it was accepted: a reply that names
 * a known reference is attached to that complaint as correspondence; any other message becomes a
 * draft complaint (RECEIVED, channel EMAIL, `draft`), matched to a known complainant by address when
 * exactly one has it. Attachments become evidence (source EMAIL, with name, type, size and SHA-256).
 * No acknowledgement is sent: the CST completes intake first (src/services/draft-intake.service.ts).
 *
 * Idempotent: the message row is locked and only a RECEIVED one is processed, so a job run twice (a
 * worker that died after committing) finds it DRAFTED or ATTACHED and does nothing.
 */
import { londonDate } from '../domain/calendar-date';
import { canTake } from '../domain/complaint-status';
import { deadlineState } from '../domain/deadlines';
import { Channel, ComplainantKind, ComplaintStatus, ContactMethod, InboundMessageStatus } from '../domain/enums';
import { draftSummary, evidenceKindOf, namesOf, receiptInstant, referencesIn } from '../domain/inbound-mail';
import { Complainant, Complaint, Evidence, InboundAttachment, InboundMessage } from '../entities';
import type { AuditService } from './audit.service';
import type { ComplaintStore } from './complaint-store';
import type { DeadlineService } from './deadline.service';
import type { InboundMailJob } from './inbound-mail.service';
import type { IntakeService } from './intake.service';
import type { WriteContext } from './mutation';
import { FileRefused, type EvidenceFileService } from './evidence-file.service';

/** Where an email's attachments are kept as evidence files (src/integrations/files/file-store.ts). */
const POSTGRES_STORE = 'postgres';

/** Evidence that came by email says so. */
export const EMAIL_SOURCE = 'EMAIL';

/** An attachment's metadata (its bytes stay where they are). */
type AttachmentInfo = Omit<InboundAttachment, 'content'>;

export class EmailComplaintService {
  constructor(
    private readonly store: ComplaintStore,
    private readonly deadlines: DeadlineService,
    private readonly intake: IntakeService,
    private readonly audit: AuditService,
    private readonly files: EvidenceFileService,
  ) {}

  /** Processes one stored message (the `inbound-mail` job); a message already processed is left alone. */
  async process(t: WriteContext, job: InboundMailJob): Promise<void> {
    const message = await t.tx
      .getRepository(InboundMessage)
      .findOne({ where: { id: job.inboundMessageId }, lock: { mode: 'pessimistic_write' } });
    if (!message || message.status !== InboundMessageStatus.RECEIVED) return;
    const attachments: AttachmentInfo[] = await t.tx.getRepository(InboundAttachment).find({
      // Not the bytes.
      select: {
        id: true,
        inboundMessageId: true,
        position: true,
        fileName: true,
        contentType: true,
        sizeBytes: true,
        sha256: true,
        evidenceId: true,
      },
      where: { inboundMessageId: message.id },
      order: { position: 'ASC' },
    });
    const named = await this.complaintNamed(t, message);
    if (named) await this.attach(t, message, named, attachments);
    else await this.draft(t, message, attachments);
  }

  /** The first complaint the message's subject or body names that still holds its data (not anonymised). */
  private async complaintNamed(t: WriteContext, message: InboundMessage): Promise<Complaint | null> {
    const references = referencesIn(message.subject ?? '', message.text ?? '');
    if (references.length === 0) return null;
    const found: { id: string; reference: string }[] = await t.tx.query(
      'SELECT id, reference FROM complaints WHERE reference = ANY($1::text[]) AND anonymised_at IS NULL',
      [references],
    );
    const first = references.map((r) => found.find((f) => f.reference === r)).find(Boolean);
    return first ? this.store.lock(t, first.id, null) : null;
  }

  /** A reply: the message is the complaint's correspondence, its attachments evidence while it takes any. */
  private async attach(
    t: WriteContext,
    message: InboundMessage,
    complaint: Complaint,
    attachments: AttachmentInfo[],
  ): Promise<void> {
    const takesEvidence = canTake('addEvidence', complaint.status);
    const evidence = takesEvidence ? await this.evidence(t, complaint, message, attachments) : [];
    await this.settle(
      t,
      message,
      InboundMessageStatus.ATTACHED,
      complaint.id,
      takesEvidence || attachments.length === 0
        ? null
        : `attachments kept with the message: a ${complaint.status} complaint takes no more evidence`,
    );
    await this.store.update(t, complaint, {}, 'complaint.correspondence-received', {
      edit: false,
      entity: { type: 'InboundMessage', id: message.id },
      detail: {
        inboundMessageId: message.id,
        from: message.fromAddress,
        subject: message.subject,
        sentAt: message.sentAt,
        evidenceIds: evidence.map((e) => e.id),
      },
    });
  }

  /** A new complaint: a draft, received when the message says it was written (London time). */
  private async draft(t: WriteContext, message: InboundMessage, attachments: AttachmentInfo[]): Promise<void> {
    const complainant = await this.complainantOf(t, message);
    const receivedAt = receiptInstant(message.sentAt, message.receivedAt);
    const receivedOn = londonDate(receivedAt);
    const draft = t.tx.getRepository(Complaint).create({
      reference: await this.intake.nextReference(t, Number(receivedOn.slice(0, 4))),
      status: ComplaintStatus.RECEIVED,
      channel: Channel.EMAIL,
      summary: draftSummary(
        message.subject ?? '',
        message.text ?? '',
        attachments.map((a) => a.fileName ?? a.contentType),
      ),
      complainantId: complainant.id,
      caseId: null,
      serviceAreaId: null,
      subjectStaffId: null,
      assigneeId: null,
      ownerId: null,
      repeatsComplaintId: null,
      receivedAt,
      // It reached the CST's own mailbox: the hand-off is done when it arrives.
      cstReceivedAt: message.receivedAt,
      procedureStartOn: receivedOn,
      responseDueOn: null,
      dueReason: null,
      childContactedOn: null,
      acknowledgedAt: null,
      version: 1,
      draft: true,
    });
    const deadlines = await this.deadlines.atIntake(t.tx, deadlineState(draft, complainant.kind), null);
    Object.assign(draft, deadlines, { originalResponseDueOn: deadlines.responseDueOn });
    const complaint = await this.store.create(t, draft, complainant.kind, []);
    await this.evidence(t, complaint, message, attachments);
    await this.settle(t, message, InboundMessageStatus.DRAFTED, complaint.id, null);
  }

  /**
   * The one complainant whose address the sender's is (any case); when none or several have it, a new
   * complainant of UNKNOWN kind with the sender's name and address, for the CST to complete.
   */
  private async complainantOf(t: WriteContext, message: InboundMessage): Promise<Complainant> {
    const address = message.fromAddress!;
    const repository = t.tx.getRepository(Complainant);
    // Two emails from a new address processed at once (two workers) make one complainant, not two.
    await t.tx.query(`SELECT pg_advisory_xact_lock(hashtext('inbound-sender:' || lower($1)))`, [address]);
    const known: { id: string }[] = await t.tx.query(
      'SELECT id FROM complainants WHERE lower(email) = lower($1) ORDER BY created_at LIMIT 2',
      [address],
    );
    if (known.length === 1) return repository.findOneByOrFail({ id: known[0].id });
    return repository.save(
      repository.create({
        kind: ComplainantKind.UNKNOWN,
        ...namesOf(message.fromName, address),
        email: address,
        preferredContact: ContactMethod.EMAIL,
      }),
    );
  }

  /** Each attachment as an evidence item of the complaint, audited as `addEvidence` is. */
  private async evidence(
    t: WriteContext,
    complaint: Complaint,
    message: InboundMessage,
    attachments: AttachmentInfo[],
  ): Promise<Evidence[]> {
    if (attachments.length === 0) return [];
    const repository = t.tx.getRepository(Evidence);
    const items = await repository.save(
      attachments.map((a) =>
        repository.create({
          complaintId: complaint.id,
          kind: evidenceKindOf(a.contentType),
          description: a.fileName ?? `an attachment without a name (${a.contentType})`,
          source: EMAIL_SOURCE,
          receivedAt: message.receivedAt,
          rejected: false,
          rejectionReason: null,
          fileName: a.fileName,
          contentType: a.contentType,
          sizeBytes: a.sizeBytes,
          sha256: a.sha256,
        }),
      ),
    );
    for (const [i, a] of attachments.entries())
      await t.tx.getRepository(InboundAttachment).update(a.id, { evidenceId: items[i].id });
    await this.audit.recordMany(
      t.tx,
      t.actor,
      items.map((e) => ({
        action: 'evidence.added',
        entityType: 'Evidence',
        entityId: e.id,
        complaintId: complaint.id,
        caseId: complaint.caseId,
        change: {
          kind: e.kind,
          source: EMAIL_SOURCE,
          fileName: e.fileName,
          contentType: e.contentType,
          sizeBytes: e.sizeBytes,
          sha256: e.sha256,
          inboundMessageId: message.id,
        },
      })),
      t.now(),
    );
    for (const [i, a] of attachments.entries()) await this.keepFile(t, items[i], a);
    return items;
  }

  /**
   * The attachment's bytes as a file of its evidence item, downloadable as an uploaded one is
   * (`Evidence.files`). Kept in PostgreSQL, inside this transaction (an object store is written before
   * one, which a job's transaction cannot wait for). A type no evidence file may have (checked by
   * content, as uploads are) stays with the message only, and the audit says why.
   */
  private async keepFile(t: WriteContext, evidence: Evidence, a: AttachmentInfo): Promise<void> {
    const [{ content }] = await t.tx.query('SELECT content FROM inbound_attachments WHERE id = $1', [a.id]);
    if (!content) return;
    try {
      const file = await this.files.prepare({ filename: a.fileName, declaredType: a.contentType, bytes: content });
      await this.files.attach(t, evidence.id, { ...file, storage: POSTGRES_STORE });
    } catch (error) {
      if (!(error instanceof FileRefused)) throw error;
      await this.audit.record(t.tx, t.actor, {
        action: 'evidence.file-not-kept',
        entityType: 'Evidence',
        entityId: evidence.id,
        complaintId: evidence.complaintId,
        change: { reason: error.reason, message: error.message },
      });
    }
  }

  private async settle(
    t: WriteContext,
    message: InboundMessage,
    status: InboundMessageStatus,
    complaintId: string,
    reason: string | null,
  ): Promise<void> {
    await t.tx.getRepository(InboundMessage).update(message.id, { status, complaintId, reason, processedAt: t.now() });
  }
}
