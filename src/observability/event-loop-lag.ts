/** How late this process's event loop runs, for load shedding: a timer that should fire every tick. */
export interface LagMonitor {
  /** The recent lag in ms: the latest delay, or a decaying memory of a larger one. */
  lagMs(): number;
  stop(): void;
}

/**
 * A stall is seen only when the loop turns again, and the requests that piled up during it are served
 * in the next turns, so a large delay is remembered, halving each `tickMs` instead of vanishing at
 * the first prompt tick.
 */
export function createLagMonitor(tickMs = 100): LagMonitor {
  let lag = 0;
  let expected = performance.now() + tickMs;
  const timer = setInterval(() => {
    const now = performance.now();
    lag = Math.max(now - expected, lag / 2);
    expected = now + tickMs;
  }, tickMs);
  timer.unref();
  return { lagMs: () => lag, stop: () => clearInterval(timer) };
}
