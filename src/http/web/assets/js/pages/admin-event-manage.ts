// Admin: one event's shows (edit times, prices, sales window, fee and hold time; cancel with refunds),
// the event's own fields, and removing the event.
import type { z } from '@hono/zod-openapi';
import type { AdminEvent, AdminShow, EventRemoved, ShowCancelReport } from '../../../../schemas/admin-edits.js';
import type { EventDetails } from '../../../../schemas/catalog.js';
import type { Money, ShowDetails } from '../api-types.js';
import { api, ApiProblem } from '../api.js';
import { requireAdmin } from '../admin-gate.js';
import { clearErrors, isoToVenueLocal, showProblem, venueLocalToIso } from '../admin-forms.js';
import { confirmDialog } from '../confirm-dialog.js';
import { announce, fill, h } from '../dom.js';
import { adminEventManageIds, layoutIds } from '../element-ids.js';
import { element } from '../elements.js';
import { majorUnits, money, plural, toMinorUnits } from '../format.js';
import { problemMessage } from '../problems.js';
import { venueTime } from '../show-time.js';

type Event = z.infer<typeof EventDetails>;
type EventShow = Event['shows'][number];
type Times = 'startsAt' | 'endsAt' | 'salesOpenAt' | 'salesCloseAt';
/** The event's fields the edit form changes; a cleared optional field is sent as null. */
interface EventChanges {
  title?: string;
  category?: string;
  description?: string;
  genre?: string | null;
  language?: string | null;
  rating?: string | null;
  durationMinutes?: number | null;
  performers?: string[];
}

// The server renders data-event-id from the page's path, so it is always there.
const eventId = element(layoutIds.main).dataset.eventId ?? '';
const eventPath = `/api/admin/events/${encodeURIComponent(eventId)}`;

function stateWords(state: string | null | undefined): string {
  return (state ?? 'not started')
    .replace('onSale.', 'on sale: ')
    .replace('allHeld', 'all held')
    .replace('soldOut', 'sold out')
    .replace('salesClosed', 'sales closed');
}

function reportText(report: z.infer<typeof ShowCancelReport>): string {
  const { succeeded, pending, failed } = report.refunds;
  return (
    `The show is cancelled. ${plural(report.bookingsCancelled, 'booking')} cancelled; ` +
    `refunds: ${succeeded} succeeded, ${pending} pending, ${failed} failed.`
  );
}

function say(el: HTMLElement, text: string, kind = 'success') {
  el.className = kind;
  el.textContent = text;
  announce(text);
}

function field(id: string, label: string, input: HTMLElement, hint?: string) {
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    input,
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
  );
}

