// The waiting room: join (or resume) the queue for a show, watch the place move, go to the seat map when admitted.
import type { RoomView, ShowDetails, TicketView } from '../api-types.js';
import { api, ApiProblem, serverNow } from '../api.js';
import { announce, fill } from '../dom.js';
import { layoutIds, queueIds } from '../element-ids.js';
import { element } from '../elements.js';
import { plural, spokenDuration } from '../format.js';
import { problemMessage } from '../problems.js';
import { followTicket, forgetAdmission, liveAdmission, retryDelayMs, roomOf, saveAdmission } from '../room.js';
import { requireUser } from '../session.js';
import { showTimeNodes, venueTime } from '../show-time.js';

/** A ticket as the server shows it, or the end a refused join stands for. */
type ShownTicket = TicketView | { status: 'soldOut' | 'ended' };

// The server renders data-show-id from the page's path, so it is always there.
const showId = element(layoutIds.main).dataset.showId ?? '';
const showPath = `/api/shows/${encodeURIComponent(showId)}`;
const showPage = `/shows/${encodeURIComponent(showId)}`;
const startKey = `showtime.queue.${showId}`;
const ROOM_EVERY_MS = 10_000;
// A join refused as too early is tried again when the room opens, but at least this often.
const REJOIN_MAX_MS = 60_000;
const ANNOUNCE_MS = 30_000;
const JOIN_RETRY_MS = 3000;

const status = element(queueIds.queueStatus);
const error = element(queueIds.queueError);
let follow: { stop(): void } | null = null;
let room: RoomView | null = null;
let ticket: ShownTicket | null = null;
let roomTimer: ReturnType<typeof setTimeout> | undefined;
/** The venue's zone: every time on this page is on the venue's clock, as on the show page. */
let zone = 'UTC';

const stateNotes: Partial<Record<RoomView['state'], string>> = {
  paused: 'Admission is paused for a moment. Your place is kept.',
  soldOut: 'Every seat is sold or held right now.',
};

/** How far along the line the customer has come since first seeing their place (kept for this tab). */
function progressOf(view: TicketView): number {
  let start: { ticketId: string; ahead: number } | null = null;
  try {
    start = JSON.parse(sessionStorage.getItem(startKey) ?? 'null');
  } catch {
    start = null;
  }
  if (!start || start.ticketId !== view.ticketId || view.ahead > start.ahead) {
    start = { ticketId: view.ticketId, ahead: view.ahead };
    sessionStorage.setItem(startKey, JSON.stringify(start));
  }
  return Math.round((100 * (start.ahead - view.ahead)) / (start.ahead + 1));
}

function waitWords(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return 'Working it out…';
  if (seconds < 60) return 'Less than a minute';
  return `About ${spokenDuration(seconds * 1000)}`;
}

/** Screen readers hear the place when it changes, at most every ANNOUNCE_MS, not at every step. */
let lastAnnounced = 0;
function announcePlace(view: TicketView) {
  if (view.position === null || view.position === undefined || Date.now() - lastAnnounced < ANNOUNCE_MS) return;
  lastAnnounced = Date.now();
  announce(`You are number ${view.position} in line.`);
}

function renderQueued(view: TicketView) {
  element(queueIds.queuePanel).hidden = false;
  element(queueIds.queueOver).hidden = true;
  const preQueue = view.position === null || view.position === undefined;
  element(queueIds.queuePosition).textContent =
    view.position === null || view.position === undefined
      ? 'You are in the waiting room.'
      : `You are number ${new Intl.NumberFormat().format(view.position)} in line.`;
  element(queueIds.queueAhead).textContent = preQueue
    ? ''
    : view.ahead === 0
      ? 'Nobody is ahead of you: you are next.'
      : `${plural(view.ahead, 'person', 'people')} ahead of you.`;
  const bar = element(queueIds.queueBar, HTMLProgressElement);
  bar.value = preQueue ? 0 : progressOf(view);
  bar.setAttribute('aria-valuetext', preQueue ? 'Waiting for sales to open' : `${bar.value}% of the way`);
  element(queueIds.queueWait).textContent = waitWords(view.estimatedWaitSeconds);
  element(queueIds.queueRate).textContent = plural(view.admittedLastMinute, 'person', 'people');
  renderNote();
}

function renderNote() {
  const note = element(queueIds.queueNote);
  if (room?.salesOpenAt && (room.state === 'preQueue' || room.state === 'closed')) {
    note.textContent = `Sales open ${venueTime(room.salesOpenAt, zone)}. Everyone who joins before then gets a place in line by random draw at that moment; later arrivals queue in order of arrival.`;
  } else {
    note.textContent = (room && stateNotes[room.state]) ?? '';
  }
}

function renderOver(heading: string, text: string, link: { href: string; text: string }) {
  element(queueIds.queuePanel).hidden = true;
  const over = element(queueIds.queueOver);
  over.hidden = false;
  const overHeading = element(queueIds.queueOverHeading);
  overHeading.textContent = heading;
  element(queueIds.queueOverText).textContent = text;
  const a = element(queueIds.queueOverLink, HTMLAnchorElement);
  a.href = link.href;
  a.textContent = link.text;
  overHeading.focus();
  announce(`${heading} ${text}`);
}

