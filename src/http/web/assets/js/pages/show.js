// The show page: live seat map, picking seats or the best available, the hold and its checkout, the waitlist.
import { api, getToken, newIdempotencyKey } from '../api.js';
import { startCountdown } from '../countdown.js';
import { announce, byId, fill, h } from '../dom.js';
import { money, plural } from '../format.js';
import { showTimeNodes, venueTime } from '../show-time.js';
import { problemMessage, waitlistCodes } from '../problems.js';
import { admissionHeaders, forgetAdmission, liveAdmission, queuePageUrl, roomGates, roomOf } from '../room.js';
import { loginUrl } from '../session.js';
import { categoryColours, renderLegend, renderSeatMap, seatName } from '../seat-map.js';
import { createHoldPanel } from '../show/hold.js';
import { connectLive } from '../show/live.js';
import { createWaitlist } from '../show/waitlist.js';

const MAX_SEATS = 10;
/** Where the show layout has no side column (site.css). */
const ONE_COLUMN = '(max-width: 899px)';
const RECHECK_MS = 1500;
const showId = byId('main').dataset.showId;
const showPath = `/api/shows/${encodeURIComponent(showId)}`;

const stateWords = {
  scheduled: 'Sales have not started yet.',
  'onSale.available': 'On sale.',
  'onSale.allHeld': 'Every seat is held right now. Seats may free up — join the waitlist.',
  'onSale.soldOut': 'Sold out.',
  salesClosed: 'Sales are closed.',
  cancelled: 'This show has been cancelled.',
};

const frontLabels = { movie: 'Screen', concert: 'Stage', theatre: 'Stage', other: 'Stage' };

let show = null;
let map = null;
let summary = null;
let selected = [];
let recheck = null;
let offered = false;

const pickerError = byId('picker-error');
const holdSelected = byId('hold-selected');
const clearSelection = byId('clear-selection');
const bestSubmit = byId('best-submit');

function onSale() {
  return summary?.state?.startsWith('onSale') ?? false;
}

function describeSeat(seatId) {
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
      if (matchMedia(ONE_COLUMN).matches) byId('hold-panel').scrollIntoView({ block: 'start' });
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
  if (selected.length === 0) {
    byId('selection-summary').textContent = `No seats selected.${note}`;
    holdSelected.textContent = 'Hold selected seats';
    return;
  }
  const seats = selected.map((id) => map.seat(id));
  const total = { amount: seats.reduce((n, s) => n + s.price.amount, 0), currency: seats[0].price.currency };
  byId('selection-summary').textContent =
    `${plural(seats.length, 'seat')} selected: ${seats.map(seatName).join(', ')} · ${money(total)}.${note}`;
  holdSelected.textContent = `Hold ${plural(seats.length, 'seat')}`;
}

function setSelected(next) {
  selected = next;
  map.setSelected(selected);
  updateButtons();
}

function toggleSeat(seatId) {
  pickerError.textContent = '';
  if (selected.includes(seatId)) setSelected(selected.filter((id) => id !== seatId));
  else if (selected.length >= MAX_SEATS) pickerError.textContent = `At most ${MAX_SEATS} seats per order.`;
  else setSelected([...selected, seatId]);
}

function chooseStanding(section) {
  byId('best-section').value = section;
  byId('best-quantity').focus();
  announce(`${section} chosen. Pick how many places, then hold them.`);
}

async function placeHold(body) {
  if (!(await ensureLoggedIn())) return;
  pickerError.textContent = '';
  try {
    const hold = await api(`${showPath}/holds`, {
      method: 'POST',
      body,
      idempotencyKey: newIdempotencyKey(),
      headers: admissionHeaders(showId),
    });
    setSelected([]);
    holdPanel.show(hold);
  } catch (err) {
    if (err.code === 'queue_required') {
      forgetAdmission(showId);
      location.assign(queuePageUrl(showId));
      return;
    }
    pickerError.textContent = problemMessage(err);
    if (waitlistCodes.has(err.code)) waitlist.offerToJoin(true);
  }
}

holdSelected.addEventListener('click', () => placeHold({ seats: selected }));
clearSelection.addEventListener('click', () => setSelected([]));
byId('best-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const body = { quantity: Number(byId('best-quantity').value) };
  const category = byId('best-category').value;
  const section = byId('best-section').value;
  if (category) body.category = category;
  if (section) body.section = section;
  placeHold(body);
});

