/** The inbound mailbox's pure rules (src/domain/inbound-mail.ts) and settings (src/config-inbound.ts), as tables. */
import { describe, expect, it } from 'vitest';
import { readInboundMail } from '../src/config-inbound';
import { ConfigError } from '../src/config-values';
import { EvidenceKind } from '../src/domain/enums';
import {
  draftSummary,
  evidenceKindOf,
  namesOf,
  quarantineReason,
  receiptInstant,
  recipientAllowed,
  referencesIn,
  refusal,
  storableText,
  type MessageFacts,
} from '../src/domain/inbound-mail';

const plain: MessageFacts = {
  envelopeFrom: 'jane@example.net',
  contentType: 'text/plain',
  headers: {},
  fromAddress: 'jane@example.net',
  subject: 'My complaint',
  text: 'The report is wrong.',
};

describe('quarantine', () => {
  it.each<[string, Partial<MessageFacts>, string | null]>([
    ['an ordinary message', {}, null],
    ['a bounce (null sender)', { envelopeFrom: '' }, 'a bounce: the envelope sender is empty (<>)'],
    ['a delivery report', { contentType: 'multipart/report' }, 'a delivery or read report (multipart/report)'],
    [
      'Auto-Submitted: auto-replied',
      { headers: { 'auto-submitted': 'Auto-Replied' } },
      'an automatic message (Auto-Submitted: auto-replied)',
    ],
    ['Auto-Submitted: no (a person)', { headers: { 'auto-submitted': 'no' } }, null],
    ['X-Autoreply', { headers: { 'x-autoreply': 'yes' } }, 'an automatic reply (X-Autoreply)'],
    ['Precedence: bulk', { headers: { precedence: 'bulk' } }, 'an automatic or bulk message (Precedence: bulk)'],
    ['Precedence: first-class', { headers: { precedence: 'first-class' } }, null],
    ['no From address', { fromAddress: null }, 'no sender address in the From header'],
    [
      'text in an unknown encoding',
      { text: 'Caf\uFFFD' },
      'unreadable: the text is in an unknown or damaged character encoding',
    ],
    ['a NUL in the text', { text: 'a\u0000b' }, 'unreadable: the text is in an unknown or damaged character encoding'],
    ['not parseable at all', { unparseable: true }, 'unreadable: the message could not be parsed'],
  ])('%s', (_, facts, reason) => {
    expect(quarantineReason({ ...plain, ...facts })).toBe(reason);
  });
});

describe('refusal at SMTP time', () => {
  it.each([
    [{ attachments: 0, text: 'words' }, null],
    [{ attachments: 2, text: '' }, null],
    [{ attachments: 3, text: 'words' }, null],
    [{ attachments: 4, text: 'words' }, 552],
    [{ attachments: 0, text: '' }, 550],
  ])('%j with at most 3 attachments → %s', (shape, code) => {
    expect(refusal(shape, 3)?.code ?? null).toBe(code);
  });
});

describe('when a complaint by email was received', () => {
  const arrival = new Date('2026-06-02T10:00:00Z');
  it.each<[string, Date | null, Date]>([
    ['the Date header', new Date('2026-06-01T23:30:00Z'), new Date('2026-06-01T23:30:00Z')],
    ['no Date header: arrival', null, arrival],
    ['an invalid date: arrival', new Date('nonsense'), arrival],
    ['in the future: arrival', new Date('2026-06-02T10:00:01Z'), arrival],
    ['7 days before: believed', new Date('2026-05-26T10:00:00Z'), new Date('2026-05-26T10:00:00Z')],
    ['more than 7 days before: arrival', new Date('2026-05-26T09:59:59Z'), arrival],
    ['1970: arrival', new Date(0), arrival],
  ])('%s', (_, date, expected) => {
    expect(receiptInstant(date, arrival)).toEqual(expected);
  });
});

describe('references', () => {
  it.each<[string, string, string[]]>([
    ['Re: CMP-2026-000123', '', ['CMP-2026-000123']],
    ['Hello', 'about cmp-2026-000042, and CMP-2025-000001', ['CMP-2026-000042', 'CMP-2025-000001']],
    ['Re: CMP-2026-000123', '> CMP-2026-000123 and CMP-2026-000124', ['CMP-2026-000123', 'CMP-2026-000124']],
    ['CMP-2026-0001234 XCMP-2026-000001', 'CMP-26-000001', []],
    // Past a million a year, a seventh digit (never a padded one).
    ['Re: CMP-2027-1000000', '', ['CMP-2027-1000000']],
  ])('%s / %s', (subject, text, found) => {
    expect(referencesIn(subject, text)).toEqual(found);
  });
});

