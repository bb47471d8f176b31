/**
 * The webhook event catalogue (issue 17): every template sent by WEBHOOK, to whom and when. The
 * notices can send a provider or the HR system only a template listed here (the types below are the
 * parameters of Recipients.provider and ReferralNotices' HR message), and docs/partners.md shows each
 * with a payload a test produced through the graph (test/partner-guide.test.ts), so the guide cannot
 * drift from what is sent.
 */
import type { TemplateName } from '../integrations/templates/templates';

export interface WebhookEvent {
  /** Who receives it: a provider (by email instead while it has no active endpoint), or the HR system. */
  recipient: 'PROVIDER' | 'HR_SYSTEM';
  /** What causes it. */
  when: string;
  /** What the receiver does about it. */
  then: string;
}

export const WEBHOOK_EVENTS = {
  'provider-referral': {
    recipient: 'PROVIDER',
    when: 'The CST triaged a complaint as concerning only your service (`REFERRED_TO_PROVIDER`).',
    then: 'Consider it under your own complaints procedure and contact the complainant.',
  },
  'provider-engagement': {
    recipient: 'PROVIDER',
    when: 'An assessment found an aspect about your service (`PROVIDER_ACTIONS`): you are asked for your side.',
    then: 'Read the complaint (`ProviderComplaint`) and give your side by `dueOn` (`SubmitProviderResponse`).',
  },
  'provider-chase': {
    recipient: 'PROVIDER',
    when: 'Your side was not given within 5 working days: the working day after, and again 3 working days later.',
    then: 'Give your side (`SubmitProviderResponse`); after the second reminder the CST managers are told.',
  },
  'provider-response-sent': {
    recipient: 'PROVIDER',
    when: 'A joint response, with your part in it, was sent to the complainant.',
    then: 'Nothing is asked: for your records.',
  },
  referral: {
    recipient: 'HR_SYSTEM',
    when: 'A conduct aspect was referred to a senior manager (serious conduct, or the CST chose that level).',
    then: 'Read the referral (`OpenReferrals`) and record its outcome (`RecordReferralOutcome`).',
  },
  'referral-formal-action': {
    recipient: 'HR_SYSTEM',
    when: 'A manager recorded `FORMAL_ACTION` on a referral the HR system had not been sent.',
    then: 'Read the referral (`OpenReferrals`) and record later outcomes (`RecordReferralOutcome`).',
  },
} as const satisfies Partial<Record<TemplateName, WebhookEvent>>;

export type WebhookEventType = keyof typeof WEBHOOK_EVENTS;

type To<R extends WebhookEvent['recipient']> = {
  [K in WebhookEventType]: (typeof WEBHOOK_EVENTS)[K]['recipient'] extends R ? K : never;
}[WebhookEventType];

/** The templates a provider may be sent (by webhook, or by email while it has no active endpoint). */
export type ProviderWebhookTemplate = To<'PROVIDER'>;
/** The templates the HR system is sent by webhook. */
export type HrWebhookTemplate = To<'HR_SYSTEM'>;
