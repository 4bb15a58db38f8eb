// Admin: a show of an event in a hall, with a price per category of the hall's layout.
import type { z } from '@hono/zod-openapi';
import type { ShowCreated } from '../../../../schemas/admin.js';
import type { EventDetails, EventList, VenueDetails, VenueList } from '../../../../schemas/catalog.js';
import type { Money } from '../api-types.js';
import { api } from '../api.js';
import { requireAdmin, showResult } from '../admin-gate.js';
import { fill, h } from '../dom.js';
import { adminShowIds } from '../element-ids.js';
import { element } from '../elements.js';
import { formKey } from '../form-key.js';
import { venueLocalToIso } from '../admin-forms.js';
import { toMinorUnits } from '../format.js';
import { venueTime, yourTime } from '../show-time.js';
import { problemMessage } from '../problems.js';

type Venue = z.infer<typeof VenueDetails>;
type Event = z.infer<typeof EventDetails>;

const params = new URLSearchParams(location.search);
const form = element(adminShowIds.showForm, HTMLFormElement);
const venueSelect = element(adminShowIds.showVenue, HTMLSelectElement);
const hallSelect = element(adminShowIds.showHall, HTMLSelectElement);
const eventSelect = element(adminShowIds.showEvent, HTMLSelectElement);
const startsInput = element(adminShowIds.showStarts, HTMLInputElement);
let venue: Venue | null = null;
const once = formKey(form);

/** The chosen venue's zone: the form's times are typed on its clock, wherever the admin sits. */
function venueZone(): string {
  return venue?.timeZone ?? 'UTC';
}

/** Names the zone beside the time fields and says what the typed start is, summer time and all. */
function describeStart() {
  for (const el of document.querySelectorAll<HTMLElement>('.venue-zone')) {
    el.textContent = venue ? `local time at ${venue.name}, ${venueZone()}` : "the venue's local time";
  }
  const hint = element(adminShowIds.showStartsHint);
  const value = startsInput.value;
  const start = venueLocalToIso(value, venueZone());
  if (!venue || !value) hint.textContent = venue ? '' : 'Times are taken on the clock of the venue you choose.';
  else if ('error' in start) hint.textContent = start.error;
  else if (start.iso) {
    const mine = yourTime(start.iso, venueZone());
    hint.textContent = `${venueTime(start.iso, venueZone())}${mine ? ` (${mine})` : ''}.`;
  }
}

function hall() {
  return venue?.halls.find((x) => x.hallId === hallSelect.value) ?? null;
}

function renderPrices() {
  const categories = [...new Set((hall()?.sections ?? []).flatMap((s) => s.categories))];
  fill(
    element(adminShowIds.priceFields),
    categories.map((category, i) =>
      h(
        'div',
        { class: 'field' },
        h('label', { for: `price-${i}` }, `Price for ${category}`),
        h('input', {
          id: `price-${i}`,
          name: 'price',
          type: 'number',
          min: 0,
          step: '0.01',
          required: true,
          dataset: { category },
          value: String(Math.max(10, 60 - i * 15)),
        }),
      ),
    ),
  );
}

async function chooseVenue(venueId: string, hallId?: string | null) {
  venue = null;
  fill(hallSelect);
  describeStart();
  if (!venueId) return renderPrices();
  try {
    venue = await api<Venue>(`/api/venues/${encodeURIComponent(venueId)}`);
  } catch (err) {
    element(adminShowIds.formError).textContent = problemMessage(err);
    return;
  }
  const chosen = venue;
  fill(
    hallSelect,
    chosen.halls.map((x) => h('option', { value: x.hallId }, `${x.name} (${x.capacity} places)`)),
  );
  if (hallId && chosen.halls.some((x) => x.hallId === hallId)) hallSelect.value = hallId;
  renderPrices();
  describeStart();
}

