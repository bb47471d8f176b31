/**
 * OpenTelemetry tracing (issue 17), off unless an OTLP endpoint is configured (src/config-tracing.ts):
 * then, and only then, the SDK is loaded and started. What is traced is the gateway's own spans (an HTTP
 * request: src/telemetry/http-spans.ts; its GraphQL operation: graphql-spans.ts; a job batch:
 * job-spans.ts) and, below them, every PostgreSQL statement (`@opentelemetry/instrumentation-pg`).
 * Nothing personal leaves in a span: statements go without their parameters and with their literals
 * blanked (redact.ts), errors by their type or code only.
 */
import { context, propagation, trace, type Tracer } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import pg from 'pg';
import type { TracingConfig } from '../config-tracing';
import { statementText, WithoutErrorMessages } from './redact';

/** Tracing as the rest of the process sees it: a tracer for its own spans, and the way to stop. */
export interface Tracing {
  tracer: Tracer;
  /**
   * Exports what has ended (for at most EXPORT_AT_STOP_MS: an unreachable collector must not hold up the
   * stop), then takes every hook out (PostgreSQL's, the global context and propagator).
   */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  /** Tests: spans go here (an in-memory exporter), each as it ends, instead of the OTLP endpoint. */
  exporter?: SpanExporter;
}

/** How long a stop waits for the last spans to be exported (the process's stop has a bound: src/shutdown.ts). */
export const EXPORT_AT_STOP_MS = 2_000;

/** The name spans of the gateway's own are recorded under (their instrumentation scope). */
export const TRACER_NAME = 'complaints-gateway';

let running: Tracing | null = null;

/**
 * Starts tracing when `config` names an endpoint; null (and nothing loaded, nothing hooked) otherwise.
 * One per process: the context manager, the propagator and the patch of `pg` are the process's.
 */
export async function startTracing(config: TracingConfig, options: TracingOptions = {}): Promise<Tracing | null> {
  if (config.endpoint === null) return null;
  if (running) throw new Error('tracing is already started in this process');
  const [{ NodeTracerProvider }, { BatchSpanProcessor, SimpleSpanProcessor }, { W3CTraceContextPropagator }] =
    await Promise.all([
      import('@opentelemetry/sdk-trace-node'),
      import('@opentelemetry/sdk-trace-base'),
      import('@opentelemetry/core'),
    ]);
  const { defaultResource, detectResources, envDetector, resourceFromAttributes } =
    await import('@opentelemetry/resources');
  const exporter = new WithoutErrorMessages(options.exporter ?? (await otlpExporter()));
  const provider = new NodeTracerProvider({
    resource: defaultResource()
      .merge(detectResources({ detectors: [envDetector] }))
      .merge(resourceFromAttributes({ 'service.name': config.serviceName })),
    // A test reads each span as soon as it ends; the OTLP endpoint gets them in batches, off the request's path.
    spanProcessors: [options.exporter ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter)],
  });
  // The W3C trace context only: a caller's baggage is not carried on (into job data, for one).
  provider.register({ propagator: new W3CTraceContextPropagator() });
  const unpatchPg = await instrumentPg(provider);
  const tracing: Tracing = {
    tracer: provider.getTracer(TRACER_NAME),
    async shutdown() {
      if (running !== tracing) return;
      running = null;
      unpatchPg();
      let timer: NodeJS.Timeout | undefined;
      const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, EXPORT_AT_STOP_MS)));
      await Promise.race([provider.shutdown().catch(() => undefined), bound]);
      clearTimeout(timer);
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
  running = tracing;
  return tracing;
}

async function otlpExporter(): Promise<SpanExporter> {
  // OTLP over HTTP; it reads OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT, _HEADERS, _TIMEOUT and _COMPRESSION itself.
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
  return new OTLPTraceExporter();
}

/**
 * A span for each statement sent inside a span of the gateway's (none for pg-boss's polling and
 * maintenance, nor for start-up), with its text redacted and no connection spans. `pg` is loaded long
 * before tracing starts (and by every module that uses it, TypeORM's and pg-boss's included), so the
 * instrumentation is not left to hook `require` (it would never see pg again): its patch is applied to the
 * loaded module, the one instance they all share, and taken off at shutdown.
 */
async function instrumentPg(provider: import('@opentelemetry/api').TracerProvider): Promise<() => void> {
  const { PgInstrumentation } = await import('@opentelemetry/instrumentation-pg');
  const instrumentation = new PgInstrumentation({
    enabled: false,
    requireParentSpan: true,
    ignoreConnectSpans: true,
    requestHook: (span, { query }) => span.setAttribute('db.query.text', statementText(query.text)),
  });
  instrumentation.setTracerProvider(provider);
  const definition = instrumentation.getModuleDefinitions().find((d) => d.name === 'pg');
  if (!definition?.patch || !definition.unpatch) throw new Error('the pg instrumentation has no patch for pg');
  const { patch, unpatch } = definition;
  patch(pg);
  return () => unpatch(pg);
}
