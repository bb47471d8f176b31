/**
 * JSON logs (pino). Logs never carry tokens or personal data (SPEC §1.14): tokens, GraphQL
 * variables, SQL parameters and personal fields are redacted by path, and email addresses are
 * scrubbed from error messages (an SMTP refusal names its recipient).
 */
import pino, { type Logger } from 'pino';

export type { Logger };

const PERSONAL_FIELDS = [
  'email',
  'recipientAddress',
  'firstName',
  'lastName',
  'address',
  'phone',
  'ethnicity',
  'disability',
  'qualifications',
  'training',
  'summary',
  'description',
  'note',
];

const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;

function scrub(text: unknown): unknown {
  return typeof text === 'string' ? text.replace(EMAIL, '[email]') : text;
}

/** pino's error serializer, without SQL parameters and with email addresses scrubbed. */
function serializeError(error: Error): Record<string, unknown> {
  const serialized = pino.stdSerializers.err(error) as unknown as Record<string, unknown>;
  const { parameters: _parameters, driverError: _driverError, ...rest } = serialized;
  return { ...rest, message: scrub(rest.message), stack: scrub(rest.stack) };
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'complaints-gateway' },
      serializers: { err: serializeError },
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
          'parameters',
          '*.parameters',
          ...PERSONAL_FIELDS,
          ...PERSONAL_FIELDS.map((f) => `*.${f}`),
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
