/**
 * A worker process (`node dist/src/worker-main.js`) has its own `/healthz`, `/readyz` and `/metrics` on
 * WORKER_PORT, answered by the gateway's code: ready once its workers run, its deliveries counted, closed
 * once it has stopped.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../src/config';
import { createTestDatabase, type TestDatabase } from './fixtures/database';
import { notificationStatuses, spawnWorker, writeNotifications, type Spawned } from './fixtures/processes';
import { waitUntil } from './fixtures/wait';

let db: TestDatabase;
let dataDir: string;

beforeAll(async () => {
  db = await createTestDatabase();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'worker-endpoint-'));
  await chmod(dataDir, 0o755);
});

afterAll(async () => {
  await db?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

/** The worker's endpoint, from its `workers ready` log line. */
async function endpointOf(worker: Spawned): Promise<string> {
  const line = await waitUntil(
    'the worker process to be ready',
    () =>
      worker
        .output()
        .split('\n')
        .find((l) => l.includes('"msg":"workers ready"')) ?? worker.child.exitCode,
    (seen) => seen !== undefined && seen !== null,
  );
  if (typeof line !== 'string') throw new Error(`the worker exited (${line}): ${worker.output()}`);
  return JSON.parse(line).url as string;
}

async function get(url: string): Promise<{ status: number; type: string | null; body: string }> {
  const response = await fetch(url);
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
}

/** A counter's value in Prometheus text (0 when absent). */
function counter(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('the worker process endpoint', () => {
  it('answers /healthz, /readyz and /metrics (deliveries counted), and closes when it stops', async () => {
    const worker = spawnWorker(db, dataDir, { LOG_LEVEL: 'info', WORKER_PORT: '0' });
    try {
      const origin = await endpointOf(worker);
      expect(origin).toMatch(/^http:\/\/localhost:\d+$/);
      expect(await get(`${origin}/healthz`)).toEqual({
        status: 200,
        type: 'application/json',
        body: JSON.stringify({ status: 'ok' }),
      });
      expect(await get(`${origin}/readyz`)).toEqual({
        status: 200,
        type: 'application/json',
        body: JSON.stringify({ status: 'ready', checks: { database: true, migrations: true, workers: true } }),
      });
      expect((await get(`${origin}/graphql`)).status).toBe(404);

      await writeNotifications(db, dataDir, { name: 'worker-endpoint', count: 3, retryLimit: 3, expireSeconds: 30 });
      await waitUntil(
        'the three notifications to be SENT',
        () => notificationStatuses(db),
        (s) => s.SENT === 3,
      );
      const metrics = await waitUntil(
        'the worker to count its deliveries',
        async () => get(`${origin}/metrics`),
        (m) => counter(m.body, 'gateway_notification_deliveries_total{channel="EMAIL"}') === 3,
      );
      expect(metrics.status).toBe(200);
      expect(metrics.type).toMatch(/^text\/plain/);
      expect(metrics.body).toContain('# TYPE gateway_notification_queue_depth gauge');
      expect(metrics.body).toContain('# TYPE process_cpu_seconds_total counter');

      worker.child.kill('SIGTERM');
      expect(await worker.exited).toBe(0);
      expect(worker.output()).toContain('"msg":"workers stopped"');
      await expect(fetch(`${origin}/healthz`)).rejects.toThrow();
    } finally {
      await worker.stop('SIGKILL');
    }
  });

  it('is configured by WORKER_PORT: a port, 0 for any free one, or off', () => {
    expect(readConfig({}).operations.workerPort).toBe(9465);
    expect(readConfig({ WORKER_PORT: '0' }).operations.workerPort).toBe(0);
    expect(readConfig({ WORKER_PORT: 'off' }).operations.workerPort).toBeNull();
    expect(() => readConfig({ WORKER_PORT: '70000' })).toThrowError(
      new ConfigError('WORKER_PORT must be a port from 0 to 65535 or off, got "70000"'),
    );
  });
});
