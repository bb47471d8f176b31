/**
 * Complaints by email (issue 16): the rules the inbound mailbox applies to a message, pure. What is
 * refused at SMTP time (the sender's server bounces it to its sender), what is accepted but kept
 * aside with a reason (quarantined), when the message was received, which complaint a reply is about,
 * and what a draft complaint and its evidence are made of.
 */
import { REFERENCE_PATTERN } from './reference';
import { EvidenceKind } from './enums';
import { LONG_TEXT, SHORT_TEXT } from './validation';

/** An SMTP refusal: the code and the text the sending server passes back to its sender. */
export interface Refusal {
  code: number;
  message: string;
}

/** What the mailbox checks before it answers the message's data. */
export interface MessageShape {
  attachments: number;
  /** The text of the body (plain, or from the HTML part), trimmed. */
  text: string;
}

/**
 * Refused with a reason before anything is stored (the sender's server tells its sender): too many
 * attachments, or nothing in the body. Too large a message is refused by the listener itself (552,
 * announced with SIZE).
 */
export function refusal(shape: MessageShape, maxAttachments: number): Refusal | null {
  if (shape.attachments > maxAttachments)
    return {
      code: 552,
      message: `5.3.4 Too many attachments (${shape.attachments}; at most ${maxAttachments}): send them in parts`,
    };
  if (!shape.text && shape.attachments === 0)
    return { code: 550, message: '5.6.0 The message has no text and no attachment: write the complaint in the body' };
  return null;
}

/** What decides whether an accepted message is quarantined. */
export interface MessageFacts {
  /** The envelope sender (MAIL FROM); empty for a bounce (`<>`). */
  envelopeFrom: string;
  /** The top-level media type, lower case (`multipart/report` for delivery and read reports). */
  contentType: string;
  /** Header values by lower-case name (absent when the message has none). */
  headers: Record<string, string | undefined>;
  /** The address of the From header, if it has one. */
  fromAddress: string | null;
  subject: string;
  text: string;
  /** The parser could not read the message at all. */
  unparseable?: boolean;
}

/** A message as the mailbox received and parsed it. */
export interface ReceivedMessage extends MessageFacts {
  /** The bytes exactly as the sending server gave them. */
  raw: Buffer;
  arrivedAt: Date;
  envelopeTo: string[];
  messageId: string | null;
  fromName: string | null;
  /** The Date header. */
  sentAt: Date | null;
  attachments: { fileName: string | null; contentType: string; content: Buffer }[];
}

/** The character a decoder puts where bytes could not be read in the message's (declared) encoding. */
const REPLACEMENT = '\uFFFD';

/**
 * Why an accepted message is kept aside rather than made a complaint or correspondence; null when
 * it is not. Bounces and auto-replies would otherwise become complaints, or answer each other in a loop.
 */
export function quarantineReason(m: MessageFacts): string | null {
  if (m.unparseable) return 'unreadable: the message could not be parsed';
  if (!m.envelopeFrom || m.contentType === 'multipart/report')
    return m.envelopeFrom
      ? 'a delivery or read report (multipart/report)'
      : 'a bounce: the envelope sender is empty (<>)';
  const autoSubmitted = m.headers['auto-submitted']?.trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return `an automatic message (Auto-Submitted: ${autoSubmitted})`;
  if (m.headers['x-autoreply'] || m.headers['x-autorespond']) return 'an automatic reply (X-Autoreply)';
  const precedence = m.headers.precedence?.trim().toLowerCase();
  if (precedence && ['auto_reply', 'bulk', 'junk', 'list'].includes(precedence))
    return `an automatic or bulk message (Precedence: ${precedence})`;
  if (!m.fromAddress) return 'no sender address in the From header';
  if (m.text.includes(REPLACEMENT) || m.subject.includes(REPLACEMENT) || m.text.includes('\u0000'))
    return 'unreadable: the text is in an unknown or damaged character encoding';
  return null;
}

/** How far back a Date header is believed: mail servers retry for up to five days, then give up. */
export const DATE_TRUSTED_DAYS = 7;

