/**
 * The canary: a test that fails on purpose (CANARY=pass makes it pass). CI runs it through the
 * suite's own global setup, embedded PostgreSQL included, and stops unless the run exits non-zero;
 * test/verdict.test.ts runs it too, with a failing global setup and teardown as well.
 */
import { expect, it } from 'vitest';

it('fails, so that the run must exit non-zero', () => {
  expect(process.env.CANARY === 'pass' ? 2 : 1).toBe(2);
});
