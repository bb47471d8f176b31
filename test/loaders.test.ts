/**
 * A request's DataLoaders: made when first used, caching what they read for the rest of the request,
 * and emptied by `forgetLoaded` after a change (src/services/mutation.ts), so a mutation's payload
 * never shows what was read before it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RowScope } from '../src/auth/row-scope';
import { Role } from '../src/domain/enums';
import { createLoaders, forgetLoaded } from '../src/read/loaders';
import { createTestDatabase, type TestDatabase } from './fixtures/database';
import { Factory } from './fixtures/factories';

let db: TestDatabase;
let staffId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  const f = new Factory(db.dataSource);
  const area = await f.serviceArea({ name: 'North East' });
  staffId = (await f.staff({ serviceAreaId: area.id, lastName: 'Before' })).id;
});

afterAll(async () => {
  await db?.drop();
});

describe('loaders', () => {
  const scope = () => new RowScope({ subject: 'officer', role: Role.CST_OFFICER, staffId: null, providerId: null });

  /** The loaders a request has made so far (src/read/loaders.ts keeps them in `made`). */
  const made = (loaders: object) => Object.keys((loaders as { made: object }).made);

  it('are made when first used, once', () => {
    const loaders = createLoaders(db.dataSource.manager, scope());
    expect(made(loaders)).toEqual([]);
    const staff = loaders.staff;
    expect(loaders.staff).toBe(staff);
    expect(made(loaders)).toEqual(['staff']);
    expect(createLoaders(db.dataSource.manager, scope()).staff).not.toBe(staff);
  });

  it('keep what they read until forgotten, and then read it again', async () => {
    const loaders = createLoaders(db.dataSource.manager, scope());
    expect((await loaders.staff.load(staffId))?.lastName).toBe('Before');
    await db.dataSource.query(`UPDATE staff SET last_name = 'After' WHERE id = $1`, [staffId]);
    expect((await loaders.staff.load(staffId))?.lastName).toBe('Before');
    forgetLoaded(loaders);
    expect((await loaders.staff.load(staffId))?.lastName).toBe('After');
    // Forgetting makes no loader that was never used.
    expect(made(loaders)).toEqual(['staff']);
  });
});