/** The edit form of one show; only what the admin changed is sent, so untouched settings stay as they are. */
function showForm(show: ShowDetails, key: string, onSaved: (text: string) => void) {
  const id = (name: string) => `${key}-${name}`;
  const currency = show.categories[0]?.price.currency ?? 'EUR';
  // Times are typed on the venue's clock, wherever the admin sits.
  const zone = show.timeZone ?? 'UTC';
  const initial: Record<Times | 'holdMinutes', string> = {
    startsAt: isoToVenueLocal(show.startsAt, zone),
    endsAt: isoToVenueLocal(show.endsAt, zone),
    salesOpenAt: isoToVenueLocal(show.salesOpenAt, zone),
    salesCloseAt: isoToVenueLocal(show.salesCloseAt, zone),
    holdMinutes: String(show.holdTtlSeconds / 60),
  };
  const dt = (name: Times) => h('input', { id: id(name), name, type: 'datetime-local', value: initial[name] });
  const priceInputs = show.categories.map((c, i) =>
    h('input', {
      id: id(`price-${i}`),
      name: `price-${c.category}`,
      type: 'number',
      min: 0,
      step: '0.01',
      required: true,
      value: String(majorUnits(c.price)),
      dataset: { category: c.category },
    }),
  );
  const fee = h('input', {
    id: id('fee'),
    name: 'feePerTicket',
    type: 'number',
    min: 0,
    step: '0.01',
    required: true,
    value: String(majorUnits(show.feePerTicket)),
  });
  const hold = h('input', {
    id: id('hold'),
    name: 'holdMinutes',
    type: 'number',
    min: 0.1,
    max: 1440,
    step: 'any',
    value: initial.holdMinutes,
  });
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h(
    'form',
    { class: 'stack show-form', novalidate: true },
    h(
      'div',
      { class: 'field-row' },
      field(id('startsAt'), `Starts at (local time at the venue, ${zone})`, dt('startsAt')),
      field(id('endsAt'), 'Ends at', dt('endsAt')),
    ),
    h(
      'div',
      { class: 'field-row' },
      field(id('salesOpenAt'), 'Sales open (empty: now)', dt('salesOpenAt')),
      field(id('salesCloseAt'), 'Sales close (empty: at the start)', dt('salesCloseAt')),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, `Prices (${currency})`),
      h('p', { class: 'hint' }, 'Holds already placed keep the price they were placed at.'),
      h(
        'div',
        { class: 'field-row' },
        priceInputs.map((input, i) => field(id(`price-${i}`), `Price for ${input.dataset.category}`, input)),
      ),
    ),
    h(
      'div',
      { class: 'field-row' },
      field(id('fee'), `Fee per ticket (${currency})`, fee),
      field(id('hold'), 'Hold time in minutes', hold),
    ),
    error,
    h('button', { type: 'submit' }, 'Save show'),
  );

  const fieldFor = (path: string) => {
    if (path.startsWith('prices.')) return priceInputs.find((el) => el.dataset.category === path.split('.')[1]);
    if (path.startsWith('feePerTicket')) return fee;
    if (path === 'holdTtlSeconds') return hold;
    return form.elements.namedItem(path);
  };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    error.textContent = '';
    const body: Partial<Record<Times, string | null>> & {
      prices?: Record<string, Money>;
      feePerTicket?: Money;
      holdTtlSeconds?: number;
    } = {};
    for (const name of ['startsAt', 'endsAt', 'salesOpenAt', 'salesCloseAt'] as const) {
      const input = form.elements.namedItem(name);
      const value = input instanceof HTMLInputElement ? input.value : '';
      if (value === initial[name]) continue;
      const at = venueLocalToIso(value, zone);
      if ('error' in at) {
        error.textContent = at.error;
        return;
      }
      body[name] = at.iso;
    }
    const prices: Record<string, Money> = {};
    show.categories.forEach((c, i) => {
      const amount = toMinorUnits(Number(priceInputs[i]?.value), currency);
      if (amount !== c.price.amount) prices[c.category] = { amount, currency };
    });
    if (Object.keys(prices).length) body.prices = prices;
    const feeAmount = toMinorUnits(Number(fee.value), currency);
    if (feeAmount !== show.feePerTicket.amount) body.feePerTicket = { amount: feeAmount, currency };
    if (hold.value !== initial.holdMinutes) body.holdTtlSeconds = Math.round(Number(hold.value) * 60);
    if (Object.keys(body).length === 0) {
      error.textContent = 'Nothing changed.';
      return;
    }
    try {
      const saved = await api<z.infer<typeof AdminShow>>(`/api/admin/shows/${encodeURIComponent(show.showId)}`, {
        method: 'PATCH',
        body,
      });
      const told = saved.notified ? ` ${plural(saved.notified, 'booking')} told about the new time.` : '';
      onSaved(`Saved. Fee per ticket: ${money(saved.feePerTicket)}.${told}`);
    } catch (err) {
      if (err instanceof ApiProblem) showProblem(form, error, err, fieldFor);
      else error.textContent = problemMessage(err);
    }
  });
  return form;
}

/** A message for one show's panel, shown once the list is drawn again. */
interface Flash {
  showId: string;
  text: string;
}

