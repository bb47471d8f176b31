import { defineConfig } from 'vitest/config';

/**
 * Tests that need a browser (SPEC §6): `npm run test:browser`, run by CI after installing Debian's
 * chromium. Kept out of `npm test` (vitest.config.mts includes test/ only). No database.
 */
export default defineConfig({
  test: {
    include: ['test-browser/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
