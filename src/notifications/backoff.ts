/**
 * Delay before the next attempt after `attempts` failed ones: exponential from `baseMs`, capped,
 * with "equal jitter" (half fixed, half random) so receivers that came back up are not hit by every
 * sender at the same instant. `random` is injected for tests.
 */
export function backoffMs(attempts: number, opts: { baseMs: number; maxMs: number; random?: () => number }): number {
  const exp = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, attempts - 1));
  const r = (opts.random ?? Math.random)();
  return Math.round(exp / 2 + (exp / 2) * r);
}
