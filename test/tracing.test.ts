/**
 * OpenTelemetry tracing (issue 17), with an in-memory exporter in place of the OTLP endpoint: a GraphQL
 * request is an HTTP span with its operation's span below it and PostgreSQL's spans below that; a job
 * batch and each job have their spans, linked to the request that enqueued them; log lines carry the
 * trace id; nothing personal is in any span. With no endpoint nothing is started, hooked or recorded.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../src/auth/tokens';
import { readTracing } from '../src/config-tracing';
import { Role } from '../src/domain/enums';
import type { Case, Party, Staff } from '../src/entities';
import { createLogger } from '../src/logger';
import { startTracing, type Tracing } from '../src/telemetry/tracing';
import { createTestDatabase, type TestDatabase } from './fixtures/database';
import { Factory } from './fixtures/factories';
import { startTestGateway, type TestGateway } from './fixtures/gateway';
import { startGatewayProcess } from './fixtures/processes';
import { waitUntil } from './fixtures/wait';

let db: TestDatabase;
let officer: Staff;
let kase: Case;
let party: Party;

beforeAll(async () => {
  db = await createTestDatabase();
  const f = new Factory(db.dataSource);
  const area = await f.serviceArea();
  const court = await f.court();
  officer = await f.staff({ role: Role.CST_OFFICER, lastName: 'Officer' });
  kase = await f.case({ courtId: court.id, serviceAreaId: area.id });
  party = await f.party(kase.id, { lastName: 'Quartermaine' });
});

afterAll(async () => {
  await db?.drop();
});

/** What a request's log lines say, parsed. */
function capturedLog(traceIds: boolean) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: createLogger('info', stream, { traceIds }) };
}

const QUEUE = `query OfficerQueue { me { role } complaints(first: 5) { totalCount edges { node { reference } } } }`;

const RECORD = `mutation RecordForTracing($input: RecordComplaintInput!) {
  recordComplaint(input: $input) { complaint { id reference } errors { code field } }
}`;

/** Personal data a complaint is recorded with: no span may carry any of it. */
const PERSONAL = ['Zebedee', 'Quartermaine', 'zebedee@example.org', 'skipped three sessions'];

const complaintInput = () => ({
  channel: 'EMAIL',
  receivedAt: new Date(Date.now() - 3_600_000).toISOString(),
  summary: 'The report says I skipped three sessions, which I attended.',
  caseId: kase.id,
  complainant: {
    kind: 'ADULT_PARTY',
    firstName: 'Zebedee',
    lastName: 'Quartermaine',
    partyId: party.id,
    email: 'zebedee@example.org',
  },
});

const idOf = (span: ReadableSpan) => span.spanContext().spanId;
const traceOf = (span: ReadableSpan) => span.spanContext().traceId;
const childrenOf = (spans: ReadableSpan[], parent: ReadableSpan) =>
  spans.filter((s) => s.parentSpanContext?.spanId === idOf(parent) && s.parentSpanContext.traceId === traceOf(parent));
const isStatement = (span: ReadableSpan) => span.instrumentationScope.name === '@opentelemetry/instrumentation-pg';

/** Everything a span says that an exporter sends, as text. */
const textOf = (span: ReadableSpan) =>
  JSON.stringify([span.name, span.attributes, span.events, span.status, span.links, span.resource.attributes]);

