/**
 * The inbound mailbox's SMTP listener (issue 16): `smtp-server` speaks the protocol, `mailparser` reads
 * the message; the sink decides and stores. The answer to a message's data comes only after the sink
 * has answered: 250 once it is stored, the sink's refusal (5xx) as given, and 451 when it could not
 * be stored (the database unreachable, anything unexpected), so that the sending server keeps it and
 * tries again. A message over the size limit is refused 552 (announced with SIZE). For an internal
 * relay: no AUTH; STARTTLS when a key and certificate are configured; optionally only some client
 * addresses.
 */
import { readFileSync } from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { InboundMailConfig } from '../../config-inbound';
import { recipientAllowed, type ReceivedMessage, type Refusal } from '../../domain/inbound-mail';
import type { Logger } from '../../logger';

/** What the listener hands a message to. Throws when the message could not be stored (451). */
export interface InboundSink {
  accept(message: ReceivedMessage): Promise<{ refused: Refusal } | { stored: { id: string; status: string } }>;
}

/** How long a stop waits for sessions in progress before it closes them (421). */
export const CLOSE_TIMEOUT_MS = 5_000;

/** Headers that say a message was sent by a machine, read as text. */
const AUTOMATIC_HEADERS = ['auto-submitted', 'x-autoreply', 'x-autorespond', 'precedence'];

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/** The allowed clients as a block list (checked as "is in the list"); null: any client. */
function clientList(entries: readonly string[]): net.BlockList | null {
  if (entries.length === 0) return null;
  const list = new net.BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split('/');
    const family = net.isIPv6(address) ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

function admitted(list: net.BlockList | null, remote: string): boolean {
  if (!list) return true;
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(remote)?.[1];
  if (v4) return list.check(v4, 'ipv4');
  return list.check(remote, net.isIPv6(remote) ? 'ipv6' : 'ipv4');
}

function headerText(parsed: ParsedMail, name: string): string | undefined {
  const value = parsed.headers.get(name);
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && 'value' in value) return String(value.value);
  return String(value);
}

/** The message as the sink takes it; an unparseable one keeps its envelope and bytes. */
export function receivedMessage(
  raw: Buffer,
  parsed: ParsedMail | null,
  session: SMTPServerSession,
  arrivedAt: Date,
): ReceivedMessage {
  const from = parsed?.from?.value[0];
  const contentType = parsed ? headerText(parsed, 'content-type') : undefined;
  return {
    raw,
    arrivedAt,
    envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
    envelopeTo: session.envelope.rcptTo.map((r) => r.address),
    headers: Object.fromEntries(AUTOMATIC_HEADERS.map((h) => [h, parsed ? headerText(parsed, h) : undefined])),
    contentType: (contentType ?? 'text/plain').toLowerCase(),
    fromAddress: from?.address || null,
    fromName: from?.name || null,
    subject: parsed?.subject ?? '',
    text: (parsed?.text ?? '').trim(),
    sentAt: parsed?.date ?? null,
    messageId: parsed?.messageId ?? null,
    attachments: (parsed?.attachments ?? []).map((a) => ({
      fileName: a.filename ?? null,
      contentType: a.contentType || 'application/octet-stream',
      content: a.content,
    })),
    unparseable: parsed === null,
  };
}

export class SmtpListener {
  private readonly server: SMTPServer;
  private readonly clients: net.BlockList | null;

  constructor(
    private readonly settings: InboundMailConfig,
    private readonly sink: InboundSink,
    private readonly options: { now: () => Date; logger: Logger },
  ) {
    this.clients = clientList(settings.allowedClients);
    const tls = settings.tls;
    this.server = new SMTPServer({
      logger: false,
      banner: 'complaints mailbox',
      size: settings.maxBytes,
      rejectOversized: true,
      // An internal relay's listener: the relay is trusted by its address, not by a password.
      authOptional: true,
      disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
      ...(tls ? { key: readFileSync(tls.keyFile), cert: readFileSync(tls.certFile) } : {}),
      closeTimeout: CLOSE_TIMEOUT_MS,
      onConnect: (session, callback) =>
        admitted(this.clients, session.remoteAddress)
          ? callback()
          : callback(smtpError(554, '5.7.1 This mailbox takes mail only from the organisation’s relay')),
      onRcptTo: (address, _session, callback) =>
        recipientAllowed(address.address, settings.recipients)
          ? callback()
          : callback(smtpError(550, `5.1.1 <${address.address}>: no such mailbox here`)),
      onData: (stream, session, callback) => this.receive(stream, session, callback),
    });
    this.server.on('error', (error) => options.logger.warn({ err: error }, 'inbound mail: connection error'));
  }

  /** Listens; resolves with the port (the one given, or the one the system chose for 0). */
  start(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.server.once('error', reject);
      this.server.listen(this.settings.port ?? 0, this.settings.host, () => {
        this.server.server.off('error', reject);
        resolve((this.server.server.address() as AddressInfo).port);
      });
    });
  }

  /** Stops taking connections; sessions in progress have CLOSE_TIMEOUT_MS to finish. */
  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private receive(
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    callback: (err?: Error | null, message?: string) => void,
  ): void {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= this.settings.maxBytes) chunks.push(chunk);
    });
    stream.on('end', () => {
      if (stream.sizeExceeded) {
        callback(smtpError(552, `5.3.4 The message is larger than ${this.settings.maxBytes} bytes`));
        return;
      }
      this.decide(Buffer.concat(chunks), session).then(
        (answer) => (typeof answer === 'string' ? callback(null, answer) : callback(answer)),
        (error) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    });
  }

  /** The answer to a message's data: a 250 text, or an error with its code. */
  private async decide(raw: Buffer, session: SMTPServerSession): Promise<string | Error> {
    const arrivedAt = this.options.now();
    let parsed: ParsedMail | null = null;
    try {
      parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
    } catch (error) {
      this.options.logger.warn({ err: error }, 'inbound mail: a message could not be parsed; it is quarantined');
    }
    try {
      const outcome = await this.sink.accept(receivedMessage(raw, parsed, session, arrivedAt));
      if ('refused' in outcome) {
        this.options.logger.info(
          { code: outcome.refused.code, reason: outcome.refused.message },
          'inbound mail: refused',
        );
        return smtpError(outcome.refused.code, outcome.refused.message);
      }
      const { id, status } = outcome.stored;
      this.options.logger.info({ inboundMessageId: id, status, bytes: raw.length }, 'inbound mail: stored');
      return `2.0.0 Stored as ${id}`;
    } catch (error) {
      this.options.logger.warn({ err: error }, 'inbound mail: the message could not be stored; the sender will retry');
      return smtpError(451, '4.3.0 The message could not be stored just now: please try again later');
    }
  }
}
