// The waiting room as the site sees it: the admission token kept per show, and a queue ticket followed live.
import { api, ApiProblem, isAbort, readEvents, serverNow } from './api.js';
import type { RoomView, TicketView } from './api-types.js';

const admissionKey = (showId: string): string => `showtime.admission.${showId}`;
const WAIT_SECONDS = 25;
const RETRY_MS = 3000;
const REOPEN_MS = 500;

/**
 * How long to wait before trying a refused request again: the server's Retry-After when it sent one
 * (never sooner), else `fallbackMs`, plus up to half as much again at random, so the customers a busy
 * server turned away in one instant do not all come back in the next.
 */
export function retryDelayMs(err: unknown, fallbackMs: number, random: () => number = Math.random): number {
  const base = err instanceof ApiProblem && err.retryAfterMs !== null ? err.retryAfterMs : fallbackMs;
  return Math.round(base * (1 + random() / 2));
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Room states in which the seat map is behind the queue (soldOut lets people reach the waitlist). */
const gatedStates = new Set<RoomView['state']>(['closed', 'preQueue', 'admitting', 'paused']);

/** A turn in the seat map, as this tab keeps it. */
export interface Admission {
  token: string;
  turnEndsAt: string | null;
  ticketId: string;
}

/**
 * The show's room, or null when it has none or cannot be read: a room that cannot be asked about is
 * left to the hold endpoint, which answers 403 queue_required if a token was needed after all.
 */
export async function roomOf(showId: string): Promise<RoomView | null> {
  try {
    return await api<RoomView>(`/api/shows/${encodeURIComponent(showId)}/room`);
  } catch {
    return null;
  }
}

/** Whether a customer without an admission must go through the queue before the seat map. */
export function roomGates(room: RoomView | null): boolean {
  return room !== null && room.enabled && gatedStates.has(room.state);
}

/**
 * Kept in sessionStorage, not localStorage: a turn belongs to this tab's visit and ends within
 * minutes, so it should not outlive the tab or be shared with a second one.
 */
export function saveAdmission(showId: string, ticket: TicketView): void {
  sessionStorage.setItem(
    admissionKey(showId),
    JSON.stringify({ token: ticket.admissionToken, turnEndsAt: ticket.turnEndsAt, ticketId: ticket.ticketId }),
  );
}

/** The admission for this show while its turn lasts, else null (an expired one is forgotten). */
export function liveAdmission(showId: string): Admission | null {
  let saved: Partial<Admission> | null = null;
  try {
    saved = JSON.parse(sessionStorage.getItem(admissionKey(showId)) ?? 'null');
  } catch {
    saved = null;
  }
  if (!saved?.token) return null;
  if (saved.turnEndsAt && Date.parse(saved.turnEndsAt) <= serverNow()) {
    forgetAdmission(showId);
    return null;
  }
  return saved as Admission;
}

export function forgetAdmission(showId: string): void {
  sessionStorage.removeItem(admissionKey(showId));
}

/** The header a hold in this show carries while the customer's turn lasts. */
export function admissionHeaders(showId: string): Record<string, string> {
  const admission = liveAdmission(showId);
  return admission ? { 'admission-token': admission.token } : {};
}

export function queuePageUrl(showId: string): string {
  return `/shows/${encodeURIComponent(showId)}/queue`;
}

function ticketPath(showId: string, ticketId: string): string {
  return `/api/shows/${encodeURIComponent(showId)}/queue/${encodeURIComponent(ticketId)}`;
}

export interface TicketFollower {
  /** Each new view of the ticket; false stops following. */
  onTicket(view: TicketView): boolean | void;
  /** The ticket is gone (404) or refused. */
  onGone(err: ApiProblem): void;
}

/**
 * Follows a ticket: the SSE stream first, long polls when the stream cannot be had or breaks (a proxy
 * that buffers, an expired token the long poll's refresh can renew). `onTicket(view)` returns false
 * to stop following; `onGone(err)` hears a ticket the server no longer knows (404) or refuses.
 */
export function followTicket(
  showId: string,
  ticketId: string,
  { onTicket, onGone }: TicketFollower,
): { stop(): void } {
  const controller = new AbortController();
  const { signal } = controller;
  const path = ticketPath(showId, ticketId);
  let stopped = false;
  const deliver = (view: TicketView): boolean => {
    if (stopped) return false;
    if (onTicket(view) === false) stopped = true;
    return !stopped;
  };

  async function longPoll() {
    let waitSeconds = 0;
    while (!stopped && !signal.aborted) {
      try {
        const view = await api<TicketView>(`${path}?waitSeconds=${waitSeconds}`, { signal });
        if (!deliver(view)) return;
        waitSeconds = WAIT_SECONDS;
      } catch (err) {
        if (isAbort(err) || signal.aborted) return;
        if (err instanceof ApiProblem && (err.status === 404 || err.status === 401 || err.status === 403)) {
          stopped = true;
          onGone(err);
          return;
        }
        await pause(retryDelayMs(err, RETRY_MS));
      }
    }
  }

  (async () => {
    // A stream the server ends (the room moved to another node) is opened again; one that cannot be
    // had at all gives way to long polls.
    while (!stopped && !signal.aborted) {
      try {
        await readEvents(`${path}/events`, (name, data) => name !== 'ticket' || deliver(data as TicketView), signal);
      } catch (err) {
        if (isAbort(err) || signal.aborted) return;
        if (err instanceof ApiProblem && err.status === 404) {
          stopped = true;
          onGone(err);
          return;
        }
        // A busy server that refused the stream is not asked again, by long poll, before it said.
        if (err instanceof ApiProblem && err.retryAfterMs !== null) await pause(retryDelayMs(err, RETRY_MS));
        break;
      }
      await pause(REOPEN_MS);
    }
    if (!stopped && !signal.aborted) await longPoll();
  })();

  return {
    stop() {
      stopped = true;
      controller.abort();
    },
  };
}