describe('with an OTLP endpoint', () => {
  const exporter = new InMemorySpanExporter();
  const log = capturedLog(true);
  let tracing: Tracing;
  let gw: TestGateway;
  let token: string;

  beforeAll(async () => {
    const config = readTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' });
    tracing = (await startTracing(config, { exporter }))!;
    gw = await startTestGateway(db, { tracing, logger: log.logger, env: { WORKERS: 'on' } });
    token = await gw.token(Role.CST_OFFICER, officer.id);
  });

  afterAll(async () => {
    await gw?.stop();
    await tracing?.shutdown();
  });

  it('traces a GraphQL request: its HTTP span, the operation below it, its statements below that', async () => {
    const result = await gw.query(QUEUE, {}, token);
    expect(result.errors).toBeUndefined();
    // The HTTP span ends when the answer has gone, which the client may see first.
    const [operation, request] = await waitUntil(
      'the request and operation spans',
      () => {
        const spans = exporter.getFinishedSpans();
        const op = spans.find((s) => s.name === 'query OfficerQueue');
        return [op, spans.find((s) => op && idOf(s) === op.parentSpanContext?.spanId)] as const;
      },
      ([op, http]) => op !== undefined && http !== undefined,
    );
    expect(request).toMatchObject({ name: 'POST /graphql', kind: SpanKind.SERVER });
    expect(request!.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/graphql',
      'http.response.status_code': 200,
    });
    expect(operation!.attributes).toMatchObject({
      'graphql.operation.type': 'query',
      'graphql.operation.name': 'OfficerQueue',
    });
    const statements = childrenOf(exporter.getFinishedSpans(), operation!).filter(isStatement);
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(statement.kind).toBe(SpanKind.CLIENT);
      expect(statement.attributes['db.system.name']).toBe('postgresql');
    }
    expect(statements.map((s) => s.attributes['db.query.text']).join('\n')).toMatch(/FROM "?complaints"?/);
    // No resolver-level spans: the operation's children are statements only.
    expect(childrenOf(exporter.getFinishedSpans(), operation!).filter((s) => !isStatement(s))).toEqual([]);
    // The request's log line, written once the answer has gone, carries its trace.
    const line = await waitUntil(
      "the request's log line",
      () => log.lines.find((l) => l.msg === 'graphql' && l.trace_id === traceOf(request!)),
      (l) => l !== undefined,
    );
    expect(line).toMatchObject({ status: 200, span_id: idOf(request!) });
  });

  it("traces a mutation's jobs in spans linked to it, statements below them, and nothing personal", async () => {
    const result = await gw.query(RECORD, { input: complaintInput() }, token);
    expect(result.data.recordComplaint.errors).toEqual([]);
    const mutation = await waitUntil(
      'the mutation span',
      () => exporter.getFinishedSpans().find((s) => s.name === 'mutation RecordForTracing'),
      (s) => s !== undefined,
    );
    // The enqueuer's context went into the jobs' data: the deadline alerts' here, due later.
    const carried = await db.dataSource.query(
      `SELECT id FROM pgboss.job WHERE name = 'deadline-alert' AND data->>'complaintId' = $1
          AND data->'_trace'->>'traceparent' LIKE $2`,
      [result.data.recordComplaint.complaint.id, `00-${traceOf(mutation!)}-%`],
    );
    expect(carried.length).toBeGreaterThan(0);
    await db.dataSource.query(`UPDATE pgboss.job SET start_after = now() WHERE id = ANY($1)`, [
      carried.map((j: { id: string }) => j.id),
    ]);
    const linked = (s: ReadableSpan) => s.links.some((l) => l.context.traceId === traceOf(mutation!));
    const [batch, job] = await waitUntil(
      'the batch and job spans of a deadline alert',
      () => {
        const spans = exporter.getFinishedSpans();
        const j = spans.find((s) => s.name === 'deadline-alert job' && linked(s));
        return [spans.find((s) => j && idOf(s) === j.parentSpanContext?.spanId), j] as const;
      },
      ([b, j]) => b !== undefined && j !== undefined,
    );
    expect(batch).toMatchObject({ name: 'process deadline-alert', kind: SpanKind.CONSUMER });
    expect(batch!.parentSpanContext).toBeUndefined();
    expect(linked(batch!)).toBe(true);
    expect(batch!.attributes).toMatchObject({
      'messaging.destination.name': 'deadline-alert',
      'messaging.operation.type': 'process',
    });
    expect(carried.map((c: { id: string }) => c.id)).toContain(job!.attributes['messaging.message.id']);
    expect(childrenOf(exporter.getFinishedSpans(), job!).filter(isStatement).length).toBeGreaterThan(0);
    // Completing the batch is the batch's statement.
    expect(childrenOf(exporter.getFinishedSpans(), batch!).filter(isStatement).length).toBeGreaterThan(0);
    for (const span of exporter.getFinishedSpans())
      for (const personal of PERSONAL) expect(textOf(span)).not.toContain(personal);
  });

  it('records a failed statement by its SQLSTATE, without its message or its literals', async () => {
    await tracing.tracer.startActiveSpan('failing', async (span) => {
      await db.dataSource.query(`SELECT 'Zebedee Quartermaine'::uuid`).catch(() => undefined);
      span.end();
    });
    const failing = exporter.getFinishedSpans().find((s) => s.name === 'failing')!;
    const [statement] = childrenOf(exporter.getFinishedSpans(), failing).filter(isStatement);
    expect(statement.status).toEqual({ code: SpanStatusCode.ERROR });
    expect(statement.attributes['db.query.text']).toBe(`SELECT '?'::uuid`);
    // The instrumentation's own account of the error: its type and SQLSTATE.
    expect(statement.events.map((e) => e.attributes?.['exception.message'])).toEqual([
      expect.stringContaining('(code: 22P02)'),
    ]);
    expect(textOf(statement)).not.toContain('Zebedee');
  });
});

