import type { RoomSettings } from './types.js';

/*
 * The admission rate. A token bucket refilled continuously in room time (the events' `now`), with a
 * burst of ceil(rate / 6) (ten seconds' worth), as the contract says. The bucket is stored as it was
 * at the last admission and its level is computed when read: a TICK that admits nobody changes
 * nothing, so the runtime can leave it out of the journal and a replay still reaches the same state.
 */

export interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Admissions counted per second of room time over the last minute: 60 counters, whatever the rate
 * or method (passthrough admits without limit, so a ring of admission times would have no bound).
 */
export interface RecentAdmissions {
  /** The last second (epoch ms / 1000, floored) that was counted. */
  second: number;
  /** counts[s % 60] for the seconds second-59..second. */
  counts: number[];
}

export const MINUTE_MS = 60_000;
const SECONDS = 60;

export function burstOf(admitPerMinute: number): number {
  return Math.ceil(admitPerMinute / 6);
}

export function tokensAt(bucket: Bucket, settings: RoomSettings, now: number): number {
  const refill = (Math.max(0, now - bucket.at) * settings.admitPerMinute) / MINUTE_MS;
  return Math.min(burstOf(settings.admitPerMinute), bucket.tokens + refill);
}

export function createRecent(): RecentAdmissions {
  return { second: 0, counts: new Array<number>(SECONDS).fill(0) };
}

export function noteAdmissions(recent: RecentAdmissions, now: number, count: number): void {
  const second = Math.floor(now / 1000);
  if (second > recent.second) {
    const stale = Math.min(SECONDS, second - recent.second);
    for (let k = 1; k <= stale; k++) recent.counts[(recent.second + k) % SECONDS] = 0;
    recent.second = second;
  }
  // A clock that stepped back counts the admission in the latest second, which keeps the total right.
  recent.counts[recent.second % SECONDS]! += count;
}

/** Admissions in the 60 seconds up to `now` (to the second). Reads only. */
export function admittedLastMinute(recent: RecentAdmissions, now: number): number {
  const age = Math.floor(now / 1000) - recent.second;
  if (age >= SECONDS) return 0;
  let sum = 0;
  const span = SECONDS - Math.max(0, age);
  for (let j = 0; j < span; j++) sum += recent.counts[(((recent.second - j) % SECONDS) + SECONDS) % SECONDS]!;
  return sum;
}
