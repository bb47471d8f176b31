/**
 * What an evidence file may be, table by table (src/domain/evidence-files.ts), and what its content shows
 * (src/integrations/files/file-type.ts): Office documents are told apart inside their ZIP, a ZIP of
 * anything else is a ZIP, plain text is UTF-8 without control characters.
 */
import { describe, expect, it } from 'vitest';
import { ZipFile } from 'yazl';
import { DEFAULT_EVIDENCE_TYPES } from '../src/config-files';
import { keptFilename, refusal, sizeText } from '../src/domain/evidence-files';
import { detectFileType } from '../src/integrations/files/file-type';

const LIMITS = { maxBytes: 1024 * 1024, types: DEFAULT_EVIDENCE_TYPES };
const PDF = { mime: 'application/pdf', ext: 'pdf' };

describe('refusal', () => {
  it.each<[string, number, { mime: string; ext: string } | null, string | null, string | null]>([
    ['a PDF within the limit', 1000, PDF, 'application/pdf', null],
    ['exactly at the limit', 1024 * 1024, PDF, null, null],
    ['one byte over', 1024 * 1024 + 1, PDF, null, 'TOO_LARGE'],
    ['empty', 0, null, 'application/pdf', 'EMPTY'],
    ['a GIF', 10, { mime: 'image/gif', ext: 'gif' }, 'image/jpeg', 'UNSUPPORTED_TYPE'],
    [
      'an executable named .pdf',
      10,
      { mime: 'application/x-msdownload', ext: 'exe' },
      'application/pdf',
      'UNSUPPORTED_TYPE',
    ],
    ['nothing recognisable', 10, null, 'application/pdf', 'UNSUPPORTED_TYPE'],
    [
      'a macro-enabled workbook',
      10,
      { mime: 'application/vnd.ms-excel.sheet.macroenabled.12', ext: 'xlsm' },
      null,
      'UNSUPPORTED_TYPE',
    ],
    ['a voice memo', 10, { mime: 'audio/x-m4a', ext: 'm4a' }, null, null],
    ['an iPhone photo', 10, { mime: 'image/heic', ext: 'heic' }, null, null],
  ])('%s', (_what, size, detected, declared, expected) => {
    expect(refusal(LIMITS, size, detected, declared)?.reason ?? null).toBe(expected);
  });

  it('says what the content is, what was declared and what is allowed', () => {
    expect(refusal(LIMITS, 10, { mime: 'image/gif', ext: 'gif' }, 'image/jpeg')?.message).toBe(
      `the file's content is image/gif (.gif), which is not allowed; allowed: ${DEFAULT_EVIDENCE_TYPES.join(', ')}`,
    );
    expect(refusal(LIMITS, 10, null, 'application/pdf')?.message).toMatch(
      /^the content of the file is not of a type that is recognised \(it was sent as application\/pdf\); allowed: /,
    );
    expect(refusal({ ...LIMITS, maxBytes: 25 * 1024 * 1024 }, 26 * 1024 * 1024, PDF, null)?.message).toBe(
      'the file is larger than the limit of 25 MB',
    );
  });

  it.each([
    [1024 * 1024, '1 MB'],
    [25 * 1024 * 1024, '25 MB'],
    [1536, '2 KB'],
    [500, '500 bytes'],
  ])('%d bytes are %s', (bytes, text) => expect(sizeText(bytes)).toBe(text));
});

describe('the name a file is kept under', () => {
  it.each<[string | null, string, string]>([
    ['statement.pdf', 'pdf', 'statement.pdf'],
    ['C:\\fakepath\\photo.jpg', 'jpg', 'photo.jpg'],
    ['../../etc/passwd', 'txt', 'passwd'],
    ['', 'pdf', 'evidence.pdf'],
    [null, 'png', 'evidence.png'],
    ['..', 'pdf', 'evidence.pdf'],
    ['line\nbreak\u0000.pdf', 'pdf', 'linebreak.pdf'],
    ['Lettre à Mme Dupré.pdf', 'pdf', 'Lettre à Mme Dupré.pdf'],
    [`${'a'.repeat(300)}.docx`, 'docx', `${'a'.repeat(195)}.docx`],
  ])('%j → %s', (given, ext, kept) => expect(keptFilename(given, ext)).toBe(kept));
});

/** A ZIP with these entries, as an Office document (or not) is. */
function zip(entries: Record<string, string>): Promise<Buffer> {
  const file = new ZipFile();
  for (const [name, text] of Object.entries(entries)) file.addBuffer(Buffer.from(text), name);
  file.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    file.outputStream.on('data', (c: Buffer) => chunks.push(c));
    file.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    file.outputStream.on('error', reject);
  });
}

const CONTENT_TYPES = (main: string) =>
  `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  `<Override PartName="/${main}" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;

describe('what the content shows', () => {
  it('tells a Word document from a ZIP, and plain text from binary', async () => {
    const docx = await zip({
      '[Content_Types].xml': CONTENT_TYPES('word/document.xml'),
      'word/document.xml': '<w:document/>',
    });
    expect(await detectFileType(docx)).toEqual({
      mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      ext: 'docx',
    });
    expect(await detectFileType(await zip({ 'run.sh': 'echo hi' }))).toEqual({ mime: 'application/zip', ext: 'zip' });
    expect(await detectFileType(Buffer.from('Dear Sir,\r\n\tI write about Ms Ní Bhriain’s report.\n'))).toEqual({
      mime: 'text/plain',
      ext: 'txt',
    });
    expect(await detectFileType(Buffer.from([0x48, 0x69, 0x00, 0x21]))).toBeNull();
    expect(await detectFileType(Buffer.from([0xc3, 0x28]))).toBeNull(); // not UTF-8
    expect(await detectFileType(Buffer.alloc(0))).toBeNull();
  });
});
