/**
 * A complainant's letter as PDF (issue 16), read with poppler as a person's tools read it: the text is
 * there to select (pdftotext), in a tagged structure (pdfinfo -struct-text), in embedded fonts with
 * Unicode maps, with the letterhead, the recipient, the reference, the London date, the message's own
 * paragraphs and "Page N of M"; one page is kept as an image (artifacts/letter-page-1.png).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NotificationChannel, RecipientKind } from '../src/domain/enums';
import { render } from '../src/integrations/templates/templates';
import { produceLetter } from '../src/services/letters';
import { pdfFonts, pdfInfo, pdfStructure, pdfText, renderPage } from './fixtures/pdf';

const LETTERHEAD = {
  name: 'Family Court Advice Service',
  addressLines: ['Customer Service Team', '3rd Floor, 21 Bloomsbury Street', 'London WC1B 3HF'],
};
// 23:30 on 4 November in London is still 4 November there (GMT); 00:30 on 1 July (BST) is already 1 July.
const NOV_LATE = new Date('2026-11-04T23:30:00Z');
const JULY_EARLY = new Date('2026-06-30T23:30:00Z');
const REFERENCE = 'CMP-2026-000123';

const payload = {
  reference: REFERENCE,
  link: `https://complaints.example.org/complaints/${REFERENCE}`,
  complainantName: 'Zoë Ŵyn-Łukasz',
  dueOn: '2026-12-02',
};

function letterOf(template: string, extra: Record<string, unknown>, channel: NotificationChannel, at: Date) {
  const p = { ...payload, ...extra };
  const rendered = render(template, p);
  const n = {
    template,
    channel,
    recipientKind: RecipientKind.COMPLAINANT,
    recipientAddress:
      channel === NotificationChannel.POST ? 'Flat $& 2, 12 High Street\nCoventry, CV1 1AA' : 'zoe@example.org',
    complaintId: '00000000-0000-4000-8000-000000000001',
    payload: p,
  };
  return { rendered, letter: produceLetter(LETTERHEAD, n, rendered, at) };
}

/** Whitespace as pdftotext breaks lines: compared word by word. */
const words = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('a letter as PDF', () => {
  it('holds the letterhead, the address, the reference, the London date, every paragraph and its page number', async () => {
    const { rendered, letter: made } = letterOf('acknowledgement', {}, NotificationChannel.POST, NOV_LATE);
    const letter = await made;
    expect(letter.contentType).toBe('application/pdf');
    expect(letter.filename).toBe(`${REFERENCE}-acknowledgement.pdf`);
    expect(letter.sha256).toBe(createHash('sha256').update(letter.bytes).digest('hex'));
    expect(letter.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    // Made again at the same moment, it is the same bytes (its creation date is the letter's, not the clock's).
    expect((await letterOf('acknowledgement', {}, NotificationChannel.POST, NOV_LATE).letter).sha256).toBe(
      letter.sha256,
    );

    const text = words(await pdfText(letter.bytes));
    for (const line of [LETTERHEAD.name, ...LETTERHEAD.addressLines]) expect(text).toContain(line);
    for (const line of ['Zoë Ŵyn-Łukasz', 'Flat $& 2', '12 High Street', 'Coventry', 'CV1 1AA'])
      expect(text).toContain(line);
    expect(text).toContain(`Our reference: ${REFERENCE}`);
    expect(text).toContain('Date: 4 November 2026');
    expect(text).toContain(rendered.subject);
    for (const p of rendered.paragraphs) expect(text).toContain(words(p));
    expect(text).toContain(payload.link);
    expect(text).toContain('Page 1 of 1');
  });

  it('is tagged, titled, in en-GB, PDF/UA-identified, with every font embedded and mapped to Unicode', async () => {
    const { rendered, letter: made } = letterOf('acknowledgement', {}, NotificationChannel.EMAIL, JULY_EARLY);
    const letter = await made;
    const info = await pdfInfo(letter.bytes);
    expect(info).toMatchObject({ Title: rendered.subject, Tagged: 'yes', Pages: '1', 'PDF version': '1.7' });
    // The catalog is not compressed: its language and the viewer's "show the title" preference are there to read.
    const raw = letter.bytes.toString('latin1');
    expect(raw).toContain('/Lang (en-GB)');
    expect(raw).toContain('/DisplayDocTitle true');
    expect(raw).toContain('pdfuaid:part');
    const fonts = await pdfFonts(letter.bytes);
    expect(fonts.length).toBeGreaterThan(0);
    expect(
      fonts.every((f) => f.embedded && f.unicode),
      JSON.stringify(fonts),
    ).toBe(true);
    // Read aloud in order: the heading, then the paragraphs; the page number is an artifact, not read.
    const structure = await pdfStructure(letter.bytes);
    expect(structure).toMatch(/^Document/);
    expect(structure).toContain(`H1 (block)\n    "${rendered.subject}"`);
    expect(structure).toContain(`P (block)\n    "${rendered.paragraphs[1]}"`);
    expect(structure).not.toContain('Page 1 of 1');
    // An email's letter says how it went; and the date is London's (1 July), not UTC's (30 June).
    const text = words(await pdfText(letter.bytes));
    expect(text).toContain('By email to zoe@example.org');
    expect(text).toContain('Date: 1 July 2026');
  });

  it('runs a long response over pages, numbering each "Page N of M", and keeps page 1 as an image', async () => {
    const responseText = Array.from(
      { length: 14 },
      (_, i) =>
        `Finding ${i + 1}. We read the report, the contact notes and what you told us on the phone. ` +
        'We agree that the report should have recorded the sessions you attended, and we have corrected it. '.repeat(3),
    ).join('\n\n');
    const { rendered, letter: made } = letterOf('response', { responseText }, NotificationChannel.POST, NOV_LATE);
    const letter = await made;
    const pages = Number((await pdfInfo(letter.bytes)).Pages);
    expect(pages).toBeGreaterThanOrEqual(2);
    const text = await pdfText(letter.bytes);
    for (let page = 1; page <= pages; page += 1) expect(text).toContain(`Page ${page} of ${pages}`);
    // Every paragraph of the response is there, in order, across the page breaks.
    const flat = words(text.replace(new RegExp(`${REFERENCE} · Page \\d+ of \\d+`, 'g'), ''));
    let from = 0;
    for (const p of responseText.split('\n\n')) {
      const at = flat.indexOf(words(p), from);
      expect(at, p.slice(0, 40)).toBeGreaterThanOrEqual(from);
      from = at;
    }
    expect(flat).toContain(words(rendered.paragraphs.at(-1)!));
    const png = path.resolve('artifacts', 'letter-page-1.png');
    await renderPage(letter.bytes, 1, png);
    const image = await readFile(png);
    expect(image.subarray(1, 4).toString()).toBe('PNG');
    // 100 dpi A4: 827 × 1169 pixels (IHDR width and height).
    expect([image.readUInt32BE(16), image.readUInt32BE(20)]).toEqual([827, 1170]);
  });
});
