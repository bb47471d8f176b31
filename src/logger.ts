/**
 * JSON logs (pino). Logs never carry tokens or personal data (SPEC §1.14): tokens, GraphQL
 * variables, SQL parameters and personal fields are redacted by path, and email addresses are
 * scrubbed from error messages (an SMTP refusal names its recipient). With tracing on, each line carries
 * the ids of the trace and span it was written in.
 */
import { context, trace } from '@opentelemetry/api';
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

/** Longest error message or stack a log line carries: a message may quote what a client sent. */
const LOGGED_TEXT_MAX = 2_000;

function scrub(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  const clipped = text.length > LOGGED_TEXT_MAX ? `${text.slice(0, LOGGED_TEXT_MAX)}…` : text;
  return clipped.replace(EMAIL, '[email]');
}

/** pino's error serializer, without SQL parameters and with email addresses scrubbed. */
function serializeError(error: Error): Record<string, unknown> {
  const serialized = pino.stdSerializers.err(error) as unknown as Record<string, unknown>;
  const { parameters: _parameters, driverError: _driverError, ...rest } = serialized;
  return { ...rest, message: scrub(rest.message), stack: scrub(rest.stack) };
}

/** `trace_id` and `span_id` of the active span (src/telemetry/tracing.ts), if there is one. */
function traceIds(): object {
  const span = trace.getSpan(context.active());
  // A new object each time: pino merges the line's fields into it.
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}

export interface LoggerOptions {
  /** Tracing is on: every line written within a span says which (OpenTelemetry's log field names). */
  traceIds?: boolean;
}

export function createLogger(level: string, destination?: pino.DestinationStream, options: LoggerOptions = {}): Logger {
  return pino(
    {
      level,
      ...(options.traceIds ? { mixin: traceIds } : {}),
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
