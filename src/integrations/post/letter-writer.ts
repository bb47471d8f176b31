/**
 * Letters for complainants without email: a printable HTML file; the notification waits until
 * someone records it posted.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface Letter {
  id: string;
  address: string;
  subject: string;
  html: string;
}

export class LetterWriter {
  constructor(private readonly dir: string) {}

  /** Writes the letter and returns its file. */
  async write(letter: Letter): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    const file = path.join(this.dir, `${letter.id}.html`);
    await writeFile(file, letter.html);
    return file;
  }

  /** Deletes a letter's file (retention); a path outside the letter folder is left alone. */
  async remove(file: string): Promise<void> {
    if (path.resolve(file).startsWith(path.resolve(this.dir) + path.sep)) await rm(file, { force: true });
  }
}
