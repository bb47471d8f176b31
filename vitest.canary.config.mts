import { defineConfig } from 'vitest/config';
import suite from './vitest.config.mjs';

/**
 * The canary run (`npx vitest run --config vitest.canary.config.mts`): the suite's configuration
 * and global setup with only test/canary/, which fails on purpose. CI requires a non-zero exit.
 */
export default defineConfig({
  ...suite,
  test: { ...suite.test, include: ['test/canary/**/*.canary.ts'], globalSetup: ['test/canary/global-setup.ts'] },
});
