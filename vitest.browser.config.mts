import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * Tests that need a browser (SPEC §6): `npm run test:browser`, run by CI after installing Debian's
 * chromium. Kept out of `npm test` (vitest.config.mts includes test/ only). The same global setup as
 * the suite (a built gateway, an embedded PostgreSQL with a migrated template) for pages the gateway serves.
 */
export default defineConfig({
  resolve: {
    // As in vitest.config.mts: one graphql instance for our sources, type-graphql and Apollo.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test-browser/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['reflect-metadata'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
