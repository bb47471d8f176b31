/** The committed migrations build exactly the schema the entities describe (no drift, no synchronize). */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabaseIfMissing, grantAppRole, prepareSchema, withDatabase } from '../src/db/database';
import { createDataSource } from '../src/db/data-source';
import { ReferenceSequences1796587797631 } from '../src/db/migrations/1796587797631-reference-sequences';
import { createTestDatabase, type TestDatabase } from './fixtures/database';
import { Factory } from './fixtures/factories';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.drop();
});

describe('migrations', () => {
  it('leave nothing for the entities to change (run `npm run migration:generate -- Name` when this fails)', async () => {
    const pending = await db.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('are all applied, and the application role cannot edit the audit trail', async () => {
    expect(await db.dataSource.showMigrations()).toBe(false);
    await expect(db.dataSource.query(`UPDATE audit_events SET action = 'x'`)).rejects.toThrow(/permission denied/);
    await expect(db.dataSource.query(`DELETE FROM audit_events`)).rejects.toThrow(/permission denied/);
    await expect(db.dataSource.query(`DELETE FROM migrations`)).rejects.toThrow(/permission denied/);
    const [role] = await db.dataSource.query(
      `SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`,
    );
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
  });

  it('carry the reference counters over to sequences and back (ReferenceSequences up and down)', async () => {
    const owner: DataSource = createDataSource({ url: db.ownerUrl, poolSize: 1 });
    await owner.initialize();
    const runner = owner.createQueryRunner();
    const migration = new ReferenceSequences1796587797631();
    const draw = async (year: number) =>
      (await runner.query('SELECT next_complaint_reference($1) AS r', [year]))[0].r as string;
    try {
      await migration.down(runner);
      // The counters as the previous schema kept them; 2026 is behind a complaint already numbered.
      await runner.query('INSERT INTO reference_counters (year, last) VALUES (2025, 41), (2026, 7)');
      await new Factory(db.dataSource).complaint({ reference: 'CMP-2026-000012' });
      await migration.up(runner);
      expect(await runner.query(`SELECT to_regclass('reference_counters') AS t`)).toEqual([{ t: null }]);
      expect([await draw(2025), await draw(2026), await draw(2027)]).toEqual([
        'CMP-2025-000042',
        'CMP-2026-000013',
        'CMP-2027-000001',
      ]);
      await migration.down(runner);
      expect(await runner.query('SELECT year, last FROM reference_counters ORDER BY year')).toEqual([
        { year: 2025, last: 42 },
        { year: 2026, last: 13 },
        { year: 2027, last: 1 },
      ]);
      await migration.up(runner);
      await grantAppRole(db.ownerUrl, db.appUrl);
      const [{ r }] = await db.dataSource.query('SELECT next_complaint_reference(2026) AS r');
      expect(r).toBe('CMP-2026-000014');
    } finally {
      await runner.release();
      await owner.destroy();
    }
  });
});

describe('replicas starting together', () => {
  it('prepare an empty database once between them: migrations, grants and the queue schema', async () => {
    const { ownerUrl: serverUrl, appUser, appPassword } = inject('database');
    const name = `test_start_${randomBytes(6).toString('hex')}`;
    await createDatabaseIfMissing(serverUrl, name);
    const ownerUrl = withDatabase(serverUrl, name);
    const appUrl = withDatabase(serverUrl, name, { user: appUser, password: appPassword });
    try {
      // Unserialised, these failed with "tuple concurrently updated" or a migration applied twice.
      await Promise.all([1, 2, 3, 4].map(() => prepareSchema(ownerUrl, appUrl)));
      const app = createDataSource({ url: appUrl, poolSize: 1 });
      await app.initialize();
      try {
        expect(await app.showMigrations()).toBe(false);
        expect(await app.query('SELECT count(*)::int AS n FROM complaints')).toEqual([{ n: 0 }]);
      } finally {
        await app.destroy();
      }
    } finally {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    }
  });
});
