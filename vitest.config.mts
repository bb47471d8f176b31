import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 has no "exports" map: Vite would pick index.mjs for our sources while Node loads
    // index.js for type-graphql and Apollo, giving two graphql instances. Point both at Node's choice.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['reflect-metadata'],
    // Generous: a test waits on events with its own bound (test/fixtures/wait.ts) and says what it
    // saw; these only stop a test that hangs. A busy machine makes the suite slower, never red.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