function showItem(summary: EventShow, details: ShowDetails | null, index: number, flash?: Flash) {
  const key = `show-${index}`;
  const show = details ?? summary;
  const note = h('p', { role: 'status', tabindex: -1 });
  const state = h('span', { class: 'badge' }, stateWords(show.state));
  const title = `${venueTime(summary.startsAt, summary.timeZone)} · ${summary.venue.name}, ${summary.hall.name}`;
  const editor = h('div', { hidden: true });
  const cancelled = show.state === 'cancelled';
  const editButton = h(
    'button',
    { type: 'button', class: 'secondary', 'aria-expanded': 'false', disabled: cancelled || !details },
    'Edit show',
  );
  const cancelButton = h('button', { type: 'button', class: 'danger', disabled: cancelled }, 'Cancel show');

  editButton.addEventListener('click', () => {
    const open = editor.hidden;
    editor.hidden = !open;
    editButton.setAttribute('aria-expanded', String(open));
    if (open && details) {
      fill(
        editor,
        showForm(details, key, (text) => loadShows({ showId: summary.showId, text })),
      );
      editor.querySelector('input')?.focus();
    }
  });

  cancelButton.addEventListener('click', async () => {
    const booked = details?.booked ?? 0;
    const ok = await confirmDialog({
      title: 'Cancel this show?',
      message: [
        `${title}.`,
        `Everyone who booked is refunded in full${booked ? ` (${plural(booked, 'seat')} booked now)` : ''} and told about it; held seats are released and nothing more can be sold.`,
        'This cannot be undone.',
      ],
      confirmLabel: 'Cancel show and refund everyone',
      cancelLabel: 'Keep the show',
    });
    if (!ok) return;
    cancelButton.disabled = true;
    editButton.disabled = true;
    editor.hidden = true;
    note.className = 'status';
    note.textContent = 'Cancelling and refunding…';
    try {
      const report = await api<z.infer<typeof ShowCancelReport>>(
        `/api/admin/shows/${encodeURIComponent(summary.showId)}/cancel`,
        { method: 'POST' },
      );
      state.textContent = 'cancelled';
      say(note, reportText(report));
      note.focus();
    } catch (err) {
      cancelButton.disabled = false;
      editButton.disabled = !details;
      say(note, problemMessage(err), 'error');
    }
  });

  if (flash?.showId === summary.showId) say(note, flash.text);
  return h(
    'article',
    { class: 'panel admin-item', 'aria-labelledby': `${key}-title`, dataset: { showId: summary.showId } },
    h('h3', { id: `${key}-title` }, h('a', { href: `/shows/${encodeURIComponent(summary.showId)}` }, title)),
    h(
      'p',
      { class: 'meta' },
      state,
      details
        ? ` ${details.capacity} places · ${details.available} free · ${details.held} held · ${details.booked} booked · ` +
            details.categories.map((c) => `${c.category} ${money(c.price)}`).join(', ')
        : '',
    ),
    h(
      'div',
      { class: 'row-actions' },
      editButton,
      cancelButton,
      h('a', { href: `/admin/shows/${encodeURIComponent(summary.showId)}/room` }, 'Waiting room'),
    ),
    editor,
    note,
  );
}

let event: Event | null = null;

/** `flash` is a message to show on one show's panel once the list is drawn again. */
async function loadShows(flash?: Flash) {
  const status = element(adminEventManageIds.showsStatus);
  let loaded: Event;
  try {
    loaded = await api<Event>(`/api/events/${encodeURIComponent(eventId)}`);
  } catch (err) {
    status.textContent = problemMessage(err);
    return;
  }
  event = loaded;
  const details = await Promise.all(
    loaded.shows.map((s) => api<ShowDetails>(`/api/shows/${encodeURIComponent(s.showId)}`).catch(() => null)),
  );
  fill(
    element(adminEventManageIds.showList),
    loaded.shows.map((s, i) => showItem(s, details[i] ?? null, i, flash)),
  );
  status.textContent = loaded.shows.length === 0 ? 'No upcoming shows.' : '';
}

/** A field of the event form by name (EventFields renders each). */
function eventField(form: HTMLFormElement, name: string): HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement {
  const found = form.elements.namedItem(name);
  if (found instanceof HTMLInputElement || found instanceof HTMLSelectElement || found instanceof HTMLTextAreaElement)
    return found;
  throw new Error(`The event form has no field ${name}`);
}

