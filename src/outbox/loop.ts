import type { Logger } from 'pino';

export interface Loop {
  start(): void;
  /** Runs a pass now (or right after the current one) instead of waiting for the interval. */
  wake(): void;
  /** Waits for the pass in flight, then stops. */
  stop(): Promise<void>;
}

/**
 * Runs `pass` every `intervalMs`, and again at once while it reports more work or when woken.
 * Passes never overlap, and a failed pass is logged and retried on the next tick.
 */
export function createLoop(opts: {
  name: string;
  intervalMs: number;
  log: Logger;
  /** Returns true when there may be more work right away. */
  pass: () => Promise<boolean>;
}): Loop {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let wokenDuringPass = false;
  let stopped = true;

  const schedule = (ms: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, ms);
  };

  function run() {
    timer = null;
    if (stopped) return;
    if (running) {
      wokenDuringPass = true;
      return;
    }
    wokenDuringPass = false;
    running = opts
      .pass()
      .then(
        (more) => more,
        (err) => {
          opts.log.error({ err, loop: opts.name }, 'pass failed');
          return false;
        },
      )
      .then((more) => {
        running = null;
        schedule(more || wokenDuringPass ? 0 : opts.intervalMs);
      });
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },
    wake() {
      if (stopped) return;
      if (running) wokenDuringPass = true;
      else schedule(0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}

export interface RetentionLoop extends Loop {
  /** Deletes the rows past retention now; returns how many. */
  runOnce(): Promise<number>;
}

/** A loop that deletes a table's rows older than `retentionHours` every `intervalMs`, logging what it pruned. */
export function createRetentionLoop(opts: {
  name: string;
  /** What the rows are, for the log line. */
  rows: string;
  intervalMs: number;
  retentionHours: number;
  log: Logger;
  prune(retentionHours: number): Promise<number>;
}): RetentionLoop {
  const { log, retentionHours } = opts;
  async function runOnce(): Promise<number> {
    const pruned = await opts.prune(retentionHours);
    if (pruned > 0) log.info({ pruned, retentionHours }, `pruned old ${opts.rows}`);
    return pruned;
  }
  const loop = createLoop({
    name: opts.name,
    intervalMs: opts.intervalMs,
    log,
    pass: async () => {
      await runOnce();
      return false;
    },
  });
  return { ...loop, runOnce };
}
