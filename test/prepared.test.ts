/** Generated reads as named statements (src/db/prepared.ts): planned once per connection, and bounded in number. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREPARED_PER_CONNECTION, preparedCount, preparedQuery, statementName } from '../src/db/prepared';
import { createTestDatabase, type TestDatabase } from './fixtures/database';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.drop();
});

/** Runs `work` on one connection (a transaction's manager), with what PostgreSQL has prepared on it. */
async function onOneConnection<T>(work: (em: import('typeorm').EntityManager) => Promise<T>): Promise<T> {
  return db.dataSource.transaction(work);
}

const preparedNames = async (em: import('typeorm').EntityManager) =>
  (await em.query<{ name: string }[]>('SELECT name FROM pg_prepared_statements')).map((r) => r.name);

describe('prepared reads', () => {
  it('prepare a text once on a connection and run it again by name, with its parameters', async () => {
    await onOneConnection(async (em) => {
      const text = 'SELECT $1::int + 1 AS n';
      expect(await preparedQuery(em, text, [1])).toEqual([{ n: 2 }]);
      expect(await preparedQuery(em, text, [41])).toEqual([{ n: 42 }]);
      const names = await preparedNames(em);
      expect(names.filter((n) => n === statementName(text))).toHaveLength(1);
      expect(await preparedCount(em)).toBe(1);
    });
  });

  it(`keep at most ${PREPARED_PER_CONNECTION} on a connection, the least recently used deallocated first`, async () => {
    await onOneConnection(async (em) => {
      const text = (i: number) => `SELECT ${i} AS n`;
      await preparedQuery(em, text(0), []);
      for (let i = 1; i < PREPARED_PER_CONNECTION; i++) await preparedQuery(em, text(i), []);
      await preparedQuery(em, text(0), []); // used again: now the most recent
      await preparedQuery(em, text(PREPARED_PER_CONNECTION), []); // one too many: text(1) goes
      const names = new Set(await preparedNames(em));
      expect(names.size).toBe(PREPARED_PER_CONNECTION);
      expect(names.has(statementName(text(0)))).toBe(true);
      expect(names.has(statementName(text(1)))).toBe(false);
      expect(await preparedQuery(em, text(1), [])).toEqual([{ n: 1 }]); // prepared again when needed
    });
  });

  it("run side by side on one full connection (one request's transaction) without deallocating twice", async () => {
    await onOneConnection(async (em) => {
      for (let i = 0; i < PREPARED_PER_CONNECTION; i++) await preparedQuery(em, `SELECT ${i} AS n, 'full' AS f`, []);
      // Each needs room at once; a statement already prepared is used by another of them meanwhile.
      const texts = Array.from({ length: 40 }, (_, i) =>
        i % 2 ? `SELECT ${i} AS n, 'new' AS f` : `SELECT ${PREPARED_PER_CONNECTION - 1 - i} AS n, 'full' AS f`,
      );
      const answers = await Promise.all(texts.map((text) => preparedQuery<{ n: number }>(em, text, [])));
      expect(answers.map(([row]) => row.n)).toEqual(texts.map((_, i) => (i % 2 ? i : PREPARED_PER_CONNECTION - 1 - i)));
      expect((await preparedNames(em)).length).toBe(PREPARED_PER_CONNECTION);
    });
  });

  it('do not remember a text that failed, so nothing is deallocated that was never prepared', async () => {
    const runner = db.dataSource.createQueryRunner();
    try {
      const em = runner.manager;
      const bad = 'SELECT nonsense FROM nowhere';
      const before = await preparedCount(em); // the pooled connection may hold earlier tests' statements
      await expect(preparedQuery(em, bad, [])).rejects.toThrow(/nowhere/);
      expect(await preparedCount(em)).toBeLessThanOrEqual(before);
      expect(await preparedNames(em)).not.toContain(statementName(bad));
      // Every name remembered is one PostgreSQL holds: making room later deallocates only those.
      expect((await preparedNames(em)).length).toBeGreaterThanOrEqual(await preparedCount(em));
      expect(await preparedQuery(em, 'SELECT 7 AS n', [])).toEqual([{ n: 7 }]);
    } finally {
      await runner.release();
    }
  });
});
