/**
 * `/readyz` never hangs on a database that does not answer: with every connection of the gateway's
 * pool busy (held here by long statements), the probe gives up after its bound and answers 503 with
 * the database check false; once the connections are free again it answers 200.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './fixtures/database';
import { startTestGateway, type TestGateway } from './fixtures/gateway';
import { waitUntil } from './fixtures/wait';

let db: TestDatabase;
let gw: TestGateway;

beforeAll(async () => {
  db = await createTestDatabase();
  gw = await startTestGateway(db);
});

afterAll(async () => {
  await gw?.stop();
  await db?.drop();
});

async function readyz(): Promise<{ status: number; body: { status: string; checks: Record<string, boolean> } }> {
  const response = await fetch(`http://127.0.0.1:${gw.gateway.port}/readyz`);
  return {
    status: response.status,
    body: (await response.json()) as { status: string; checks: Record<string, boolean> },
  };
}

describe('/readyz', () => {
  it('answers 503 when the database does not answer in time, and 200 once it does', async () => {
    expect((await readyz()).status).toBe(200);
    // The test database's pool has 5 connections: hold all of them for longer than the probe waits.
    const held = Array.from({ length: 5 }, () => db.dataSource.query('SELECT pg_sleep(8)'));
    const busy = await readyz();
    expect(busy.status).toBe(503);
    expect(busy.body.checks.database).toBe(false);
    await Promise.all(held);
    await waitUntil('/readyz to answer 200 again', readyz, (r) => r.status === 200);
  });
});
