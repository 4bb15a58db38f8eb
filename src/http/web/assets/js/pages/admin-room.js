// Admin: one show's waiting room. Configure it, pause, resume or end it, and watch it live.
import { api } from '../api.js';
import { requireAdmin } from '../admin-gate.js';
import { clearErrors, isoToVenueLocal, showProblem, venueLocalToIso } from '../admin-forms.js';
import { confirmDialog } from '../confirm-dialog.js';
import { announce, byId } from '../dom.js';
import { time } from '../format.js';
import { problemMessage } from '../problems.js';
import { venueTime } from '../show-time.js';

const showId = byId('main').dataset.showId;
const roomPath = `/api/shows/${encodeURIComponent(showId)}/room`;
const adminRoomPath = `/api/admin/shows/${encodeURIComponent(showId)}/room`;
const LIVE_EVERY_MS = 2000;

const stateWords = {
  closed: 'Closed (not open yet)',
  preQueue: 'Pre-queue (joining, not admitting)',
  admitting: 'Admitting',
  paused: 'Paused',
  soldOut: 'Sold out',
  ended: 'Ended',
};

const form = byId('room-form');
const formError = byId('room-form-error');
const actionResult = byId('room-action-result');
let liveTimer = null;
let filled = false;
/** The room's times are typed and shown on the venue's clock, like the show's own. */
let zone = 'UTC';

function say(el, text, kind = 'success') {
  el.className = kind;
  el.textContent = text;
  announce(text);
}

function renderLive(room) {
  const count = (n) => new Intl.NumberFormat().format(n ?? 0);
  // An ended room is no longer enabled, but it is not the same as never having had one.
  const shown = room.enabled || room.state === 'ended';
  const state = shown ? room.state : 'off';
  const stateEl = byId('room-state');
  stateEl.textContent = shown ? (stateWords[room.state] ?? room.state) : 'No waiting room';
  stateEl.dataset.state = state;
  byId('room-queued').textContent = count(room.queued);
  byId('room-active').textContent = room.enabled ? `${count(room.active)} of ${count(room.maxActive)}` : '0';
  byId('room-rate').textContent = room.enabled
    ? `${count(room.admittedLastMinute)} (limit ${count(room.admitPerMinute)})`
    : '0';
  byId('room-total').textContent = count(room.admittedTotal);
  byId('room-updated').textContent = `· updated ${time(new Date().toISOString())}`;
  byId('room-pause').disabled = !['preQueue', 'admitting'].includes(room.state) || !room.enabled;
  byId('room-resume').disabled = room.state !== 'paused';
  byId('room-end').disabled = !room.enabled || room.state === 'ended';
  byId('room-save').disabled = room.state === 'ended';
}

/** The form shows the saved settings once; after that it is the admin's until saved again. */
function fillForm(room) {
  if (filled || !room.enabled) return;
  filled = true;
  const set = (name, value) => (form.elements.namedItem(name).value = value ?? '');
  set('preQueueAt', isoToVenueLocal(room.preQueueAt, zone));
  set('salesOpenAt', isoToVenueLocal(room.salesOpenAt, zone));
  set('method', room.method);
  set('maxActive', room.maxActive);
  set('admitPerMinute', room.admitPerMinute);
  set('turnMinutes', room.turnMinutes);
  byId('room-status').textContent =
    `Joining opens ${venueTime(room.preQueueAt, zone)}; sales open ${venueTime(room.salesOpenAt, zone)}.`;
}

async function refresh() {
  clearTimeout(liveTimer);
  if (!document.hidden) {
    try {
      const room = await api(roomPath);
      renderLive(room);
      fillForm(room);
    } catch (err) {
      byId('room-status').textContent = `The room could not be read: ${problemMessage(err)}`;
    }
  }
  liveTimer = setTimeout(refresh, LIVE_EVERY_MS);
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  clearErrors(form);
  formError.textContent = '';
  byId('room-saved').textContent = '';
  const value = (name) => form.elements.namedItem(name).value;
  const number = (name) => (value(name) === '' ? undefined : Number(value(name)));
  const times = {};
  for (const name of ['preQueueAt', 'salesOpenAt']) {
    const at = venueLocalToIso(value(name), zone);
    if (at.error) {
      formError.textContent = at.error;
      return;
    }
    times[name] = at.iso;
  }
  const body = {
    ...times,
    method: value('method'),
    maxActive: number('maxActive'),
    admitPerMinute: number('admitPerMinute'),
    turnMinutes: number('turnMinutes'),
  };
  try {
    const room = await api(adminRoomPath, { method: 'PUT', body });
    renderLive(room);
    byId('room-saved').textContent = 'The waiting room is saved.';
    announce('The waiting room is saved.');
  } catch (err) {
    showProblem(form, formError, err);
  }
});

async function act(path, method, done) {
  actionResult.textContent = '';
  try {
    const room = await api(path, { method });
    renderLive(room);
    say(actionResult, done);
  } catch (err) {
    say(actionResult, problemMessage(err), 'error');
  }
}

byId('room-pause').addEventListener('click', () =>
  act(`${adminRoomPath}/pause`, 'POST', 'Admission is paused. Everyone keeps their place.'),
);
byId('room-resume').addEventListener('click', () => act(`${adminRoomPath}/resume`, 'POST', 'Admission resumed.'));
byId('room-end').addEventListener('click', async () => {
  const ok = await confirmDialog({
    title: 'End the waiting room?',
    message: [
      'The queue is dropped and the seat map opens to everyone: holds no longer need an admission.',
      'A room that has ended cannot be turned on again for this show.',
    ],
    confirmLabel: 'End the waiting room',
    cancelLabel: 'Keep it',
  });
  if (ok) act(adminRoomPath, 'DELETE', 'The waiting room has ended. The seat map is open to everyone.');
});

async function main() {
  await requireAdmin('admin-body');
  try {
    const show = await api(`/api/shows/${encodeURIComponent(showId)}`);
    zone = show.timeZone || 'UTC';
    byId('room-zone').textContent = zone;
    const heading = `Waiting room: ${show.title}, ${venueTime(show.startsAt, zone)}`;
    byId('room-heading').textContent = heading;
    document.title = `${heading} · Admin · Showtime`;
    const link = byId('event-link');
    link.href = `/admin/events/${encodeURIComponent(show.eventId)}`;
    link.textContent = `← ${show.title}`;
  } catch (err) {
    byId('room-status').textContent = err.status === 404 ? `There is no show ${showId}.` : problemMessage(err);
    return;
  }
  await refresh();
}

document.addEventListener('visibilitychange', () => {
  if (!document.hidden) refresh();
});

main();
