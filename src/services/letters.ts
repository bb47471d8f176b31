/**
 * Letters (issue 16): every message to a complainant — whatever its template, those added later too —
 * is also a letter, a PDF made from the message's own subject and paragraphs (one source of content:
 * src/integrations/templates) under the service's letterhead. A POST letter is that PDF, to print; an
 * email carries it as an attachment. Either way it is kept as the complaint's Document.
 */
import { present } from '../domain/problems';
import { createHash } from 'node:crypto';
import { NotificationChannel, RecipientKind } from '../domain/enums';
import type { NotificationConfig } from '../config';
import type { ComplainantPayload, TemplatePayload } from '../domain/message-payload';
import { addressLines, PDF_CONTENT_TYPE, renderLetterPdf } from '../integrations/post/letter-pdf';
import type { Rendered } from '../integrations/templates/templates';

/** A letter as made for one notification: sent (attached or printed) and kept, byte for byte. */
export interface LetterFile {
  bytes: Buffer;
  sha256: string;
  filename: string;
  contentType: string;
}

/** What a letter is made from: the notification. */
export interface LetterSource {
  template: string;
  channel: NotificationChannel;
  recipientKind: RecipientKind;
  recipientAddress: string;
  complaintId: string | null;
  payload: TemplatePayload;
}

/** Which messages are letters: those to the complainant about their complaint. */
export function isLetter(n: Pick<LetterSource, 'recipientKind' | 'complaintId'>): boolean {
  return n.recipientKind === RecipientKind.COMPLAINANT && n.complaintId !== null;
}

/** The file name: the reference and the template (no name or address), safe in a header. */
export function letterFilename(reference: string, template: string): string {
  return `${reference}-${template}.pdf`.replace(/[^A-Za-z0-9._-]/g, '-');
}

/** The letter of a notification, dated `at` (London). */
export async function produceLetter(
  letterhead: NotificationConfig['letterhead'],
  n: LetterSource,
  rendered: Rendered,
  at: Date,
): Promise<LetterFile> {
  const name = (n.payload as Partial<ComplainantPayload>).complainantName;
  // A letter is about a complaint (isLetter): its payload carries the complaint's reference.
  const reference = present(n.payload.reference, "a letter's reference");
  const address =
    n.channel === NotificationChannel.POST ? addressLines(n.recipientAddress) : [`By email to ${n.recipientAddress}`];
  const bytes = await renderLetterPdf({
    letterhead,
    recipient: name ? [name, ...address] : address,
    reference,
    at,
    subject: rendered.subject,
    paragraphs: rendered.paragraphs,
    link: rendered.link,
  });
  return {
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    filename: letterFilename(reference, n.template),
    contentType: PDF_CONTENT_TYPE,
  };
}
