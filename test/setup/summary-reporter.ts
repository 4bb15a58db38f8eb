import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends the run with one plain line, `N passed, N failed, N skipped`, which CI reads as the verdict
 * whatever runner printed it.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const mod of testModules) {
      const moduleFailed = mod.state() === 'failed';
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') counts.failed++;
        // A test meant to run that did not because its file failed (a beforeAll threw: no browser,
        // no database) failed; only tests marked skip or todo count as skipped.
        else if (moduleFailed && (test.options.mode === 'run' || test.options.mode === 'only')) counts.failed++;
        else counts.skipped++;
      }
      // A file that failed to load has no tests to count but must not pass unnoticed.
      if (mod.state() === 'failed' && [...mod.children.allTests()].length === 0) counts.failed++;
    }
    process.stdout.write(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  }
}
