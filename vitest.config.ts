import os from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Failing over to the standby leaves one node hanging every request in about half the runs (older
 * commits do it too; the cause is not found yet, issue #10).
 * Until it is fixed it runs on its own, `npm run test:db-failover`, and `npm test` says it left it out.
 */
const knownHanging = process.env.SHOWTIME_RUN_DB_FAILOVER === '1' ? [] : ['test/cluster/db-failover.test.ts'];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...knownHanging],
    reporters: ['default', './test/setup/summary-reporter.ts'],
    globalSetup: ['./test/setup/global-setup.ts'],
    // Separate processes: tests start servers, timers and child processes that must not share state.
    pool: 'forks',
    // Most files wait on PostgreSQL, Chromium or child processes, not on the CPU, and each has a database
    // and ports of its own: a worker per core (vitest's default, one less, is a single worker on two cores).
    maxWorkers: Math.max(2, os.availableParallelism()),
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
