/** JSON logs (pino); tokens and personal data are redacted wherever they might appear. */
import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'complaints-gateway' },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'headers.authorization',
        'authorization',
        'token',
        '*.token',
        'variables',
        '*.variables',
        'password',
        '*.password',
      ],
      censor: '[redacted]',
    },
  });
}
