// A countdown to a server deadline: m:ss on screen, a spoken update only at a few moments.
import { serverNow } from './api.js';
import { clock, spokenDuration } from './format.js';

function milestone(seconds: number): string {
  if (seconds <= 0) return 'over';
  if (seconds <= 10) return 's10';
  if (seconds <= 30) return 's30';
  return `m${Math.ceil(seconds / 60)}`;
}

/**
 * Counts down to `expiresAt` (ISO, from the server) in `timer`, and tells screen readers through
 * `spoken` (a polite live region) at each new minute and at 30 and 10 seconds, never every second.
 * Returns a function that stops it.
 */
export interface CountdownOptions {
  timer: HTMLElement;
  /** A polite live region, or null for none. */
  spoken?: HTMLElement | null;
  /** ISO time, from the server. */
  expiresAt: string;
  /** What runs out, for the spoken words ("Your hold"). */
  what: string;
  onExpire?: () => void;
}

export function startCountdown({ timer, spoken, expiresAt, what, onExpire }: CountdownOptions): () => void {
  const end = Date.parse(expiresAt);
  timer.dataset.expiresAt = expiresAt;
  let lastMilestone: string | null = null;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    const left = end - serverNow();
    timer.textContent = clock(left);
    const mark = milestone(Math.ceil(left / 1000));
    if (mark !== lastMilestone) {
      lastMilestone = mark;
      if (spoken)
        spoken.textContent = mark === 'over' ? `${what}: time is up.` : `${what}: ${spokenDuration(left)} left.`;
    }
    if (left <= 0) {
      stop();
      onExpire?.();
    }
  };
  const interval = setInterval(tick, 250);
  const stop = () => {
    stopped = true;
    clearInterval(interval);
  };
  tick();
  return stop;
}
