/**
 * The inbound mailbox of one process (issue 16): the SMTP listener wired to the mailbox service, when
 * INBOUND_SMTP_PORT is set. It runs in whichever process has the setting — the gateway (`npm start`:
 * one process in development) or a worker process (`node dist/src/worker-main.js`), which keeps the
 * SMTP port and the parsing of large messages away from the API replicas in production. A message is
 * stored with the gateway as its actor, in a transaction of its own; the workers (any process's)
 * then make it a draft complaint or correspondence.
 */
import type { DataSource } from 'typeorm';
import type { Config } from './config';
import { SmtpListener } from './integrations/inbound-mail/smtp-listener';
import type { Logger } from './logger';
import type { Outbox } from './services/context';
import { systemWrite } from './services/mutation';
import type { Services } from './services/services';

export interface InboundMail {
  /** The port it listens on. */
  port: number;
  stop(): Promise<void>;
}

export interface InboundMailOptions {
  config: Config;
  dataSource: DataSource;
  outbox: Outbox;
  services: Pick<Services, 'inboundMail'>;
  logger: Logger;
  now?: () => Date;
}

/** Starts listening when INBOUND_SMTP_PORT is set; null when it is not. */
export async function startInboundMail(options: InboundMailOptions): Promise<InboundMail | null> {
  const { config, dataSource, outbox, services, logger } = options;
  const settings = config.inboundMail;
  if (settings.port === null) return null;
  const now = options.now ?? (() => new Date());
  const listener = new SmtpListener(
    settings,
    {
      accept: async (message) => {
        const refused = services.inboundMail.refusal(message, settings.maxAttachments);
        if (refused) return { refused };
        const stored = await dataSource.transaction((tx) =>
          services.inboundMail.store(systemWrite(tx, now, outbox, config), message),
        );
        return { stored };
      },
    },
    { now, logger },
  );
  const port = await listener.start();
  logger.info({ host: settings.host, port, recipients: settings.recipients }, 'inbound mail: listening for SMTP');
  return { port, stop: () => listener.stop() };
}
