/**
 * Tracing's pure rules (issue 17): when it is on, what a statement's text keeps, and that a job's
 * handler never sees the trace context its data carried (src/config-tracing.ts, src/telemetry/).
 */
import { describe, expect, it } from 'vitest';
import { readTracing } from '../src/config-tracing';
import { ConfigError } from '../src/config';
import { STATEMENT_TEXT_MAX, statementText } from '../src/telemetry/redact';
import { inBatchSpan, TRACE_CONTEXT_KEY } from '../src/telemetry/job-spans';

describe('tracing is on', () => {
  const ENDPOINT = 'http://collector:4318';
  it.each([
    [{}, null],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: '' }, null],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: ENDPOINT }, ENDPOINT],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${ENDPOINT}/v1/traces` }, `${ENDPOINT}/v1/traces`],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: ENDPOINT, OTEL_SDK_DISABLED: 'true' }, null],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: ENDPOINT, OTEL_SDK_DISABLED: 'false' }, ENDPOINT],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: ENDPOINT, OTEL_TRACES_EXPORTER: 'none' }, null],
  ])('with %o: endpoint %s', (env, endpoint) => {
    expect(readTracing(env).endpoint).toBe(endpoint);
  });

  it('under OTEL_SERVICE_NAME, by default complaints-gateway', () => {
    expect(readTracing({}).serviceName).toBe('complaints-gateway');
    expect(readTracing({ OTEL_SERVICE_NAME: 'complaints-worker' }).serviceName).toBe('complaints-worker');
  });

  it.each([
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'localhost 4318' }, /not a valid URL/],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, /http or https/],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://collector:4317' }, /http or https/],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, /OTLP over HTTP only/],
  ])('refuses %o', (env, message) => {
    expect(() => readTracing(env)).toThrow(ConfigError);
    expect(() => readTracing(env)).toThrow(message);
  });
});

describe("a statement's text in a span", () => {
  it.each([
    [
      'SELECT * FROM complaints WHERE id = $1 AND status = ANY($2)',
      'SELECT * FROM complaints WHERE id = $1 AND status = ANY($2)',
    ],
    [
      `SELECT append_partner_read('Alex Applicant', 'it''s', E'back\\\\slash')`,
      `SELECT append_partner_read('?', '?', E'?')`,
    ],
    [`UPDATE pgboss.job SET state = 'completed' WHERE id = $1`, `UPDATE pgboss.job SET state = '?' WHERE id = $1`],
    ['DO $body$ SELECT 1 $body$; SELECT $$Alex$$', 'DO $$?$$; SELECT $$?$$'],
    [`SELECT 'unterminated Alex`, `SELECT '?'`],
  ])('%s', (text, expected) => {
    expect(statementText(text)).toBe(expected);
  });

  it(`is cut at ${STATEMENT_TEXT_MAX} characters`, () => {
    const text = `SELECT ${'x, '.repeat(STATEMENT_TEXT_MAX)}1`;
    expect(statementText(text)).toHaveLength(STATEMENT_TEXT_MAX + 1);
    expect(statementText(text).endsWith('…')).toBe(true);
  });
});

describe("a job's trace context", () => {
  it('is taken out of its data before its handler runs, tracing on or off', async () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const jobs = [
      { id: 'a', data: { notificationId: 'n1', [TRACE_CONTEXT_KEY]: { traceparent } } as object },
      { id: 'b', data: { notificationId: 'n2' } as object },
    ];
    const seen = await inBatchSpan(null, 'notification-delivery', jobs, async () => jobs.map((j) => j.data));
    expect(seen).toEqual([{ notificationId: 'n1' }, { notificationId: 'n2' }]);
  });
});
