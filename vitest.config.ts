import os from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/setup/summary-reporter.ts'],
    globalSetup: ['./test/setup/global-setup.ts'],
    // Separate processes: tests start servers, timers and child processes that must not share state.
    pool: 'forks',
    // Most files wait on PostgreSQL, Chromium or child processes, not on the CPU, and each has a database
    // and ports of its own: a worker per core (vitest's default, one less, is a single worker on two cores).
    maxWorkers: Math.max(2, os.availableParallelism()),
    // A bound on a hung test, not a speed check: two files at once on a busy 2-core machine can take
    // several times their quiet duration, and a timeout there would fail a test that is right.
    testTimeout: 90_000,
    hookTimeout: 120_000,
  },
});
