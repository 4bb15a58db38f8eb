// The show page: live seat map, picking seats or the best available, the hold and its checkout, the waitlist.
import type { RoomView, SeatMap, ShowDetails } from '../api-types.js';
import { api, ApiProblem, getToken, newIdempotencyKey } from '../api.js';
import { startCountdown } from '../countdown.js';
import { announce, fill, h } from '../dom.js';
import { layoutIds, showIds } from '../element-ids.js';
import { element } from '../elements.js';
import { money, plural } from '../format.js';
import { showTimeNodes, venueTime } from '../show-time.js';
import { problemMessage, waitlistCodes } from '../problems.js';
import {
  admissionHeaders,
  forgetAdmission,
  liveAdmission,
  queuePageUrl,
  roomGates,
  roomOf,
  type Admission,
} from '../room.js';
import { loginUrl } from '../session.js';
import { categoryColours, renderLegend, renderSeatMap, seatName } from '../seat-map.js';
import { createHoldPanel, type Hold } from '../show/hold.js';
import { connectLive, type Availability, type SeatChange } from '../show/live.js';
import { createWaitlist } from '../show/waitlist.js';

const MAX_SEATS = 10;
/** Where the show layout has no side column (site.css). */
const ONE_COLUMN = '(max-width: 899px)';
const RECHECK_MS = 1500;
// The server renders data-show-id from the page's path, so it is always there.
const showId = element(layoutIds.main).dataset.showId ?? '';
const showPath = `/api/shows/${encodeURIComponent(showId)}`;

const stateWords: Record<string, string> = {
  scheduled: 'Sales have not started yet.',
  'onSale.available': 'On sale.',
  'onSale.allHeld': 'Every seat is held right now. Seats may free up — join the waitlist.',
  'onSale.soldOut': 'Sold out.',
  salesClosed: 'Sales are closed.',
  cancelled: 'This show has been cancelled.',
};

const frontLabels: Record<string, string> = { movie: 'Screen', concert: 'Stage', theatre: 'Stage', other: 'Stage' };

type SeatMapHandle = ReturnType<typeof renderSeatMap>;
type HoldRequest = { seats: string[] } | { quantity: number; category?: string; section?: string };

let map: SeatMapHandle | null = null;
let summary: Availability | null = null;
let selected: string[] = [];
let recheck: ReturnType<typeof setTimeout> | undefined;
let offered = false;

const pickerError = element(showIds.pickerError);
const holdSelected = element(showIds.holdSelected, HTMLButtonElement);
const clearSelection = element(showIds.clearSelection, HTMLButtonElement);
const bestSubmit = element(showIds.bestSubmit, HTMLButtonElement);
const bestCategory = element(showIds.bestCategory, HTMLSelectElement);
const bestSection = element(showIds.bestSection, HTMLSelectElement);
const waitlistCategory = element(showIds.waitlistCategory, HTMLSelectElement);

function onSale() {
  return summary?.state?.startsWith('onSale') ?? false;
}

function describeSeat(seatId: string): string {
  const seat = map?.seat(seatId);
  return seat ? `${seatName(seat)} (${seat.category})` : seatId;
}

async function ensureLoggedIn() {
  if (getToken()) return true;
  location.assign(loginUrl());
  return false;
}

const holdPanel = createHoldPanel({
  showId,
  describeSeat,
  onChange(hold, message) {
    map?.setOwn(hold ? hold.seats : []);
    if (message) {
      pickerError.textContent = message;
      announce(message);
    } else if (hold) {
      pickerError.textContent = '';
      announce(`${plural(hold.quantity, 'seat')} held for you. Pay before the timer runs out.`);
      // In one column the panel sits below the whole seat map: bring it up, its pay button docked below.
      if (matchMedia(ONE_COLUMN).matches) element(showIds.holdPanel).scrollIntoView({ block: 'start' });
    }
    updateButtons();
  },
});

const waitlist = createWaitlist({
  showId,
  ensureLoggedIn,
  describeSeat,
  onOffer: (offer) => {
    offered = Boolean(offer);
    map?.setOwn(offer?.seats ?? holdPanel.current()?.seats ?? []);
    updateButtons();
  },
  onAccept: (hold) => holdPanel.show(hold),
});