function renderHeader() {
  document.title = `${show.title} · Showtime`;
  byId('show-title').textContent = show.title;
  fill(
    byId('show-when'),
    showTimeNodes(show.startsAt, show.timeZone),
    ` · ${show.venue.name}, ${show.hall.name} · ${show.city.name}`,
  );
  const link = byId('event-link');
  link.href = `/events/${encodeURIComponent(show.eventId)}`;
  link.textContent = `← ${show.title}: all show times`;
}

function renderSummary() {
  const state = summary.state;
  let words = stateWords[state] ?? state;
  if (state === 'scheduled' && show.salesOpenAt) words = `Sales open ${venueTime(show.salesOpenAt, show.timeZone)}.`;
  const stateEl = byId('show-state');
  if (stateEl.textContent !== words && stateEl.textContent) announce(words);
  stateEl.textContent = words;
  stateEl.dataset.state = state;
  const waiting = summary.waitlistLength > 0 ? ` · ${summary.waitlistLength} waiting` : '';
  byId('show-counts').textContent =
    `${summary.available} of ${summary.capacity} available · ${summary.held} held · ${summary.booked} booked${waiting}`;
  for (const select of [byId('best-category'), byId('waitlist-category')]) {
    for (const option of select.options) {
      const category = summary.categories.find((c) => c.category === option.value);
      if (category) option.textContent = `${category.category} · ${money(category.price)} (${category.available} left)`;
    }
  }
  waitlist.offerToJoin(state === 'onSale.allHeld' || state === 'onSale.soldOut');
  updateButtons();
}

/** Seats moved by anyone, as the live feed reports them. */
function applySeatChanges(change) {
  if (!map) return;
  const lost = [];
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
  const fresh = await api(`${showPath}/seats`);
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

function fillSelects(categories, sections) {
  for (const id of ['best-category', 'waitlist-category']) {
    const select = byId(id);
    for (const c of categories) select.append(h('option', { value: c.category }, `${c.category} · ${money(c.price)}`));
  }
  const sectionSelect = byId('best-section');
  for (const s of sections) sectionSelect.append(h('option', { value: s.section }, s.section));
  sectionSelect.closest('.field').hidden = sections.length < 2;
}

/** The time left of the customer's turn from the waiting room, while it lasts. */
function showTurn(admission) {
  byId('turn-note').hidden = false;
  startCountdown({
    timer: byId('turn-timer'),
    spoken: byId('turn-timer-spoken'),
    expiresAt: admission.turnEndsAt,
    what: 'Your turn',
    onExpire: () => {
      forgetAdmission(showId);
      byId('turn-note').hidden = true;
      if (!holdPanel.current()) location.assign(queuePageUrl(showId));
    },
  });
}

async function main() {
  let room = null;
  try {
    [show, room] = await Promise.all([api(showPath), roomOf(showId)]);
  } catch (err) {
    byId('show-status').textContent =
      err.status === 404 ? 'This show does not exist.' : `The show could not be loaded: ${problemMessage(err)}`;
    return;
  }
  const admission = liveAdmission(showId);
  // A hold placed during a turn outlives the turn: its owner must still reach it to pay.
  const holding = Boolean(localStorage.getItem(`showtime.hold.${showId}`));
  if (roomGates(room) && !admission && !holding) {
    location.replace(queuePageUrl(showId));
    return;
  }
  if (admission?.turnEndsAt) showTurn(admission);
  summary = show;
  renderHeader();
  renderSummary();

  const live = connectLive(showId, {
    onAvailability(next) {
      summary = next;
      renderSummary();
      scheduleRecheck();
    },
    onSeats: applySeatChanges,
    onReconnect: () => reloadSeats().catch(() => {}),
  });
  await live.ready;

  const seatMap = await api(`${showPath}/seats`);
  const categories = [...show.categories].sort((a, b) => b.price.amount - a.price.amount);
  const colours = categoryColours(categories.map((c) => c.category));
  fillSelects(categories, seatMap.sections);
  renderLegend(byId('legend'), { categories, colours });
  map = renderSeatMap(byId('seatmap'), seatMap, {
    colours,
    prices: new Map(categories.map((c) => [c.category, c.price])),
    front: frontLabels[show.category] ?? null,
    onToggle: toggleSeat,
    onStanding: chooseStanding,
    onFocusSeat: (text) => (byId('seat-info').textContent = text),
  });
  byId('seatmap').dataset.ready = 'true';
  await holdPanel.restore();
  waitlist.restore();
  updateButtons();
}

main();
