/**
 * The inbound mailbox's settings (issue 16): off unless INBOUND_SMTP_PORT is set. Defaults suit a
 * listener behind the organisation's own mail relay: loopback only, no AUTH (the relay is trusted by
 * its network address), STARTTLS only when a key and certificate are given.
 */
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ConfigError, integer } from './config-values';

export interface InboundMailConfig {
  /** The SMTP port (0: any free port); null: no listener. */
  port: number | null;
  host: string;
  /** Addresses (`complaints@example.org`) and domains (`@complaints.example.org`) mail is taken for. */
  recipients: string[];
  /** The largest message taken, in bytes (announced with SIZE; larger is refused 552). */
  maxBytes: number;
  /** The most attachments a message may carry (more is refused 552). */
  maxAttachments: number;
  /** Client addresses and networks (CIDR) allowed to connect; empty: any that reaches the listener. */
  allowedClients: string[];
  /** STARTTLS is offered with this PEM key and certificate (both, or neither). */
  tls: { keyFile: string; certFile: string } | null;
}

const MIB = 1024 * 1024;

function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function readRecipients(env: NodeJS.ProcessEnv): string[] {
  const recipients = list(env.INBOUND_SMTP_RECIPIENTS);
  if (recipients.length === 0)
    throw new ConfigError(
      'INBOUND_SMTP_RECIPIENTS is required with INBOUND_SMTP_PORT: the addresses (complaints@example.org) or ' +
        'domains (@complaints.example.org) the mailbox takes mail for',
    );
  for (const r of recipients)
    if (!/^[^\s@,]*@[^\s@,]+\.[^\s@,]+$/.test(r))
      throw new ConfigError(`INBOUND_SMTP_RECIPIENTS: "${r}" is neither an address nor @domain`);
  return recipients;
}

function readAllowedClients(env: NodeJS.ProcessEnv): string[] {
  const clients = list(env.INBOUND_SMTP_ALLOWED_CLIENTS);
  for (const c of clients) {
    const [address, prefix, extra] = c.split('/');
    const family = net.isIP(address);
    const bits = family === 6 ? 128 : 32;
    if (!family || extra !== undefined || (prefix !== undefined && !(/^\d+$/.test(prefix) && Number(prefix) <= bits)))
      throw new ConfigError(`INBOUND_SMTP_ALLOWED_CLIENTS: "${c}" is not an IP address or network (10.0.0.0/8)`);
  }
  return clients;
}

function readTls(env: NodeJS.ProcessEnv): InboundMailConfig['tls'] {
  const keyFile = env.INBOUND_SMTP_TLS_KEY_FILE?.trim();
  const certFile = env.INBOUND_SMTP_TLS_CERT_FILE?.trim();
  if (!keyFile && !certFile) return null;
  if (!keyFile || !certFile)
    throw new ConfigError('INBOUND_SMTP_TLS_KEY_FILE and INBOUND_SMTP_TLS_CERT_FILE go together: give both or neither');
  for (const [name, file] of [
    ['INBOUND_SMTP_TLS_KEY_FILE', keyFile],
    ['INBOUND_SMTP_TLS_CERT_FILE', certFile],
  ])
    if (!existsSync(file)) throw new ConfigError(`${name}: no file at ${file}`);
  return { keyFile: path.resolve(keyFile), certFile: path.resolve(certFile) };
}

export function readInboundMail(env: NodeJS.ProcessEnv): InboundMailConfig {
  const on = env.INBOUND_SMTP_PORT !== undefined && env.INBOUND_SMTP_PORT !== '';
  return {
    port: on ? integer(env, 'INBOUND_SMTP_PORT', 0, 0, 65535) : null,
    host: env.INBOUND_SMTP_HOST || '127.0.0.1',
    recipients: on ? readRecipients(env) : [],
    maxBytes: integer(env, 'INBOUND_SMTP_MAX_BYTES', 25 * MIB, 1024, 100 * MIB),
    maxAttachments: integer(env, 'INBOUND_SMTP_MAX_ATTACHMENTS', 10, 0, 100),
    allowedClients: readAllowedClients(env),
    tls: on ? readTls(env) : null,
  };
}