function updateButtons() {
  // Seats already held or offered to this customer (on any device) come first: no second hold over them.
  const busy = Boolean(holdPanel.current()) || offered;
  holdSelected.disabled = busy || selected.length === 0 || !onSale();
  clearSelection.disabled = selected.length === 0;
  bestSubmit.disabled = busy || !onSale();
  const note = !busy
    ? ''
    : holdPanel.current()
      ? ' Pay for or release your held seats before holding more.'
      : ' Accept or turn down the seats offered to you before holding more.';
  const selectionSummary = element(showIds.selectionSummary);
  const shown = map;
  const seats = shown ? selected.flatMap((id) => shown.seat(id) ?? []) : [];
  const first = seats[0];
  if (!first) {
    selectionSummary.textContent = `No seats selected.${note}`;
    holdSelected.textContent = 'Hold selected seats';
    return;
  }
  const total = { amount: seats.reduce((n, s) => n + s.price.amount, 0), currency: first.price.currency };
  selectionSummary.textContent = `${plural(seats.length, 'seat')} selected: ${seats.map(seatName).join(', ')} · ${money(total)}.${note}`;
  holdSelected.textContent = `Hold ${plural(seats.length, 'seat')}`;
}

function setSelected(next: string[]) {
  selected = next;
  map?.setSelected(selected);
  updateButtons();
}

function toggleSeat(seatId: string) {
  pickerError.textContent = '';
  if (selected.includes(seatId)) setSelected(selected.filter((id) => id !== seatId));
  else if (selected.length >= MAX_SEATS) pickerError.textContent = `At most ${MAX_SEATS} seats per order.`;
  else setSelected([...selected, seatId]);
}

function chooseStanding(section: string) {
  bestSection.value = section;
  element(showIds.bestQuantity).focus();
  announce(`${section} chosen. Pick how many places, then hold them.`);
}

async function placeHold(body: HoldRequest) {
  if (!(await ensureLoggedIn())) return;
  pickerError.textContent = '';
  try {
    const hold = await api<Hold>(`${showPath}/holds`, {
      method: 'POST',
      body,
      idempotencyKey: newIdempotencyKey(),
      headers: admissionHeaders(showId),
    });
    setSelected([]);
    holdPanel.show(hold);
  } catch (err) {
    const code = err instanceof ApiProblem ? err.code : undefined;
    if (code === 'queue_required') {
      forgetAdmission(showId);
      location.assign(queuePageUrl(showId));
      return;
    }
    pickerError.textContent = problemMessage(err);
    if (code !== undefined && waitlistCodes.has(code)) waitlist.offerToJoin(true);
  }
}

holdSelected.addEventListener('click', () => placeHold({ seats: selected }));
clearSelection.addEventListener('click', () => setSelected([]));
element(showIds.bestForm).addEventListener('submit', (e) => {
  e.preventDefault();
  const body: HoldRequest = { quantity: Number(element(showIds.bestQuantity, HTMLSelectElement).value) };
  const category = bestCategory.value;
  const section = bestSection.value;
  if (category) body.category = category;
  if (section) body.section = section;
  placeHold(body);
});

function renderHeader(show: ShowDetails) {
  document.title = `${show.title} · Showtime`;
  element(showIds.showTitle).textContent = show.title;
  fill(
    element(showIds.showWhen),
    showTimeNodes(show.startsAt, show.timeZone),
    ` · ${show.venue.name}, ${show.hall.name} · ${show.city.name}`,
  );
  const link = element(showIds.eventLink, HTMLAnchorElement);
  link.href = `/events/${encodeURIComponent(show.eventId)}`;
  link.textContent = `← ${show.title}: all show times`;
}

function renderSummary(show: ShowDetails, summary: Availability) {
  const state = summary.state;
  let words = stateWords[state] ?? state;
  if (state === 'scheduled' && show.salesOpenAt) words = `Sales open ${venueTime(show.salesOpenAt, show.timeZone)}.`;
  const stateEl = element(showIds.showState);
  if (stateEl.textContent !== words && stateEl.textContent) announce(words);
  stateEl.textContent = words;
  stateEl.dataset.state = state;
  const waiting = summary.waitlistLength > 0 ? ` · ${summary.waitlistLength} waiting` : '';
  element(showIds.showCounts).textContent =
    `${summary.available} of ${summary.capacity} available · ${summary.held} held · ${summary.booked} booked${waiting}`;
  for (const select of [bestCategory, waitlistCategory]) {
    for (const option of select.options) {
      const category = summary.categories.find((c) => c.category === option.value);
      if (category) option.textContent = `${category.category} · ${money(category.price)} (${category.available} left)`;
    }
  }
  waitlist.offerToJoin(state === 'onSale.allHeld' || state === 'onSale.soldOut');
  updateButtons();
}

