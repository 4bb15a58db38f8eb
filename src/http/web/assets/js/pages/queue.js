// The waiting room: join (or resume) the queue for a show, watch the place move, go to the seat map when admitted.
import { api, serverNow } from '../api.js';
import { announce, byId, fill } from '../dom.js';
import { plural, spokenDuration } from '../format.js';
import { problemMessage } from '../problems.js';
import { followTicket, forgetAdmission, liveAdmission, roomOf, saveAdmission } from '../room.js';
import { requireUser } from '../session.js';
import { showTimeNodes, venueTime } from '../show-time.js';

const showId = byId('main').dataset.showId;
const showPath = `/api/shows/${encodeURIComponent(showId)}`;
const showPage = `/shows/${encodeURIComponent(showId)}`;
const startKey = `showtime.queue.${showId}`;
const ROOM_EVERY_MS = 10_000;
// A join refused as too early is tried again when the room opens, but at least this often.
const REJOIN_MAX_MS = 60_000;
const ANNOUNCE_MS = 30_000;
const JOIN_RETRY_MS = 3000;

const status = byId('queue-status');
const error = byId('queue-error');
let follow = null;
let room = null;
let ticket = null;
let roomTimer = null;
/** The venue's zone: every time on this page is on the venue's clock, as on the show page. */
let zone = 'UTC';

const stateNotes = {
  paused: 'Admission is paused for a moment. Your place is kept.',
  soldOut: 'Every seat is sold or held right now.',
};

/** How far along the line the customer has come since first seeing their place (kept for this tab). */
function progressOf(view) {
  let start = null;
  try {
    start = JSON.parse(sessionStorage.getItem(startKey) ?? 'null');
  } catch {
    start = null;
  }
  if (start?.ticketId !== view.ticketId || view.ahead > start.ahead) {
    start = { ticketId: view.ticketId, ahead: view.ahead };
    sessionStorage.setItem(startKey, JSON.stringify(start));
  }
  return Math.round((100 * (start.ahead - view.ahead)) / (start.ahead + 1));
}

function waitWords(seconds) {
  if (seconds === null || seconds === undefined) return 'Working it out…';
  if (seconds < 60) return 'Less than a minute';
  return `About ${spokenDuration(seconds * 1000)}`;
}

/** Screen readers hear the place when it changes, at most every ANNOUNCE_MS, not at every step. */
let lastAnnounced = 0;
function announcePlace(view) {
  if (view.position === null || view.position === undefined || Date.now() - lastAnnounced < ANNOUNCE_MS) return;
  lastAnnounced = Date.now();
  announce(`You are number ${view.position} in line.`);
}

function renderQueued(view) {
  byId('queue-panel').hidden = false;
  byId('queue-over').hidden = true;
  const preQueue = view.position === null || view.position === undefined;
  byId('queue-position').textContent = preQueue
    ? 'You are in the waiting room.'
    : `You are number ${new Intl.NumberFormat().format(view.position)} in line.`;
  byId('queue-ahead').textContent = preQueue
    ? ''
    : view.ahead === 0
      ? 'Nobody is ahead of you: you are next.'
      : `${plural(view.ahead, 'person', 'people')} ahead of you.`;
  const bar = byId('queue-bar');
  bar.value = preQueue ? 0 : progressOf(view);
  bar.setAttribute('aria-valuetext', preQueue ? 'Waiting for sales to open' : `${bar.value}% of the way`);
  byId('queue-wait').textContent = waitWords(view.estimatedWaitSeconds);
  byId('queue-rate').textContent = plural(view.admittedLastMinute, 'person', 'people');
  renderNote();
}

function renderNote() {
  const note = byId('queue-note');
  if (room?.state === 'preQueue' || room?.state === 'closed') {
    note.textContent = `Sales open ${venueTime(room.salesOpenAt, zone)}. Everyone who joins before then gets a place in line by random draw at that moment; later arrivals queue in order of arrival.`;
  } else {
    note.textContent = stateNotes[room?.state] ?? '';
  }
}

function renderOver(heading, text, link) {
  byId('queue-panel').hidden = true;
  const over = byId('queue-over');
  over.hidden = false;
  byId('queue-over-heading').textContent = heading;
  byId('queue-over-text').textContent = text;
  const a = byId('queue-over-link');
  a.href = link.href;
  a.textContent = link.text;
  byId('queue-over-heading').focus();
  announce(`${heading} ${text}`);
}

/** Returns false once the ticket needs no more following. */
function apply(view) {
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
    const view = await api(`${showPath}/queue`, { method: 'POST' });
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
    if (err.code === 'room_not_open') {
      room = (await roomOf(showId)) ?? room;
      const opensAt = room?.preQueueAt ? Date.parse(room.preQueueAt) : NaN;
      status.textContent = Number.isNaN(opensAt)
        ? 'There is no queue for this show right now.'
        : `The waiting room opens ${venueTime(room.preQueueAt, zone)}. This page joins by itself then.`;
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
    // In a rush the join itself may be turned away for a moment: try again rather than give up the place.
    if (err.status === 503 || err.status === 429 || err.status === 0) {
      status.textContent = `${problemMessage(err)} Trying again…`;
      setTimeout(join, JOIN_RETRY_MS);
      return;
    }
    error.textContent = problemMessage(err);
  }
}

byId('queue-leave').addEventListener('click', async () => {
  if (!ticket) return;
  try {
    await api(`${showPath}/queue/${encodeURIComponent(ticket.ticketId)}`, { method: 'DELETE' });
    follow?.stop();
    sessionStorage.removeItem(startKey);
    ticket = null;
    renderOver('You left the queue.', 'Your place has gone to the people behind you.', {
      href: byId('event-link').href,
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
    const show = await api(showPath);
    zone = show.timeZone || 'UTC';
    document.title = `Waiting room: ${show.title} · Showtime`;
    byId('queue-title').textContent = `Waiting room: ${show.title}`;
    fill(
      byId('queue-show'),
      showTimeNodes(show.startsAt, show.timeZone),
      ` · ${show.venue.name}, ${show.hall.name} · ${show.city.name}`,
    );
    const link = byId('event-link');
    link.href = `/events/${encodeURIComponent(show.eventId)}`;
    link.textContent = `← ${show.title}: all show times`;
  } catch (err) {
    status.textContent =
      err.status === 404 ? 'This show does not exist.' : `The show could not be loaded: ${problemMessage(err)}`;
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