venueSelect.addEventListener('change', () => chooseVenue(venueSelect.value));
startsInput.addEventListener('input', describeStart);
hallSelect.addEventListener('change', renderPrices);

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const error = element(adminShowIds.formError);
  error.textContent = '';
  const currency = element(adminShowIds.showCurrency, HTMLSelectElement).value;
  const prices: Record<string, Money> = {};
  for (const input of element(adminShowIds.priceFields).querySelectorAll('input')) {
    prices[input.dataset.category ?? ''] = { amount: toMinorUnits(Number(input.value), currency), currency };
  }
  const startsAt = venueLocalToIso(startsInput.value, venueZone());
  const salesOpenAt = venueLocalToIso(element(adminShowIds.showSalesOpen, HTMLInputElement).value, venueZone());
  if ('error' in startsAt || 'error' in salesOpenAt) {
    error.textContent = 'error' in startsAt ? startsAt.error : 'error' in salesOpenAt ? salesOpenAt.error : '';
    return;
  }
  const body: {
    eventId: string;
    hallId: string;
    startsAt?: string;
    prices: Record<string, Money>;
    salesOpenAt?: string;
    holdTtlSeconds?: number;
  } = {
    eventId: eventSelect.value,
    hallId: hallSelect.value,
    startsAt: startsAt.iso ?? undefined,
    prices,
  };
  if (salesOpenAt.iso) body.salesOpenAt = salesOpenAt.iso;
  const holdMinutes = element(adminShowIds.showHoldMinutes, HTMLInputElement).value;
  if (holdMinutes) body.holdTtlSeconds = Number(holdMinutes) * 60;
  try {
    const { showId } = await api<z.infer<typeof ShowCreated>>('/api/admin/shows', {
      method: 'POST',
      body,
      idempotencyKey: once.key(),
    });
    // Cleared, so the values left in it cannot make a second show by another click.
    form.reset();
    once.done();
    chooseVenue('');
    describeEvent();
    showResult([
      h('p', {}, 'The show is created (show id ', h('code', {}, showId), ').'),
      h('p', {}, h('a', { href: `/shows/${encodeURIComponent(showId)}` }, 'Open its seat map')),
    ]);
  } catch (err) {
    error.textContent = problemMessage(err);
  }
});

async function describeEvent() {
  const hint = element(adminShowIds.eventHint);
  const id = eventSelect.value;
  if (!id) {
    hint.textContent = 'Pick the event by its title, or create an event first.';
    return;
  }
  try {
    const event = await api<Event>(`/api/events/${encodeURIComponent(id)}`);
    hint.textContent = `${event.title} (${event.shows.length} upcoming shows)`;
  } catch {
    hint.textContent = 'No event with this id.';
  }
}

async function main() {
  await requireAdmin(adminShowIds.showForm);
  eventSelect.addEventListener('change', describeEvent);
  const tomorrow = new Date(Date.now() + 7 * 86_400_000);
  tomorrow.setHours(20, 0, 0, 0);
  const pad = (n: number) => String(n).padStart(2, '0');
  startsInput.value = `${tomorrow.getFullYear()}-${pad(tomorrow.getMonth() + 1)}-${pad(tomorrow.getDate())}T20:00`;
  try {
    const [events, venues] = await Promise.all([
      api<z.infer<typeof EventList>>('/api/events?pageSize=100&sort=name'),
      api<z.infer<typeof VenueList>>('/api/venues'),
    ]);
    // By title: nobody knows an event by its id. The category tells apart two events of one name.
    fill(
      eventSelect,
      h('option', { value: '' }, 'Choose an event'),
      events.items.map((ev) => h('option', { value: ev.eventId }, `${ev.title} (${ev.category})`)),
    );
    const wanted = params.get('eventId');
    // The list has events with upcoming shows; a new event (none yet) is added so it comes chosen.
    if (wanted && !events.items.some((ev) => ev.eventId === wanted)) {
      const ev = await api<Event>(`/api/events/${encodeURIComponent(wanted)}`).catch(() => null);
      if (ev) eventSelect.append(h('option', { value: wanted }, `${ev.title} (${ev.category})`));
    }
    eventSelect.value = wanted ?? '';
    describeEvent();
    fill(
      venueSelect,
      h('option', { value: '' }, 'Choose a venue'),
      venues.map((v) => h('option', { value: v.venueId }, `${v.name} (${v.city.name})`)),
    );
  } catch (err) {
    element(adminShowIds.formError).textContent = problemMessage(err);
    return;
  }
  const venueId = params.get('venueId');
  if (venueId) {
    venueSelect.value = venueId;
    await chooseVenue(venueId, params.get('hallId'));
  }
}

main();