/** Seats moved by anyone, as the live feed reports them. */
function applySeatChanges(change: SeatChange) {
  if (!map) return;
  const lost: string[] = [];
  for (const { seatId, status } of change.seats) {
    map.setStatus(seatId, status);
    if (status !== 'available' && selected.includes(seatId) && !holdPanel.current()?.seats.includes(seatId))
      lost.push(seatId);
  }
  for (const { section, available } of change.sections) map.setStandingAvailable(section, available);
  if (lost.length > 0) {
    setSelected(selected.filter((id) => !lost.includes(id)));
    const message = `${lost.map(describeSeat).join(', ')} ${lost.length === 1 ? 'was' : 'were'} just taken by someone else.`;
    pickerError.textContent = message;
    announce(message);
  }
}

async function reloadSeats() {
  const fresh = await api<SeatMap>(`${showPath}/seats`);
  applySeatChanges({
    seats: fresh.seats.map((s) => ({ seatId: s.seatId, status: s.status })),
    sections: fresh.sections.map((s) => ({ section: s.section, available: s.available })),
  });
}

/**
 * Seat changes follow their availability message a moment later; if the map still disagrees with the
 * counts after that, something was missed, and the map is read again.
 */
function scheduleRecheck() {
  clearTimeout(recheck);
  recheck = setTimeout(() => {
    if (map && summary && map.availableCount() !== summary.available) reloadSeats().catch(() => {});
  }, RECHECK_MS);
}

function fillSelects(categories: ShowDetails['categories'], sections: SeatMap['sections']) {
  for (const select of [bestCategory, waitlistCategory]) {
    for (const c of categories) select.append(h('option', { value: c.category }, `${c.category} · ${money(c.price)}`));
  }
  for (const s of sections) bestSection.append(h('option', { value: s.section }, s.section));
  const field = bestSection.closest<HTMLElement>('.field');
  if (field) field.hidden = sections.length < 2;
}

/** The time left of the customer's turn from the waiting room, while it lasts. */
function showTurn(turnEndsAt: string) {
  const turnNote = element(showIds.turnNote);
  turnNote.hidden = false;
  startCountdown({
    timer: element(showIds.turnTimer),
    spoken: element(showIds.turnTimerSpoken),
    expiresAt: turnEndsAt,
    what: 'Your turn',
    onExpire: () => {
      forgetAdmission(showId);
      turnNote.hidden = true;
      if (!holdPanel.current()) location.assign(queuePageUrl(showId));
    },
  });
}

async function main() {
  let loaded: ShowDetails;
  let room: RoomView | null = null;
  try {
    [loaded, room] = await Promise.all([api<ShowDetails>(showPath), roomOf(showId)]);
  } catch (err) {
    element(showIds.showStatus).textContent =
      err instanceof ApiProblem && err.status === 404
        ? 'This show does not exist.'
        : `The show could not be loaded: ${problemMessage(err)}`;
    return;
  }
  const admission: Admission | null = liveAdmission(showId);
  // A hold placed during a turn outlives the turn: its owner must still reach it to pay.
  const holding = Boolean(localStorage.getItem(`showtime.hold.${showId}`));
  if (roomGates(room) && !admission && !holding) {
    location.replace(queuePageUrl(showId));
    return;
  }
  if (admission?.turnEndsAt) showTurn(admission.turnEndsAt);
  summary = loaded;
  renderHeader(loaded);
  renderSummary(loaded, loaded);

  const live = connectLive(showId, {
    onAvailability(next) {
      summary = next;
      renderSummary(loaded, next);
      scheduleRecheck();
    },
    onSeats: applySeatChanges,
    onReconnect: () => reloadSeats().catch(() => {}),
  });
  await live.ready;

  const seatMap = await api<SeatMap>(`${showPath}/seats`);
  const categories = [...loaded.categories].sort((a, b) => b.price.amount - a.price.amount);
  const colours = categoryColours(categories.map((c) => c.category));
  fillSelects(categories, seatMap.sections);
  renderLegend(element(showIds.legend), { categories, colours });
  const seatmap = element(showIds.seatmap);
  map = renderSeatMap(seatmap, seatMap, {
    colours,
    prices: new Map(categories.map((c) => [c.category, c.price])),
    front: frontLabels[loaded.category] ?? null,
    onToggle: toggleSeat,
    onStanding: chooseStanding,
    onFocusSeat: (text: string) => (element(showIds.seatInfo).textContent = text),
  });
  seatmap.dataset.ready = 'true';
  await holdPanel.restore();
  waitlist.restore();
  updateButtons();
}

main();
