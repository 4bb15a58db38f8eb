import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/setup/summary-reporter.ts'],
    globalSetup: ['./test/setup/global-setup.ts'],
    // Separate processes: tests start servers, timers and child processes that must not share state.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
