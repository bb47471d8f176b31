/** The committed migrations build exactly the schema the entities describe (no drift, no synchronize). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './fixtures/database';

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
});
