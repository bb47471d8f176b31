/** Prometheus metrics (`GET /metrics`): requests and latency per operation, errors by code, SQL statements. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { totalStatements } from '../db/sql-counter';

export function createMetrics(queueDepth?: () => Promise<number>) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'gateway_graphql_requests_total',
    help: 'GraphQL requests by operation name',
    labelNames: ['operation'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'gateway_graphql_request_duration_seconds',
    help: 'GraphQL request latency by operation name',
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
    /** For the delivery workers (DeliveryMetrics). */
    delivery: {
      delivered: (channel: string) => deliveries.inc({ channel }),
      failed: (channel: string) => failures.inc({ channel }),
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
