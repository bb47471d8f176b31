/**
 * Prometheus metrics (`GET /metrics`): requests by operation and HTTP status, latency by operation, errors
 * by code, SQL statements. Nothing a client sends becomes a label before it is authenticated and its
 * operation validated, and then only as one of a bounded set of names (OperationLabels).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { totalStatements } from '../db/sql-counter';

/** Distinct operation names given a series of their own; later names share `other`. */
export const OPERATION_LABEL_CAP = 50;

/** Longest operation name given a series of its own. */
const OPERATION_NAME_MAX = 64;

/**
 * The operation label of each request. A request refused before its identity was known is
 * `unauthenticated`; one refused before its operation was resolved (bad JSON, too large, a syntax or
 * validation error, a bad input value) is `invalid`; a validated one is labelled by its operation's name
 * (`anonymous` without one) while fewer than OPERATION_LABEL_CAP names have been seen, else `other`.
 */
export class OperationLabels {
  private readonly known = new Set<string>();

  constructor(private readonly cap = OPERATION_LABEL_CAP) {}

  /** The label of a request whose operation was resolved: authenticated, parsed, validated, inputs checked. */
  resolved(operationName: string | null): string {
    if (!operationName) return 'anonymous';
    if (operationName.length > OPERATION_NAME_MAX) return 'other';
    if (this.known.has(operationName)) return operationName;
    if (this.known.size >= this.cap) return 'other';
    this.known.add(operationName);
    return operationName;
  }

  /** The label of any request: how far it got, and the label its resolved operation was given. */
  of(authenticated: boolean, resolved: string | null): string {
    if (!authenticated) return 'unauthenticated';
    return resolved ?? 'invalid';
  }
}

export function createMetrics(queueDepth?: () => Promise<number>) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'gateway_graphql_requests_total',
    help: 'GraphQL requests by operation (a bounded set of names) and HTTP status',
    labelNames: ['operation', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'gateway_graphql_request_duration_seconds',
    help: 'GraphQL request latency by operation (a bounded set of names)',
    labelNames: ['operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'gateway_graphql_errors_total',
    help: 'GraphQL errors by extensions.code',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  new Counter({
    name: 'gateway_sql_statements_total',
    help: 'SQL statements sent to PostgreSQL',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(totalStatements());
    },
  });
  const deliveries = new Counter({
    name: 'gateway_notification_deliveries_total',
    help: 'Notifications delivered, by channel',
    labelNames: ['channel'] as const,
    registers: [registry],
  });
  const failures = new Counter({
    name: 'gateway_notification_failures_total',
    help: 'Failed delivery attempts, by channel',
    labelNames: ['channel'] as const,
    registers: [registry],
  });
  if (queueDepth) {
    new Gauge({
      name: 'gateway_notification_queue_depth',
      help: 'Jobs waiting in the notification and deadline queues',
      registers: [registry],
      async collect() {
        this.set(await queueDepth());
      },
    });
  }
  return {
    registry,
    requests,
    latency,
    errors,
    operations: new OperationLabels(),
    /** For the delivery workers (DeliveryMetrics). */
    delivery: {
      delivered: (channel: string) => deliveries.inc({ channel }),
      failed: (channel: string) => failures.inc({ channel }),
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
