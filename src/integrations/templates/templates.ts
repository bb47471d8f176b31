/**
 * Message templates, each with a text and an HTML part. They render only what their payload
 * holds, and the payload is built per recipient (src/services/recipients.ts): the court
 * and the complainant may get the complaint and the response (FPR r.12.73); everyone else gets
 * the reference, what they must do and a link — never child names, report content or free text.
 */
import type {
  BasePayload,
  ComplainantPayload,
  ComplimentPayload,
  ContactRestrictionPayload,
  CourtPayload,
  RecordPayload,
  TemplatePayload,
} from '../../domain/message-payload';
import { escapeHtml } from './html';

export interface Rendered {
  subject: string;
  text: string;
  html: string;
  /** The message's own paragraphs and link, from which the text, the HTML and a letter's PDF are made. */
  paragraphs: string[];
  link: string;
}

/** The body tag of every message. */
const BODY = '<body style="font-family: Arial, sans-serif; line-height: 1.5">';

function message(subject: string, paragraphs: (string | null | undefined | false)[], link: string): Rendered {
  const body = paragraphs.filter((p): p is string => Boolean(p));
  const text = [...body, `Open it here: ${link}`, '', 'Complaints Service'].join('\n\n');
  const html =
    `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>` +
    BODY +
    body.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('') +
    `<p><a href="${escapeHtml(link)}">Open it here</a></p><p>Complaints Service</p></body></html>`;
  return { subject, text, html, paragraphs: body, link };
}

const dueLine = (p: BasePayload) => (p.dueOn ? `Due by ${p.dueOn}.` : null);

