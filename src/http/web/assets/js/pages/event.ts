// An event and its show times, grouped by venue.
import type { z } from '@hono/zod-openapi';
import type { EventDetails } from '../../../../schemas/catalog.js';
import { api, ApiProblem } from '../api.js';
import { fill, h } from '../dom.js';
import { eventIds, layoutIds } from '../element-ids.js';
import { element } from '../elements.js';
import { categoryLabels, money, plural } from '../format.js';
import { showTimeNodes, venueTime } from '../show-time.js';
import { problemMessage } from '../problems.js';
import '../session.js';

type Event = z.infer<typeof EventDetails>;
type EventShow = Event['shows'][number];

// The server renders data-event-id from the page's path, so it is always there.
const eventId = element(layoutIds.main).dataset.eventId ?? '';
const city = new URLSearchParams(location.search).get('city');

function stateNote(show: EventShow): string {
  if (show.state === 'cancelled') return 'Cancelled';
  if (show.state === 'salesClosed') return 'Sales closed';
  if (show.state === 'onSale.soldOut' || (show.availableSeats === 0 && show.state !== 'scheduled')) return 'Sold out';
  if (show.state === 'scheduled' || (show.salesOpenAt && Date.parse(show.salesOpenAt) > Date.now())) {
    return show.salesOpenAt ? `On sale ${venueTime(show.salesOpenAt, show.timeZone)}` : 'Not on sale yet';
  }
  return `${plural(show.availableSeats, 'seat')} left`;
}

function cheapest(show: EventShow) {
  const [first, ...rest] = show.prices;
  if (!first) return null;
  return rest.reduce((a, b) => (b.price.amount < a.price.amount ? b : a), first).price;
}

function showLink(show: EventShow) {
  const from = cheapest(show);
  const note = stateNote(show);
  return h(
    'li',
    {},
    h(
      'a',
      // Named by its visible text (time, hall, seats left, price), so what is heard is what is seen.
      { href: `/shows/${encodeURIComponent(show.showId)}` },
      h('span', { class: 'when' }, showTimeNodes(show.startsAt, show.timeZone)),
      h('span', { class: 'left' }, `${show.hall.name} · ${note}${from ? ` · from ${money(from)}` : ''}`),
    ),
  );
}

interface VenueGroup {
  venue: EventShow['venue'];
  city: EventShow['city'];
  shows: EventShow[];
}

function venueGroups(shows: EventShow[]): VenueGroup[] {
  const groups = new Map<string, VenueGroup>();
  for (const show of shows) {
    const group = groups.get(show.venue.venueId) ?? { venue: show.venue, city: show.city, shows: [] };
    group.shows.push(show);
    groups.set(show.venue.venueId, group);
  }
  return [...groups.values()];
}

async function main() {
  const status = element(eventIds.eventStatus);
  status.textContent = 'Loading…';
  let event: Event;
  try {
    event = await api<Event>(
      `/api/events/${encodeURIComponent(eventId)}${city ? `?city=${encodeURIComponent(city)}` : ''}`,
    );
  } catch (err) {
    status.textContent =
      err instanceof ApiProblem && err.status === 404 ? 'This event does not exist.' : problemMessage(err);
    return;
  }
  status.textContent = '';
  document.title = `${event.title} · Showtime`;
  element(eventIds.eventTitle).textContent = event.title;
  const facts = [
    categoryLabels[event.category],
    event.genre,
    event.language,
    event.durationMinutes ? `${event.durationMinutes} min` : null,
    event.rating,
  ].filter(Boolean);
  fill(
    element(eventIds.eventMeta),
    h('p', { class: 'meta' }, facts.join(' · ')),
    event.performers.length ? h('p', {}, h('strong', {}, 'With: '), event.performers.join(', ')) : null,
    event.description ? h('p', {}, event.description) : null,
  );
  const groups = venueGroups(event.shows);
  fill(
    element(eventIds.shows),
    groups.length === 0
      ? h(
          'p',
          {},
          city ? 'No upcoming shows in this city. ' : 'No upcoming shows. ',
          city ? h('a', { href: `/events/${encodeURIComponent(eventId)}` }, 'See all cities') : null,
        )
      : groups.map((g) =>
          h(
            'section',
            { class: 'venue-group', 'aria-label': g.venue.name },
            h('h3', {}, g.venue.name),
            h('p', { class: 'meta' }, [g.venue.address, g.city.name].filter(Boolean).join(', ')),
            h('ul', { class: 'show-times' }, g.shows.map(showLink)),
          ),
        ),
  );
}

main();