describe('without an OTLP endpoint', () => {
  const exporter = new InMemorySpanExporter();
  // As main.ts makes it without an endpoint.
  const log = capturedLog(false);
  let tracing: Tracing | null;
  let gw: TestGateway;

  beforeAll(async () => {
    tracing = await startTracing(readTracing({}), { exporter });
    gw = await startTestGateway(db, { tracing, logger: log.logger, env: { WORKERS: 'on' } });
  });

  afterAll(async () => {
    await gw?.stop();
  });

  it('starts nothing, hooks nothing and records nothing', async () => {
    expect(tracing).toBeNull();
    // pg is not patched; the global tracer is OpenTelemetry's no-op one.
    expect((pg.Client.prototype.query as { __wrapped?: boolean }).__wrapped).toBeUndefined();
    expect(trace.getTracer('any').startSpan('any').isRecording()).toBe(false);
    const token = await gw.token(Role.CST_OFFICER, officer.id);
    expect((await gw.query(QUEUE, {}, token)).errors).toBeUndefined();
    const recorded = await gw.query(RECORD, { input: complaintInput() }, token);
    const jobs = await db.dataSource.query(`SELECT data FROM pgboss.job WHERE data->>'complaintId' = $1`, [
      recorded.data.recordComplaint.complaint.id,
    ]);
    expect(jobs.length).toBeGreaterThan(0);
    for (const { data } of jobs) expect(data).not.toHaveProperty('_trace');
    const lines = await waitUntil(
      "the requests' log lines",
      () => log.lines.filter((l) => l.msg === 'graphql'),
      (l) => l.length === 2,
    );
    for (const line of lines) expect(line).not.toHaveProperty('trace_id');
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});

/** An OTLP/HTTP collector on a free local port: what it is sent, as the spans' JSON (OTLP's JSON encoding). */
async function startCollector() {
  const spans: { name: string; traceId: string; parentSpanId?: string; spanId: string; service: string }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = JSON.parse((req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString());
      for (const { resource, scopeSpans } of body.resourceSpans ?? []) {
        const service = resource.attributes.find((a: any) => a.key === 'service.name')?.value.stringValue;
        for (const scope of scopeSpans) for (const span of scope.spans) spans.push({ ...span, service });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { spans, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('the gateway process with OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  it('sends its spans to the endpoint over OTLP/HTTP, and its log lines carry their trace ids', async () => {
    const secret = 'tracing-test-secret-long-enough-for-hs256';
    const collector = await startCollector();
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'gateway-tracing-'));
    const gateway = await startGatewayProcess(db, dataDir, {
      JWT_SECRET: secret,
      WORKERS: 'off',
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      // Batches leave every 100 ms rather than every 5 s.
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
    try {
      const token = await signToken(new TextEncoder().encode(secret), { role: Role.CST_OFFICER, subject: officer.id });
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: QUEUE, operationName: 'OfficerQueue' }),
      });
      expect(response.status).toBe(200);
      const operation = await waitUntil(
        'the operation span at the collector',
        () => collector.spans.find((s) => s.name === 'query OfficerQueue'),
        (s) => s !== undefined,
      );
      expect(operation!.service).toBe('complaints-gateway');
      const request = await waitUntil(
        'the request span at the collector',
        () => collector.spans.find((s) => s.spanId === operation!.parentSpanId),
        (s) => s !== undefined,
      );
      expect(request!.name).toBe('POST /graphql');
      expect(collector.spans.some((s) => s.name.startsWith('pg.query') && s.parentSpanId === operation!.spanId)).toBe(
        true,
      );
      const line = await waitUntil(
        "the request's log line",
        () =>
          gateway
            .output()
            .split('\n')
            .find((l) => l.includes('"msg":"graphql"')),
        (l) => l !== undefined,
      );
      expect(JSON.parse(line!)).toMatchObject({ operation: 'OfficerQueue', trace_id: request!.traceId });
    } finally {
      await gateway.stop('SIGTERM');
      collector.server.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
