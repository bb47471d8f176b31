/**
 * Email (SPEC §4): one interface, two adapters — SMTP through nodemailer when SMTP_URL is set,
 * otherwise `.eml` files in a mail-drop folder so that development shows real messages.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { DeliveryError } from '../delivery-error';

export interface MailMessage {
  /** Deterministic per notification, so that a resend after a crash is recognisably the same message. */
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Files it carries (a complainant's letter as PDF). */
  attachments?: MailAttachment[];
}

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

/** The message as nodemailer sends it, from the service's address. */
function envelope(from: string, message: MailMessage) {
  const { messageId, to, subject, text, html, attachments } = message;
  return { from, to, subject, text, html, messageId, ...(attachments?.length ? { attachments } : {}) };
}

export interface MailSender {
  send(message: MailMessage): Promise<void>;
  close(): Promise<void>;
}

/** SMTP 5xx is permanent; 4xx, timeouts and connection errors are worth retrying. */
export function classifySmtpError(error: unknown): DeliveryError {
  const e = error as { responseCode?: number; code?: string; message?: string };
  const reason = e.message ?? String(error);
  if (typeof e.responseCode === 'number')
    return new DeliveryError(`SMTP ${e.responseCode}: ${reason}`, e.responseCode >= 500);
  return new DeliveryError(`${e.code ?? 'SMTP'}: ${reason}`, false);
}

/** SMTP connections kept open to the relay (nodemailer's pool). */
const CONNECTIONS = 5;

export class SmtpMailSender implements MailSender {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    const url = new URL(smtpUrl);
    // TLS is required unless the URL says otherwise (`?tls=off` for a local relay or a test peer).
    const tlsOff = url.searchParams.get('tls') === 'off';
    url.searchParams.delete('tls');
    this.transport = nodemailer.createTransport({
      url: url.toString(),
      pool: true,
      maxConnections: CONNECTIONS,
      secure: url.protocol === 'smtps:',
      requireTLS: !tlsOff && url.protocol !== 'smtps:',
      ignoreTLS: tlsOff,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    } as SMTPPool.Options);
  }

  async send(message: MailMessage): Promise<void> {
    try {
      await this.transport.sendMail(envelope(this.from, message));
    } catch (error) {
      throw classifySmtpError(error);
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

/** Development: each message is an `.eml` file named after its Message-ID. */
export class MailDropSender implements MailSender {
  private readonly transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

  constructor(
    private readonly dir: string,
    private readonly from: string,
  ) {}

  async send(message: MailMessage): Promise<void> {
    const built = await this.transport.sendMail(envelope(this.from, message));
    await mkdir(this.dir, { recursive: true });
    const name = message.messageId.replace(/[<>]/g, '').replace(/[^A-Za-z0-9@._-]/g, '_');
    await writeFile(path.join(this.dir, `${name}.eml`), built.message as Buffer);
  }

  async close(): Promise<void> {}
}
