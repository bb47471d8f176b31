/**
 * What an evidence file may be (issue 16): not empty, not over the size limit, of an allowed type as
 * its content shows (never as its name says), and the name it is kept under.
 */

/** Why an upload is refused: each has its HTTP status (src/http/evidence-upload.ts). */
export type FileRefusal = 'EMPTY' | 'TOO_LARGE' | 'UNSUPPORTED_TYPE';

export interface FileLimits {
  maxBytes: number;
  /** Media types allowed, as detected from the content. */
  types: readonly string[];
}

/** A size in whole megabytes or kilobytes, for messages. */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/**
 * Whether a file of `size` bytes whose content shows `detected` (null: nothing recognisable) may be
 * kept; null when it may, else the refusal and a sentence for the uploader.
 */
export function refusal(
  limits: FileLimits,
  size: number,
  detected: { mime: string; ext: string } | null,
  declared: string | null,
): { reason: FileRefusal; message: string } | null {
  if (size === 0) return { reason: 'EMPTY', message: 'the file is empty' };
  if (size > limits.maxBytes)
    return { reason: 'TOO_LARGE', message: `the file is larger than the limit of ${sizeText(limits.maxBytes)}` };
  const allowed = `allowed: ${limits.types.join(', ')}`;
  if (!detected) {
    const said = declared ? ` (it was sent as ${declared})` : '';
    return {
      reason: 'UNSUPPORTED_TYPE',
      message: `the content of the file is not of a type that is recognised${said}; ${allowed}`,
    };
  }
  if (!limits.types.includes(detected.mime))
    return {
      reason: 'UNSUPPORTED_TYPE',
      message: `the file's content is ${detected.mime} (.${detected.ext}), which is not allowed; ${allowed}`,
    };
  return null;
}

/** The longest file name kept (characters). */
const NAME_MAX = 200;

/**
 * The name a file is kept under: the last part of the name it came with (browsers send a path such as
 * `C:\fakepath\x.pdf`), without control characters, at most 200 characters; `evidence.<ext>` when
 * nothing is left.
 */
export function keptFilename(given: string | null | undefined, ext: string): string {
  const last = (given ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = last.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (!clean || /^\.+$/.test(clean)) return `evidence.${ext}`;
  if (clean.length <= NAME_MAX) return clean;
  const dot = clean.lastIndexOf('.');
  const suffix = dot > 0 && clean.length - dot <= 10 ? clean.slice(dot) : '';
  return clean.slice(0, NAME_MAX - suffix.length) + suffix;
}