describe('a draft from an email', () => {
  it('is summarised from its subject and text, within the limit', () => {
    expect(draftSummary(' Subject ', ' Body. ', [])).toBe('Subject\n\nBody.');
    expect(draftSummary('', '', ['a.pdf', 'b.jpg'])).toBe('(an email with no text; attached: a.pdf, b.jpg)');
    const long = draftSummary('S', 'x'.repeat(30_000), []);
    expect(long).toHaveLength(20_000);
    expect(long.endsWith('…')).toBe(true);
  });

  it.each<[string | null, string, { firstName: string; lastName: string }]>([
    ['Jane Smith', 'jane@example.net', { firstName: 'Jane', lastName: 'Smith' }],
    ['Mary Ann de Vries', 'm@example.net', { firstName: 'Mary Ann de', lastName: 'Vries' }],
    ['Smith, Jane', 'jane@example.net', { firstName: 'Jane', lastName: 'Smith' }],
    ['"Jane"', 'jane@example.net', { firstName: '', lastName: 'Jane' }],
    [null, 'jane@example.net', { firstName: '', lastName: 'jane@example.net' }],
    ['jane@example.net', 'jane@example.net', { firstName: '', lastName: 'jane@example.net' }],
  ])('names from %s <%s>', (name, address, names) => {
    expect(namesOf(name, address)).toEqual(names);
  });

  it.each([
    ['application/pdf', EvidenceKind.DOCUMENT],
    ['IMAGE/JPEG', EvidenceKind.PHOTOGRAPH],
    ['audio/mpeg', EvidenceKind.RECORDING],
    ['video/mp4', EvidenceKind.RECORDING],
    ['message/rfc822', EvidenceKind.MESSAGE],
    ['application/octet-stream', EvidenceKind.DOCUMENT],
  ])('an attachment of type %s is %s evidence', (type, kind) => {
    expect(evidenceKindOf(type)).toBe(kind);
  });

  it('keeps text PostgreSQL can store', () => {
    expect(storableText('a\u0000b', 10)).toBe('ab');
    expect(storableText(null, 10)).toBe('');
    expect(storableText('abcdef', 4)).toBe('abc…');
  });
});

describe('recipients', () => {
  const allowed = ['complaints@cafcass.example', '@intake.cafcass.example'];
  it.each([
    ['complaints@cafcass.example', true],
    ['Complaints@Cafcass.Example', true],
    ['other@cafcass.example', false],
    ['anyone@intake.cafcass.example', true],
    ['anyone@sub.intake.cafcass.example', false],
    ['complaints@cafcass.example.evil', false],
    ['no-at-sign', false],
  ])('%s → %s', (address, ok) => {
    expect(recipientAllowed(address, allowed)).toBe(ok);
  });
});

describe('settings', () => {
  it('are off without INBOUND_SMTP_PORT, with sensible defaults otherwise', () => {
    expect(readInboundMail({})).toMatchObject({ port: null });
    expect(readInboundMail({ INBOUND_SMTP_PORT: '2525', INBOUND_SMTP_RECIPIENTS: 'c@x.example' })).toEqual({
      port: 2525,
      host: '127.0.0.1',
      recipients: ['c@x.example'],
      maxBytes: 25 * 1024 * 1024,
      maxAttachments: 10,
      allowedClients: [],
      tls: null,
    });
  });

  it.each([
    [{ INBOUND_SMTP_PORT: '2525' }, /INBOUND_SMTP_RECIPIENTS is required/],
    [{ INBOUND_SMTP_PORT: '2525', INBOUND_SMTP_RECIPIENTS: 'nobody' }, /"nobody" is neither an address nor @domain/],
    [{ INBOUND_SMTP_PORT: '70000', INBOUND_SMTP_RECIPIENTS: 'c@x.example' }, /INBOUND_SMTP_PORT must be an integer/],
    [{ INBOUND_SMTP_MAX_ATTACHMENTS: '101' }, /INBOUND_SMTP_MAX_ATTACHMENTS must be an integer from 0 to 100/],
    [{ INBOUND_SMTP_ALLOWED_CLIENTS: '10.0.0.0/33' }, /"10.0.0.0\/33" is not an IP address or network/],
    [
      { INBOUND_SMTP_PORT: '25', INBOUND_SMTP_RECIPIENTS: 'c@x.example', INBOUND_SMTP_TLS_KEY_FILE: '/k' },
      /go together/,
    ],
  ])('refuse %j', (env, message) => {
    expect(() => readInboundMail(env)).toThrow(ConfigError);
    expect(() => readInboundMail(env)).toThrow(message);
  });
});
