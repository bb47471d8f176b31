/** The suite's global setup, made to fail after it started the database (CANARY=setup) or in its teardown (CANARY=teardown). */
import type { TestProject } from 'vitest/node';
import setup from '../global-setup';

export default async function canarySetup(project: TestProject): Promise<() => Promise<void>> {
  const teardown = await setup(project);
  if (process.env.CANARY === 'setup') {
    await teardown();
    throw new Error('canary: the global setup fails');
  }
  return async () => {
    await teardown();
    if (process.env.CANARY === 'teardown') throw new Error('canary: the global teardown fails');
  };
}
