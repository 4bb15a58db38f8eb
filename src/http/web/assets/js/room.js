// The waiting room as the site sees it: the admission token kept per show, and a queue ticket followed live.
import { api, ApiProblem, getToken, serverNow } from './api.js';

const admissionKey = (showId) => `showtime.admission.${showId}`;
const WAIT_SECONDS = 25;
const RETRY_MS = 3000;
const REOPEN_MS = 500;

/** Room states in which the seat map is behind the queue (soldOut lets people reach the waitlist). */
const gatedStates = new Set(['closed', 'preQueue', 'admitting', 'paused']);

/**
 * The show's room, or null when it has none or cannot be read: a room that cannot be asked about is
 * left to the hold endpoint, which answers 403 queue_required if a token was needed after all.
 */
export async function roomOf(showId) {
  try {
    return await api(`/api/shows/${encodeURIComponent(showId)}/room`);
  } catch {
    return null;
  }
}

/** Whether a customer without an admission must go through the queue before the seat map. */
export function roomGates(room) {
  return Boolean(room?.enabled) && gatedStates.has(room.state);
}

/**
 * Kept in sessionStorage, not localStorage: a turn belongs to this tab's visit and ends within
 * minutes, so it should not outlive the tab or be shared with a second one.
 */
export function saveAdmission(showId, ticket) {
  sessionStorage.setItem(
    admissionKey(showId),
    JSON.stringify({ token: ticket.admissionToken, turnEndsAt: ticket.turnEndsAt, ticketId: ticket.ticketId }),
  );
}

/** The admission for this show while its turn lasts, else null (an expired one is forgotten). */
export function liveAdmission(showId) {
  let saved = null;
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
  return saved;
}

export function forgetAdmission(showId) {
  sessionStorage.removeItem(admissionKey(showId));
}

/** The header a hold in this show carries while the customer's turn lasts. */
export function admissionHeaders(showId) {
  const admission = liveAdmission(showId);
  return admission ? { 'admission-token': admission.token } : {};
}

export function queuePageUrl(showId) {
  return `/shows/${encodeURIComponent(showId)}/queue`;
}

function ticketPath(showId, ticketId) {
  return `/api/shows/${encodeURIComponent(showId)}/queue/${encodeURIComponent(ticketId)}`;
}

/** Reads `ticket` events off the SSE stream through fetch (EventSource cannot send the bearer token). */
async function readTicketStream(path, onTicket, signal) {
  const headers = { accept: 'text/event-stream' };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(path, { headers, signal });
  if (!res.ok || !res.body) throw new ApiProblem(res.status, await res.json().catch(() => null));
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n/g, '\n');
    let cut;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let name = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (name === 'ticket' && data.length > 0 && onTicket(JSON.parse(data.join('\n'))) === false) return;
    }
  }
}

/**
 * Follows a ticket: the SSE stream first, long polls when the stream cannot be had or breaks (a proxy
 * that buffers, an expired token the long poll's refresh can renew). `onTicket(view)` returns false
 * to stop following; `onGone(err)` hears a ticket the server no longer knows (404) or refuses.
 */
export function followTicket(showId, ticketId, { onTicket, onGone }) {
  const controller = new AbortController();
  const { signal } = controller;
  const path = ticketPath(showId, ticketId);
  let stopped = false;
  const deliver = (view) => {
    if (stopped) return false;
    if (onTicket(view) === false) stopped = true;
    return !stopped;
  };

  async function longPoll() {
    let waitSeconds = 0;
    while (!stopped && !signal.aborted) {
      try {
        const view = await api(`${path}?waitSeconds=${waitSeconds}`, { signal });
        if (!deliver(view)) return;
        waitSeconds = WAIT_SECONDS;
      } catch (err) {
        if (err.name === 'AbortError' || signal.aborted) return;
        if (err.status === 404 || err.status === 401 || err.status === 403) {
          stopped = true;
          onGone(err);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  (async () => {
    // A stream the server ends (the room moved to another node) is opened again; one that cannot be
    // had at all gives way to long polls.
    while (!stopped && !signal.aborted) {
      try {
        await readTicketStream(`${path}/events`, deliver, signal);
      } catch (err) {
        if (err.name === 'AbortError' || signal.aborted) return;
        if (err.status === 404) {
          stopped = true;
          onGone(err);
          return;
        }
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, REOPEN_MS));
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
