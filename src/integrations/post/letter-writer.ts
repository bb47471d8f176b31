/**
 * Printable HTML letters as files in LETTER_DIR: how POST letters were made before they became PDF
 * documents (issue 16, src/services/letters.ts). No letter is written here any more; retention still
 * deletes the files of letters printed before, which their notifications name (`letter_file`).
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';

export class LetterWriter {
  constructor(private readonly dir: string) {}

  /** Deletes a letter's file (retention); a path outside the letter folder is left alone. */
  async remove(file: string): Promise<void> {
    if (path.resolve(file).startsWith(path.resolve(this.dir) + path.sep)) await rm(file, { force: true });
  }
}