/**
 * When the complaint was received: the message's Date header, unless there is none, it is in the
 * future (the sender's clock), or it is absurdly old (more than DATE_TRUSTED_DAYS before arrival);
 * then the time it arrived.
 */
export function receiptInstant(date: Date | null | undefined, arrival: Date): Date {
  if (!date || Number.isNaN(date.getTime())) return arrival;
  if (date.getTime() > arrival.getTime()) return arrival;
  if (date.getTime() < arrival.getTime() - DATE_TRUSTED_DAYS * 86_400_000) return arrival;
  return date;
}

const REFERENCE = new RegExp(`\\b${REFERENCE_PATTERN}\\b`, 'gi');

/** The complaint references a message carries, the subject's first, each once, as issued (upper case). */
export function referencesIn(subject: string, text: string): string[] {
  const found: string[] = [];
  for (const part of [subject, text])
    for (const m of part.matchAll(REFERENCE)) {
      const reference = `CMP-${m[1]}-${m[2]}`;
      if (!found.includes(reference)) found.push(reference);
    }
  return found;
}

/** `text` cut to `max` characters, marking the cut. */
function bounded(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A draft complaint's summary: the subject, then the body, within the summary's limit. */
export function draftSummary(subject: string, text: string, attachmentNames: readonly string[]): string {
  const parts = [subject.trim(), text.trim()].filter(Boolean);
  if (parts.length === 0)
    parts.push(`(an email with no text; attached: ${attachmentNames.join(', ') || 'nothing readable'})`);
  return bounded(parts.join('\n\n'), LONG_TEXT);
}

/**
 * A new complainant's names from the From header's display name ("Jane Smith", "Smith, Jane"); without
 * one, the address stands as the last name until the CST completes intake.
 */
export function namesOf(
  displayName: string | null | undefined,
  address: string,
): { firstName: string; lastName: string } {
  const name = (displayName ?? '').replace(/["']/g, '').replace(/\s+/g, ' ').trim();
  if (!name || name.toLowerCase() === address.toLowerCase())
    return { firstName: '', lastName: bounded(address, SHORT_TEXT) };
  const comma = name.indexOf(',');
  if (comma > 0)
    return {
      firstName: bounded(name.slice(comma + 1).trim(), SHORT_TEXT),
      lastName: bounded(name.slice(0, comma).trim(), SHORT_TEXT),
    };
  const words = name.split(' ');
  const lastName = words.pop()!;
  return { firstName: bounded(words.join(' '), SHORT_TEXT), lastName: bounded(lastName, SHORT_TEXT) };
}

/** The kind of evidence an attachment is, from its media type. */
export function evidenceKindOf(contentType: string): EvidenceKind {
  const type = contentType.toLowerCase();
  if (type.startsWith('image/')) return EvidenceKind.PHOTOGRAPH;
  if (type.startsWith('audio/') || type.startsWith('video/')) return EvidenceKind.RECORDING;
  if (type === 'message/rfc822' || type === 'message/global' || type === 'application/vnd.ms-outlook')
    return EvidenceKind.MESSAGE;
  return EvidenceKind.DOCUMENT;
}

/**
 * Whether the mailbox takes mail for `address`: `allowed` lists addresses (`complaints@example.org`)
 * and whole domains (`@complaints.example.org`), compared without regard to case.
 */
export function recipientAllowed(address: string, allowed: readonly string[]): boolean {
  const a = address.trim().toLowerCase();
  const at = a.lastIndexOf('@');
  if (at <= 0) return false;
  const domain = a.slice(at);
  return allowed.some((entry) => {
    const e = entry.toLowerCase();
    return e.startsWith('@') ? e === domain : e === a;
  });
}

/** Text as PostgreSQL stores it: no NUL characters, bounded. */
export function storableText(text: string | null | undefined, max: number): string {
  return bounded((text ?? '').split('\u0000').join(''), max);
}

/** Why a draft is not triaged yet. */
export function draftNotTriaged(reference: string): string {
  return `${reference} arrived by email and is a draft: complete its intake (completeIntake) before triage`;
}
