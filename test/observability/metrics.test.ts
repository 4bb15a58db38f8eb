import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/observability/metrics.js';

describe('createMetrics', () => {
  it('reads the runtime counters at scrape time', async () => {
    const stats = { liveShows: 2, batches: 3, events: 7, commitMsTotal: 1500, maxBatch: 4, pipelined: 2 };
    const metrics = createMetrics({ liveShows: () => ['a', 'b'], stats: () => stats });
    let text = await metrics.render();
    expect(text).toMatch(/^showtime_journal_commits_total 3$/m);
    expect(text).toMatch(/^showtime_commands_committed_total 7$/m);
    expect(text).toMatch(/^showtime_commit_seconds_total 1\.5$/m);
    expect(text).toMatch(/^showtime_journal_max_batch_size 4$/m);
    expect(text).toMatch(/^showtime_journal_commits_pipelined_total 2$/m);
    expect(text).toMatch(/^showtime_live_shows 2$/m);

    stats.batches = 10;
    text = await metrics.render();
    expect(text).toMatch(/^showtime_journal_commits_total 10$/m);
  });

  it('leaves the runtime counters out when the runtime has none', async () => {
    const text = await createMetrics({ liveShows: () => [] }).render();
    expect(text).not.toContain('showtime_journal_commits_total');
    expect(text).toMatch(/^showtime_live_shows 0$/m);
  });
});