/** Returns false once the ticket needs no more following. */
function apply(view: ShownTicket): boolean {
  const before = ticket?.status;
  ticket = view;
  switch (view.status) {
    case 'queued':
      renderQueued(view);
      if (before && before !== 'queued') announce('You are back in line.');
      else if (before) announcePlace(view);
      return true;
    case 'admitted':
      if (!view.admissionToken) return true;
      saveAdmission(showId, view);
      status.textContent = 'It is your turn. Opening the seat map…';
      announce('It is your turn. Opening the seat map.');
      location.assign(showPage);
      return false;
    case 'done':
      forgetAdmission(showId);
      renderOver('Your turn has ended.', 'The time to hold seats is over, or your seats were booked or released.', {
        href: showPage,
        text: 'Back to the show',
      });
      return false;
    case 'soldOut':
      renderOver('Sold out.', 'Every seat is sold or held. Seats that free up go to the waitlist first.', {
        href: `${showPage}#waitlist`,
        text: 'Join the waitlist',
      });
      return false;
    case 'ended':
      forgetAdmission(showId);
      renderOver('The waiting room is closed.', 'There is no queue for this show any more.', {
        href: showPage,
        text: 'Go to the seat map',
      });
      return false;
    default:
      return true;
  }
}

async function refreshRoom() {
  clearTimeout(roomTimer);
  if (!document.hidden) {
    const fresh = await roomOf(showId);
    if (fresh) room = fresh;
    renderNote();
  }
  if (ticket?.status === 'queued') roomTimer = setTimeout(refreshRoom, ROOM_EVERY_MS);
}

async function join() {
  error.textContent = '';
  try {
    const view = await api<TicketView>(`${showPath}/queue`, { method: 'POST' });
    status.textContent = '';
    if (!apply(view)) return;
    refreshRoom();
    follow?.stop();
    follow = followTicket(showId, view.ticketId, {
      onTicket: apply,
      onGone: (err) => {
        if (err.status === 401) location.reload();
        else join();
      },
    });
  } catch (err) {
    if (!(err instanceof ApiProblem)) {
      error.textContent = problemMessage(err);
      return;
    }
    if (err.code === 'room_not_open') {
      room = (await roomOf(showId)) ?? room;
      const preQueueAt = room?.preQueueAt;
      const opensAt = preQueueAt ? Date.parse(preQueueAt) : NaN;
      status.textContent =
        !preQueueAt || Number.isNaN(opensAt)
          ? 'There is no queue for this show right now.'
          : `The waiting room opens ${venueTime(preQueueAt, zone)}. This page joins by itself then.`;
      if (room?.enabled) {
        const wait = Number.isNaN(opensAt) ? REJOIN_MAX_MS : Math.max(1000, opensAt - serverNow() + 500);
        setTimeout(join, Math.min(wait, REJOIN_MAX_MS));
      } else {
        renderOver('No waiting room.', 'This show has no queue: seats are picked on the seat map.', {
          href: showPage,
          text: 'Go to the seat map',
        });
      }
      return;
    }
    if (err.code === 'room_ended' || err.code === 'sold_out') {
      apply({ status: err.code === 'sold_out' ? 'soldOut' : 'ended' });
      return;
    }
    // In a rush the join itself may be turned away for a moment: try again rather than give up the
    // place, when the server says (Retry-After).
    if (err.status === 503 || err.status === 429 || err.status === 0) {
      status.textContent = `${problemMessage(err)} Trying again…`;
      setTimeout(join, retryDelayMs(err, JOIN_RETRY_MS));
      return;
    }
    error.textContent = problemMessage(err);
  }
}

element(queueIds.queueLeave).addEventListener('click', async () => {
  if (!ticket || !('ticketId' in ticket)) return;
  try {
    await api(`${showPath}/queue/${encodeURIComponent(ticket.ticketId)}`, { method: 'DELETE' });
    follow?.stop();
    sessionStorage.removeItem(startKey);
    ticket = null;
    renderOver('You left the queue.', 'Your place has gone to the people behind you.', {
      href: element(queueIds.eventLink, HTMLAnchorElement).href,
      text: 'Back to the show times',
    });
  } catch (err) {
    error.textContent = problemMessage(err);
  }
});

async function main() {
  await requireUser();
  if (liveAdmission(showId)) {
    location.assign(showPage);
    return;
  }
  status.textContent = 'Joining the queue…';
  try {
    const show = await api<ShowDetails>(showPath);
    zone = show.timeZone || 'UTC';
    document.title = `Waiting room: ${show.title} · Showtime`;
    element(queueIds.queueTitle).textContent = `Waiting room: ${show.title}`;
    fill(
      element(queueIds.queueShow),
      showTimeNodes(show.startsAt, show.timeZone),
      ` · ${show.venue.name}, ${show.hall.name} · ${show.city.name}`,
    );
    const link = element(queueIds.eventLink, HTMLAnchorElement);
    link.href = `/events/${encodeURIComponent(show.eventId)}`;
    link.textContent = `← ${show.title}: all show times`;
  } catch (err) {
    status.textContent =
      err instanceof ApiProblem && err.status === 404
        ? 'This show does not exist.'
        : `The show could not be loaded: ${problemMessage(err)}`;
    return;
  }
  room = await roomOf(showId);
  await join();
}

document.addEventListener('visibilitychange', () => {
  if (!document.hidden && ticket?.status === 'queued') refreshRoom();
});
window.addEventListener('pagehide', () => follow?.stop());

main();
