// Admin: one show's waiting room. Configure it, pause, resume or end it, and watch it live.
import type { RoomView, ShowDetails } from '../api-types.js';
import { api, ApiProblem } from '../api.js';
import { requireAdmin } from '../admin-gate.js';
import { clearErrors, isoToVenueLocal, showProblem, venueLocalToIso } from '../admin-forms.js';
import { confirmDialog } from '../confirm-dialog.js';
import { announce } from '../dom.js';
import { adminRoomIds, layoutIds } from '../element-ids.js';
import { element } from '../elements.js';
import { time } from '../format.js';
import { problemMessage } from '../problems.js';
import { venueTime } from '../show-time.js';

// The server renders data-show-id from the page's path, so it is always there.
const showId = element(layoutIds.main).dataset.showId ?? '';
const roomPath = `/api/shows/${encodeURIComponent(showId)}/room`;
const adminRoomPath = `/api/admin/shows/${encodeURIComponent(showId)}/room`;
const LIVE_EVERY_MS = 2000;

const stateWords: Record<RoomView['state'], string> = {
  closed: 'Closed (not open yet)',
  preQueue: 'Pre-queue (joining, not admitting)',
  admitting: 'Admitting',
  paused: 'Paused',
  soldOut: 'Sold out',
  ended: 'Ended',
};

const form = element(adminRoomIds.roomForm, HTMLFormElement);
const formError = element(adminRoomIds.roomFormError);
const actionResult = element(adminRoomIds.roomActionResult);
let liveTimer: ReturnType<typeof setTimeout> | undefined;
let filled = false;
/** The room's times are typed and shown on the venue's clock, like the show's own. */
let zone = 'UTC';

function say(el: HTMLElement, text: string, kind = 'success') {
  el.className = kind;
  el.textContent = text;
  announce(text);
}

function renderLive(room: RoomView) {
  const count = (n: number | null | undefined) => new Intl.NumberFormat().format(n ?? 0);
  // An ended room is no longer enabled, but it is not the same as never having had one.
  const shown = room.enabled || room.state === 'ended';
  const state = shown ? room.state : 'off';
  const stateEl = element(adminRoomIds.roomState);
  stateEl.textContent = shown ? (stateWords[room.state] ?? room.state) : 'No waiting room';
  stateEl.dataset.state = state;
  element(adminRoomIds.roomQueued).textContent = count(room.queued);
  element(adminRoomIds.roomActive).textContent = room.enabled
    ? `${count(room.active)} of ${count(room.maxActive)}`
    : '0';
  element(adminRoomIds.roomRate).textContent = room.enabled
    ? `${count(room.admittedLastMinute)} (limit ${count(room.admitPerMinute)})`
    : '0';
  element(adminRoomIds.roomTotal).textContent = count(room.admittedTotal);
  element(adminRoomIds.roomUpdated).textContent = `· updated ${time(new Date().toISOString())}`;
  element(adminRoomIds.roomPause, HTMLButtonElement).disabled =
    !['preQueue', 'admitting'].includes(room.state) || !room.enabled;
  element(adminRoomIds.roomResume, HTMLButtonElement).disabled = room.state !== 'paused';
  element(adminRoomIds.roomEnd, HTMLButtonElement).disabled = !room.enabled || room.state === 'ended';
  element(adminRoomIds.roomSave, HTMLButtonElement).disabled = room.state === 'ended';
}

/** The form shows the saved settings once; after that it is the admin's until saved again. */
/** A field of the room form by name (admin-room.tsx renders each). */
function field(name: string): HTMLInputElement | HTMLSelectElement {
  const found = form.elements.namedItem(name);
  if (found instanceof HTMLInputElement || found instanceof HTMLSelectElement) return found;
  throw new Error(`The room form has no field ${name}`);
}

function fillForm(room: RoomView) {
  if (filled || !room.enabled) return;
  filled = true;
  const set = (name: string, value: string | number | null) => (field(name).value = String(value ?? ''));
  set('preQueueAt', isoToVenueLocal(room.preQueueAt, zone));
  set('salesOpenAt', isoToVenueLocal(room.salesOpenAt, zone));
  set('method', room.method);
  set('maxActive', room.maxActive);
  set('admitPerMinute', room.admitPerMinute);
  set('turnMinutes', room.turnMinutes);
  if (room.preQueueAt && room.salesOpenAt) {
    element(adminRoomIds.roomStatus).textContent =
      `Joining opens ${venueTime(room.preQueueAt, zone)}; sales open ${venueTime(room.salesOpenAt, zone)}.`;
  }
}

async function refresh() {
  clearTimeout(liveTimer);
  if (!document.hidden) {
    try {
      const room = await api<RoomView>(roomPath);
      renderLive(room);
      fillForm(room);
    } catch (err) {
      element(adminRoomIds.roomStatus).textContent = `The room could not be read: ${problemMessage(err)}`;
    }
  }
  liveTimer = setTimeout(refresh, LIVE_EVERY_MS);
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  clearErrors(form);
  formError.textContent = '';
  element(adminRoomIds.roomSaved).textContent = '';
  const value = (name: string) => field(name).value;
  const number = (name: string) => (value(name) === '' ? undefined : Number(value(name)));
  const times: Record<string, string | null> = {};
  for (const name of ['preQueueAt', 'salesOpenAt']) {
    const at = venueLocalToIso(value(name), zone);
    if ('error' in at) {
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
    const room = await api<RoomView>(adminRoomPath, { method: 'PUT', body });
    renderLive(room);
    element(adminRoomIds.roomSaved).textContent = 'The waiting room is saved.';
    announce('The waiting room is saved.');
  } catch (err) {
    if (err instanceof ApiProblem) showProblem(form, formError, err);
    else formError.textContent = problemMessage(err);
  }
});

async function act(path: string, method: string, done: string) {
  actionResult.textContent = '';
  try {
    const room = await api<RoomView>(path, { method });
    renderLive(room);
    say(actionResult, done);
  } catch (err) {
    say(actionResult, problemMessage(err), 'error');
  }
}

element(adminRoomIds.roomPause).addEventListener('click', () =>
  act(`${adminRoomPath}/pause`, 'POST', 'Admission is paused. Everyone keeps their place.'),
);
element(adminRoomIds.roomResume).addEventListener('click', () =>
  act(`${adminRoomPath}/resume`, 'POST', 'Admission resumed.'),
);
element(adminRoomIds.roomEnd).addEventListener('click', async () => {
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
  await requireAdmin(adminRoomIds.adminBody);
  try {
    const show = await api<ShowDetails>(`/api/shows/${encodeURIComponent(showId)}`);
    zone = show.timeZone || 'UTC';
    element(adminRoomIds.roomZone).textContent = zone;
    const heading = `Waiting room: ${show.title}, ${venueTime(show.startsAt, zone)}`;
    element(adminRoomIds.roomHeading).textContent = heading;
    document.title = `${heading} · Admin · Showtime`;
    const link = element(adminRoomIds.eventLink, HTMLAnchorElement);
    link.href = `/admin/events/${encodeURIComponent(show.eventId)}`;
    link.textContent = `← ${show.title}`;
  } catch (err) {
    element(adminRoomIds.roomStatus).textContent =
      err instanceof ApiProblem && err.status === 404 ? `There is no show ${showId}.` : problemMessage(err);
    return;
  }
  await refresh();
}

document.addEventListener('visibilitychange', () => {
  if (!document.hidden) refresh();
});

main();
