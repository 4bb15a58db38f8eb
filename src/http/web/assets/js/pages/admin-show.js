// Admin: a show of an event in a hall, with a price per category of the hall's layout.
import { api } from '../api.js';
import { requireAdmin, showResult } from '../admin-gate.js';
import { byId, fill, h } from '../dom.js';
import { formKey } from '../form-key.js';
import { venueLocalToIso } from '../admin-forms.js';
import { toMinorUnits } from '../format.js';
import { venueTime, yourTime } from '../show-time.js';
import { problemMessage } from '../problems.js';

const params = new URLSearchParams(location.search);
const form = byId('show-form');
const venueSelect = byId('show-venue');
const hallSelect = byId('show-hall');
let venue = null;
const once = formKey(byId('show-form'));

/** The chosen venue's zone: the form's times are typed on its clock, wherever the admin sits. */
function venueZone() {
  return venue?.timeZone ?? 'UTC';
}

/** Names the zone beside the time fields and says what the typed start is, summer time and all. */
function describeStart() {
  for (const el of document.querySelectorAll('.venue-zone')) {
    el.textContent = venue ? `local time at ${venue.name}, ${venueZone()}` : "the venue's local time";
  }
  const hint = byId('show-starts-hint');
  const value = byId('show-starts').value;
  const start = venueLocalToIso(value, venueZone());
  if (!venue || !value) hint.textContent = venue ? '' : 'Times are taken on the clock of the venue you choose.';
  else if (start.error) hint.textContent = start.error;
  else {
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
    byId('price-fields'),
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

async function chooseVenue(venueId, hallId) {
  venue = null;
  fill(hallSelect);
  describeStart();
  if (!venueId) return renderPrices();
  try {
    venue = await api(`/api/venues/${encodeURIComponent(venueId)}`);
  } catch (err) {
    byId('form-error').textContent = problemMessage(err);
    return;
  }
  fill(
    hallSelect,
    venue.halls.map((x) => h('option', { value: x.hallId }, `${x.name} (${x.capacity} places)`)),
  );
  if (hallId && venue.halls.some((x) => x.hallId === hallId)) hallSelect.value = hallId;
  renderPrices();
  describeStart();
}

venueSelect.addEventListener('change', () => chooseVenue(venueSelect.value));
byId('show-starts').addEventListener('input', describeStart);
hallSelect.addEventListener('change', renderPrices);

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const error = byId('form-error');
  error.textContent = '';
  const currency = byId('show-currency').value;
  const prices = {};
  for (const input of byId('price-fields').querySelectorAll('input')) {
    prices[input.dataset.category] = { amount: toMinorUnits(Number(input.value), currency), currency };
  }
  const startsAt = venueLocalToIso(byId('show-starts').value, venueZone());
  const salesOpenAt = venueLocalToIso(byId('show-sales-open').value, venueZone());
  if (startsAt.error || salesOpenAt.error) {
    error.textContent = startsAt.error ?? salesOpenAt.error;
    return;
  }
  const body = {
    eventId: byId('show-event').value,
    hallId: hallSelect.value,
    startsAt: startsAt.iso ?? undefined,
    prices,
  };
  if (salesOpenAt.iso) body.salesOpenAt = salesOpenAt.iso;
  const holdMinutes = byId('show-hold-minutes').value;
  if (holdMinutes) body.holdTtlSeconds = Number(holdMinutes) * 60;
  try {
    const { showId } = await api('/api/admin/shows', { method: 'POST', body, idempotencyKey: once.key() });
    // Cleared, so the values left in it cannot make a second show by another click.
    byId('show-form').reset();
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
  const hint = byId('event-hint');
  const id = byId('show-event').value;
  if (!id) {
    hint.textContent = 'Pick the event by its title, or create an event first.';
    return;
  }
  try {
    const event = await api(`/api/events/${encodeURIComponent(id)}`);
    hint.textContent = `${event.title} (${event.shows.length} upcoming shows)`;
  } catch {
    hint.textContent = 'No event with this id.';
  }
}

async function main() {
  await requireAdmin('show-form');
  byId('show-event').addEventListener('change', describeEvent);
  const tomorrow = new Date(Date.now() + 7 * 86_400_000);
  tomorrow.setHours(20, 0, 0, 0);
  const pad = (n) => String(n).padStart(2, '0');
  byId('show-starts').value =
    `${tomorrow.getFullYear()}-${pad(tomorrow.getMonth() + 1)}-${pad(tomorrow.getDate())}T20:00`;
  try {
    const [events, venues] = await Promise.all([api('/api/events?pageSize=100&sort=name'), api('/api/venues')]);
    // By title: nobody knows an event by its id. The category tells apart two events of one name.
    fill(
      byId('show-event'),
      h('option', { value: '' }, 'Choose an event'),
      events.items.map((ev) => h('option', { value: ev.eventId }, `${ev.title} (${ev.category})`)),
    );
    const wanted = params.get('eventId');
    // The list has events with upcoming shows; a new event (none yet) is added so it comes chosen.
    if (wanted && !events.items.some((ev) => ev.eventId === wanted)) {
      const ev = await api(`/api/events/${encodeURIComponent(wanted)}`).catch(() => null);
      if (ev) byId('show-event').append(h('option', { value: wanted }, `${ev.title} (${ev.category})`));
    }
    byId('show-event').value = wanted ?? '';
    describeEvent();
    fill(
      venueSelect,
      h('option', { value: '' }, 'Choose a venue'),
      venues.map((v) => h('option', { value: v.venueId }, `${v.name} (${v.city.name})`)),
    );
  } catch (err) {
    byId('form-error').textContent = problemMessage(err);
    return;
  }
  const venueId = params.get('venueId');
  if (venueId) {
    venueSelect.value = venueId;
    await chooseVenue(venueId, params.get('hallId'));
  }
}

main();