function fillEventForm(ev: Event) {
  const form = element(adminEventManageIds.eventForm, HTMLFormElement);
  const set = (name: string, value: string | number | null) => (eventField(form, name).value = String(value ?? ''));
  set('title', ev.title);
  set('category', ev.category);
  set('description', ev.description);
  set('genre', ev.genre);
  set('language', ev.language);
  set('durationMinutes', ev.durationMinutes);
  set('rating', ev.rating);
  set('performers', ev.performers.join(', '));
  form.hidden = false;
}

function eventChanges(form: HTMLFormElement, ev: Event): EventChanges {
  const value = (name: string) => eventField(form, name).value.trim();
  const body: EventChanges = {};
  if (value('title') !== ev.title) body.title = value('title');
  if (value('category') !== ev.category) body.category = value('category');
  if (value('description') !== ev.description) body.description = value('description');
  for (const name of ['genre', 'language', 'rating'] as const) {
    if (value(name) !== (ev[name] ?? '')) body[name] = value(name) || null;
  }
  const duration = value('durationMinutes');
  if (duration !== String(ev.durationMinutes ?? '')) body.durationMinutes = duration ? Number(duration) : null;
  const performers = value('performers')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (performers.join('\n') !== ev.performers.join('\n')) body.performers = performers;
  return body;
}

async function saveEvent(e: SubmitEvent) {
  e.preventDefault();
  if (!event) return;
  const form = element(adminEventManageIds.eventForm, HTMLFormElement);
  const error = element(adminEventManageIds.formError);
  clearErrors(form);
  error.textContent = '';
  const savedNote = element(adminEventManageIds.eventSaved);
  savedNote.textContent = '';
  const body = eventChanges(form, event);
  if (Object.keys(body).length === 0) {
    error.textContent = 'Nothing changed.';
    return;
  }
  try {
    const saved = await api<z.infer<typeof AdminEvent>>(eventPath, { method: 'PATCH', body });
    event = { ...event, ...saved };
    element(adminEventManageIds.eventHeading).textContent = saved.title;
    savedNote.textContent = 'The event is saved.';
    announce('The event is saved.');
  } catch (err) {
    if (err instanceof ApiProblem) showProblem(form, error, err);
    else error.textContent = problemMessage(err);
  }
}

async function removeEvent() {
  if (!event) return;
  const removed = event;
  const ok = await confirmDialog({
    title: `Remove ${removed.title}?`,
    message: [
      'It leaves the catalog and search.',
      'Upcoming shows with nothing sold are removed; shows with bookings are cancelled and everyone who booked is refunded in full.',
      'This cannot be undone.',
    ],
    confirmLabel: 'Remove event',
  });
  if (!ok) return;
  const result = element(adminEventManageIds.removeResult);
  const removeButton = element(adminEventManageIds.removeEvent, HTMLButtonElement);
  removeButton.disabled = true;
  try {
    const report = await api<z.infer<typeof EventRemoved>>(eventPath, { method: 'DELETE' });
    result.className = 'success';
    fill(
      result,
      `${removed.title} is removed: ${plural(report.showsRemoved, 'show')} removed, ` +
        `${plural(report.showsCancelled, 'show')} cancelled with refunds. `,
      h('a', { href: '/admin/catalog' }, 'Back to events and venues'),
    );
    element(adminEventManageIds.eventForm).hidden = true;
    fill(element(adminEventManageIds.showList));
    element(adminEventManageIds.showsStatus).textContent = 'No upcoming shows.';
  } catch (err) {
    removeButton.disabled = false;
    result.className = 'error';
    result.textContent = problemMessage(err);
  }
  result.focus();
}

async function main() {
  await requireAdmin(adminEventManageIds.adminBody);
  element(adminEventManageIds.addShowLink, HTMLAnchorElement).href =
    `/admin/shows/new?eventId=${encodeURIComponent(eventId)}`;
  await loadShows();
  if (!event) {
    element(adminEventManageIds.eventStatus).textContent = `There is no event ${eventId}.`;
    return;
  }
  element(adminEventManageIds.eventHeading).textContent = event.title;
  document.title = `${event.title} · Admin · Showtime`;
  fillEventForm(event);
  element(adminEventManageIds.eventForm, HTMLFormElement).addEventListener('submit', saveEvent);
  element(adminEventManageIds.removeEvent).addEventListener('click', removeEvent);
}

main();
