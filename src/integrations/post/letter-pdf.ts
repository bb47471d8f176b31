/**
 * Letters to complainants as PDF (issue 16): pdfkit, on the server, no browser. The letter is the
 * email's own content (src/integrations/templates: its subject and paragraphs) under the service's
 * letterhead, with the recipient, the reference, the date and "Page N of M" on every page.
 *
 * Accessible as pdfkit allows: tagged (a structure tree of H1 and P in reading order, the page
 * numbers marked as pagination artifacts), PDF/UA identification, the title shown in the window,
 * the language en-GB, and every glyph from an embedded, subset TrueType font (Noto Sans, SIL Open Font
 * Licence, from @expo-google-fonts/noto-sans) with a ToUnicode map: text is selectable, searchable and
 * read aloud as written, accents and non-Latin alphabets (Greek, Cyrillic) included. pdfkit's built-in
 * Helvetica is not embedded and knows only Windows-1252, so it is never used.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';

export interface Letterhead {
  /** The service's name, first and bold. */
  name: string;
  /** Its postal address (and contact lines), one per line. */
  addressLines: string[];
}

export interface LetterPdfInput {
  letterhead: Letterhead;
  /** The address block: the complainant's postal address, or how the letter was sent. */
  recipient: string[];
  reference: string;
  /**
   * When it is made: printed as its London date ("4 November 2026") and recorded as the file's
   * creation date, so that the same letter made at the same moment is the same bytes.
   */
  at: Date;
  /** The heading, and the document's title. */
  subject: string;
  paragraphs: string[];
  /** Where the complaint can be followed online. */
  link: string;
}

export const PDF_CONTENT_TYPE = 'application/pdf';

const fromHere = createRequire(__filename);
const fontFile = (name: string) => fromHere.resolve(`@expo-google-fonts/noto-sans/${name}`);
/**
 * Parsed once per process and shared by every letter (pdfkit takes a fontkit font as it takes a file):
 * parsing the font per letter was four fifths of its 100 ms. Each letter embeds its own subset.
 */
function loadFont(name: string): fontkit.Font {
  const font = fontkit.create(readFileSync(fontFile(name)));
  if (!('layout' in font)) throw new Error(`${name} is a font collection, not a font`);
  return font;
}
let loaded: { regular: fontkit.Font; bold: fontkit.Font } | null = null;
/** Loaded with the first letter: a process that makes none (an API-only replica, a tool) never parses them. */
function fonts() {
  loaded ??= {
    regular: loadFont('400Regular/NotoSans_400Regular.ttf'),
    bold: loadFont('700Bold/NotoSans_700Bold.ttf'),
  };
  return loaded;
}

/** A4 in points, with 2 cm margins (the bottom one leaves room for the page numbers). */
const MARGIN = 57;
const FOOTER_GAP = 28;

/** Europe/London date as a letter prints it: "4 November 2026". */
export function letterDate(at: Date): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(at);
}

/** An address written on one line ("12 High Street, Coventry, CV1 1AA") or several, as lines. */
export function addressLines(address: string): string[] {
  return address
    .split(/\n|,\s*/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** pdfkit 0.20's options; @types/pdfkit (0.17) knows neither the PDF/UA subset nor a font given as a fontkit font. */
interface Options extends Omit<PDFKit.PDFDocumentOptions, 'subset' | 'font'> {
  subset: 'PDF/UA';
  font: fontkit.Font;
}

function newDocument(input: LetterPdfInput): PDFKit.PDFDocument {
  const { regular, bold } = fonts();
  const options: Options = {
    size: 'A4',
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER_GAP },
    bufferPages: true,
    pdfVersion: '1.7',
    subset: 'PDF/UA',
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
    font: regular,
    info: {
      Title: input.subject,
      Author: input.letterhead.name,
      Subject: `Complaint ${input.reference}`,
      Keywords: input.reference,
      CreationDate: input.at,
    },
  };
  const doc = new PDFDocument(options as unknown as PDFKit.PDFDocumentOptions);
  // Typed for a file name or bytes; pdfkit takes a fontkit font as well (PDFFontFactory.open).
  doc.registerFont('regular', regular as unknown as Buffer);
  doc.registerFont('bold', bold as unknown as Buffer);
  return doc;
}

/** Paragraphs of the letter: each blank-line-separated block of a paragraph is a paragraph of its own. */
function blocks(paragraphs: string[]): string[] {
  return paragraphs
    .flatMap((p) => p.split(/\n\s*\n/))
    .map((p) => p.trim())
    .filter(Boolean);
}

function body(doc: PDFKit.PDFDocument, input: LetterPdfInput): void {
  const root = doc.struct('Document');
  doc.addStructure(root);
  const width = doc.page.width - 2 * MARGIN;
  const para = (text: string, options: PDFKit.Mixins.TextOptions = {}, font = 'regular', size = 11) =>
    root.add(
      doc.struct('P', {}, () => {
        doc
          .font(font)
          .fontSize(size)
          .text(text, { width, lineGap: 2, ...options });
      }),
    );

  // One P per line of an address or a heading block: read as lines, not run together.
  const lines = (texts: string[], options: PDFKit.Mixins.TextOptions = {}, font = 'regular', size = 11) => {
    for (const text of texts) para(text, options, font, size);
  };
  // The letterhead, right-aligned; then the address block where a window envelope shows it.
  para(input.letterhead.name, { align: 'right' }, 'bold', 14);
  lines(input.letterhead.addressLines, { align: 'right' }, 'regular', 10);
  doc.y = Math.max(doc.y, 170);
  lines(input.recipient);
  doc.moveDown(1.5);
  lines([`Our reference: ${input.reference}`, `Date: ${letterDate(input.at)}`]);
  doc.moveDown(1);
  root.add(
    doc.struct('H1', {}, () => {
      doc.font('bold').fontSize(13).text(input.subject, { width, lineGap: 2 });
    }),
  );
  doc.moveDown(0.5);
  for (const text of blocks(input.paragraphs)) {
    para(text);
    doc.moveDown(0.6);
  }
  para(`Online: ${input.link}`);
  doc.moveDown(0.6);
  para('Yours sincerely,');
  doc.moveDown(1);
  para(input.letterhead.name);
  root.end();
}

/** "Page N of M" on every page, marked as a pagination artifact (a screen reader skips it). */
function pageNumbers(doc: PDFKit.PDFDocument, reference: string): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i += 1) {
    doc.switchToPage(i);
    const y = doc.page.height - MARGIN - 12;
    // Writing below the bottom margin would start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.markContent('Artifact', { type: 'Pagination' });
    doc
      .font('regular')
      .fontSize(9)
      .text(`${reference} · Page ${i - start + 1} of ${count}`, MARGIN, y, {
        width: doc.page.width - 2 * MARGIN,
        align: 'center',
        lineBreak: false,
      });
    doc.endMarkedContent();
    doc.page.margins.bottom = bottom;
  }
}

/** The letter as PDF bytes. */
export function renderLetterPdf(input: LetterPdfInput): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = newDocument(input);
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      body(doc, input);
      pageNumbers(doc, input.reference);
      doc.end();
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