export const TEMPLATES = {
  acknowledgement: (p: ComplainantPayload) =>
    message(
      `We have received your complaint (${p.reference})`,
      [
        `Dear ${p.complainantName},`,
        `Thank you for your complaint. Its reference is ${p.reference}: please quote it when you contact us.`,
        p.dueOn ? `We will send you our response by ${p.dueOn}.` : 'We will contact you to discuss your complaint.',
      ],
      p.link,
    ),

  'not-accepted': (p: ComplainantPayload) =>
    message(
      `Your complaint ${p.reference}`,
      [`Dear ${p.complainantName},`, p.explanation ?? 'We are not able to take your complaint forward.'],
      p.link,
    ),

  'referred-to-provider': (p: ComplainantPayload) =>
    message(
      `Your complaint ${p.reference}`,
      [
        `Dear ${p.complainantName},`,
        'Your complaint is about a service commissioned from another organisation, ' +
          'so it will be considered under their own complaints procedure. They will contact you.',
        p.explanation,
      ],
      p.link,
    ),

  'local-resolution': (p: ComplainantPayload) =>
    message(
      `Your complaint ${p.reference}`,
      [
        `Dear ${p.complainantName},`,
        'We think a local manager can put this right quickly. They will write to you. ' +
          'If you are still unhappy, we will consider your complaint under our complaints procedure.',
      ],
      p.link,
    ),

  extension: (p: ComplainantPayload) =>
    message(
      `An update on your complaint ${p.reference}`,
      [
        `Dear ${p.complainantName},`,
        `We need more time to respond to your complaint. We will now respond by ${p.newDueOn}.`,
        p.extensionReason ? `Why: ${p.extensionReason}` : null,
      ],
      p.link,
    ),

  response: (p: ComplainantPayload) =>
    message(
      `Our response to your complaint ${p.reference}`,
      [
        `Dear ${p.complainantName},`,
        p.responseText,
        'If you are unhappy with this response, you can ask your MP to refer your complaint ' +
          'to the Parliamentary and Health Service Ombudsman.',
      ],
      p.link,
    ),

  'court-notification': (p: CourtPayload) =>
    message(
      `Complaint ${p.reference} about case ${p.caseNumber ?? ''}`.trim(),
      [
        `Case number: ${p.caseNumber ?? 'not known'}. Next hearing: ${p.nextHearingOn ?? 'none listed'}.`,
        `The court is notified of a complaint: ${p.reason}.`,
        p.complaintSummary ? `The complaint: ${p.complaintSummary}` : null,
        p.responseText ? `Our response: ${p.responseText}` : null,
      ],
      p.link,
    ),

  'child-complaint-owner': (p: BasePayload) =>
    message(
      `A child's complaint for you to own: ${p.reference}`,
      [
        `A child has made a complaint (${p.reference}). ` +
          'As its owner, a senior manager of the area, you are responsible for making sure it is addressed ' +
          'quickly and fairly.',
        p.action,
        dueLine(p),
      ],
      p.link,
    ),

  'provider-referral': (p: BasePayload) =>
    message(
      `Complaint ${p.reference} referred to your complaints procedure`,
      [
        `Complaint ${p.reference} concerns only your service and has been referred to your own complaints procedure.`,
        p.action,
      ],
      p.link,
    ),

  'local-manager': (p: BasePayload) =>
    message(
      `Complaint ${p.reference} for local resolution`,
      [`Complaint ${p.reference} can be put right locally.`, p.action, dueLine(p)],
      p.link,
    ),

  'outside-procedure-manager': (p: BasePayload) =>
    message(
      `Complaint ${p.reference} for you to answer`,
      [`Complaint ${p.reference} is answered outside the complaints procedure, by you.`, p.action, dueLine(p)],
      p.link,
    ),

  'complaint-assigned': (p: BasePayload) =>
    message(
      `Assigned to you: complaint ${p.reference}`,
      [`Complaint ${p.reference} is now yours to handle.`, p.action, dueLine(p)],
      p.link,
    ),

  referral: (p: BasePayload) =>
    message(
      `Conduct referral: complaint ${p.reference}`,
      [`A complaint about a member of staff has been referred to you (${p.reference}).`, p.action, dueLine(p)],
      p.link,
    ),

  'referral-outcome': (p: BasePayload) =>
    message(
      `Conduct referral outcome recorded: complaint ${p.reference}`,
      [`An outcome has been recorded for a conduct referral on complaint ${p.reference}.`, p.action],
      p.link,
    ),

  'provider-engagement': (p: BasePayload) =>
    message(
      `Your account is requested: complaint ${p.reference}`,
      [`A complaint (${p.reference}) concerns your service.`, p.action, dueLine(p)],
      p.link,
    ),

  'approval-requested': (p: BasePayload) =>
    message(
      `Response awaiting your approval: ${p.reference}`,
      [`The response to complaint ${p.reference} is awaiting your approval.`, p.action, dueLine(p)],
      p.link,
    ),

  'response-copy': (p: BasePayload) =>
    message(
      `Response sent: complaint ${p.reference}`,
      [`The response to complaint ${p.reference}, which names a member of staff you manage, has been sent.`, p.action],
      p.link,
    ),

  'provider-response-sent': (p: BasePayload) =>
    message(
      `Joint response sent: complaint ${p.reference}`,
      [`The joint response to complaint ${p.reference}, including your part, has been sent.`],
      p.link,
    ),

  'safeguarding-alert': (p: BasePayload) =>
    message(
      `Safeguarding concern: complaint ${p.reference}`,
      [`A complaint (${p.reference}) has been flagged as revealing a risk to a child.`, p.action],
      p.link,
    ),

  'deadline-reminder': (p: BasePayload) =>
    message(
      `Due soon: complaint ${p.reference}`,
      [`A step of complaint ${p.reference} is due on ${p.dueOn}.`, p.action],
      p.link,
    ),

  'provider-responded': (p: BasePayload) =>
    message(
      `Provider's side received: complaint ${p.reference}`,
      [`The provider has answered on complaint ${p.reference}.`, p.action, dueLine(p)],
      p.link,
    ),

  'provider-chase': (p: BasePayload) =>
    message(
      `Reminder: your account is requested, complaint ${p.reference}`,
      [
        `We asked for your side of complaint ${p.reference}${p.dueOn ? ` by ${p.dueOn}` : ''}` +
          ' and have not received it.',
        p.action,
      ],
      p.link,
    ),

  'provider-escalation': (p: BasePayload) =>
    message(
      `Provider not answering: complaint ${p.reference}`,
      [`The provider asked for its side of complaint ${p.reference} has not answered after two reminders.`, p.action],
      p.link,
    ),

  'due-date-moved': (p: BasePayload) =>
    message(
      `Due date brought forward: complaint ${p.reference}`,
      [`The due date of complaint ${p.reference} is now ${p.dueOn}.`, p.action],
      p.link,
    ),

  'extension-overrun': (p: BasePayload) =>
    message(
      `Hearing before the extended date: complaint ${p.reference}`,
      [`Complaint ${p.reference} has an extended due date of ${p.dueOn}.`, p.action],
      p.link,
    ),

  'deadline-breach': (p: BasePayload) =>
    message(
      `Overdue: complaint ${p.reference}`,
      [`A step of complaint ${p.reference} was due on ${p.dueOn} and is not done.`, p.action],
      p.link,
    ),

  'staff-complaint-owner': (p: BasePayload) =>
    message(
      `A complaint for you to answer: ${p.reference}`,
      [
        `Complaint ${p.reference} is about a member of staff and unrelated to a case. ` +
          'It is outside the complaints procedure and yours to answer.',
        p.action,
        dueLine(p),
      ],
      p.link,
    ),

  'child-contact-task': (p: BasePayload) =>
    message(
      `Contact a child about their complaint: ${p.reference}`,
      [
        `A child has made a complaint (${p.reference}). We hold no email or postal address for them, ` +
          'so the acknowledgement is a contact by you.',
        p.action,
        dueLine(p),
      ],
      p.link,
    ),

  'referral-formal-action': (p: BasePayload) =>
    message(
      `Formal action recorded on a conduct referral: complaint ${p.reference}`,
      [`Formal action has been recorded on a conduct referral on complaint ${p.reference}.`, p.action],
      p.link,
    ),

  // Messages about records that are not one complaint (SPEC §1.9, §1.11): a link to the record.
  'compliment-recorded': (p: ComplimentPayload) =>
    message(
      `A compliment for ${p.staffName}`,
      [
        `A compliment for ${p.staffName}, whom you manage, was received on ${p.receivedOn} from ` +
          `${p.source === 'PROFESSIONAL' ? 'a professional' : 'a service user'}.`,
        p.action,
      ],
      p.link,
    ),

  'contact-restricted': (p: ContactRestrictionPayload) =>
    message(
      'Limits on your contact with us',
      [
        `Dear ${p.complainantName},`,
        'Under our guidance on managing unacceptable behaviour, we have decided to limit our communication ' +
          'with you while your complaint is considered.',
        `What is limited: ${p.restriction}`,
        `Why: ${p.reason}`,
        `Until when: we will review this decision on ${p.reviewOn}, and write to you if it changes or ends.`,
      ],
      p.link,
    ),

  'contact-restriction-reviewed': (p: ContactRestrictionPayload) =>
    message(
      'Limits on your contact with us: reviewed',
      [
        `Dear ${p.complainantName},`,
        'We have reviewed the limits on our communication with you, and they continue.',
        `What is limited: ${p.restriction}`,
        `Why: ${p.reason}`,
        `Until when: we will review this decision again on ${p.reviewOn}` +
          `${p.previousReviewOn ? ` (not ${p.previousReviewOn} as we told you before)` : ''}.`,
      ],
      p.link,
    ),

  'contact-restriction-lifted': (p: ContactRestrictionPayload) =>
    message(
      'Limits on your contact with us have ended',
      [
        `Dear ${p.complainantName},`,
        `We have lifted the limits on our communication with you (${p.restriction}). ` +
          'You may contact us in the usual ways again.',
        p.liftReason ? `Why: ${p.liftReason}` : null,
      ],
      p.link,
    ),

  'contact-restriction-review-due': (p: RecordPayload) =>
    message(
      `Contact restriction due for review${p.reference ? `: complaint ${p.reference}` : ''}`,
      [
        `A restriction on contact with a complainant${p.reference ? ` (complaint ${p.reference})` : ''} ` +
          `is due for review on ${p.dueOn}.`,
        p.action,
      ],
      p.link,
    ),
} satisfies Record<string, (p: never) => Rendered>;

export type TemplateName = keyof typeof TEMPLATES;

export function render(template: string, payload: TemplatePayload): Rendered {
  const fn = (TEMPLATES as Record<string, (p: TemplatePayload) => Rendered>)[template];
  if (!fn) throw new Error(`no template "${template}"`);
  return fn(payload);
}
