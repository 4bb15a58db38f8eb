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

  it('sums the waiting rooms over the process, labelled only by state and by why a turn ended', async () => {
    const summary = (state: string, queued: number, active: number) => ({
      showId: `show-${state}-${queued}`,
      epoch: 1,
      lastSeq: 1,
      queueLength: 0,
      summary: { state, settings: null, queued, active, admittedTotal: 0, admittedLastMinute: 0 },
    });
    const live = [summary('admitting', 120, 30), summary('admitting', 5, 2), summary('paused', 40, 0)];
    const stats = {
      joins: 170,
      admissions: 45,
      turnsEnded: { expired: 4, confirmed: 9, released: 0, left: 1, revoked: 0 },
    };
    const metrics = createMetrics({
      liveShows: () => [],
      rooms: { describeLive: () => live as never, stats: () => stats },
    });
    let text = await metrics.render();
    expect(text).toMatch(/^showtime_rooms\{state="admitting"\} 2$/m);
    expect(text).toMatch(/^showtime_rooms\{state="paused"\} 1$/m);
    expect(text).toMatch(/^showtime_rooms\{state="soldOut"\} 0$/m);
    expect(text).toMatch(/^showtime_room_queued 165$/m);
    expect(text).toMatch(/^showtime_room_active 32$/m);
    expect(text).toMatch(/^showtime_room_joins_total 170$/m);
    expect(text).toMatch(/^showtime_room_admissions_total 45$/m);
    expect(text).toMatch(/^showtime_room_turns_ended_total\{reason="expired"\} 4$/m);
    expect(text).toMatch(/^showtime_room_turns_ended_total\{reason="released"\} 0$/m);
    // No series names a show.
    expect(text).not.toContain('show-');

    live.pop();
    stats.turnsEnded.expired = 6;
    text = await metrics.render();
    expect(text).toMatch(/^showtime_rooms\{state="paused"\} 0$/m);
    expect(text).toMatch(/^showtime_room_queued 125$/m);
    expect(text).toMatch(/^showtime_room_turns_ended_total\{reason="expired"\} 6$/m);
  });

  it('leaves the runtime counters out when the runtime has none', async () => {
    const text = await createMetrics({ liveShows: () => [] }).render();
    expect(text).not.toContain('showtime_journal_commits_total');
    expect(text).not.toContain('showtime_room');
    expect(text).toMatch(/^showtime_live_shows 0$/m);
  });
});
