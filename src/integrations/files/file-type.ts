/**
 * What a file is, from its content (issue 16): the magic numbers `file-type` knows (PDF, JPEG, PNG, HEIC,
 * MP3, M4A, WAV, Office documents — told apart inside their ZIP — and a hundred more), and plain text,
 * which has none: valid UTF-8 without control characters. The name and the type the uploader gave are
 * never believed. `file-type` (an ES module) is loaded with the first file, not at start-up.
 */
export interface DetectedType {
  /** The media type, e.g. `application/pdf`. */
  mime: string;
  /** The usual extension, e.g. `pdf`. */
  ext: string;
}

/** Control characters plain text does not hold (tab, line feed, form feed and carriage return it does). */
// eslint-disable-next-line no-control-regex
const NOT_TEXT = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;

function isPlainText(bytes: Buffer): boolean {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return !NOT_TEXT.test(text);
  } catch {
    return false;
  }
}

/** The type the content shows, or null when it shows none this knows. */
export async function detectFileType(bytes: Buffer): Promise<DetectedType | null> {
  if (bytes.length === 0) return null;
  const { fileTypeFromBuffer } = await import('file-type');
  const found = await fileTypeFromBuffer(bytes);
  if (found) return { mime: found.mime, ext: found.ext };
  return isPlainText(bytes) ? { mime: 'text/plain', ext: 'txt' } : null;
}
