// Browse: the search form drives /api/events; the form's own query string is the state, so results link.
import type { z } from '@hono/zod-openapi';
import type { CityList, EventList } from '../../../../schemas/catalog.js';
import { api } from '../api.js';
import { setUpAskBox } from '../ask-box.js';
import { fill, h } from '../dom.js';
import { homeIds } from '../element-ids.js';
import { element } from '../elements.js';
import { categoryLabels, money, plural } from '../format.js';
import { showTimeNodes } from '../show-time.js';
import { problemMessage } from '../problems.js';
import '../session.js';

type EventItem = z.infer<typeof EventList>['items'][number];
type ListedShow = NonNullable<EventItem['shows']>[number];

const PAGE_SIZE = 12;
const params = new URLSearchParams(location.search);
const form = element(homeIds.search, HTMLFormElement);
const status = element(homeIds.resultsStatus);

/** One of the search form's fields, by name (home.tsx renders each). */
function field(name: string): HTMLInputElement | HTMLSelectElement {
  const found = form.elements.namedItem(name);
  if (found instanceof HTMLInputElement || found instanceof HTMLSelectElement) return found;
  throw new Error(`The search form has no field ${name}`);
}

for (const name of ['category', 'from', 'to', 'q', 'sort', 'postalCode', 'radiusKm', 'near']) {
  const value = params.get(name);
  if (value) field(name).value = value;
}

/** A day picked in the form means that day where the user is, so it becomes an instant here. */
function localDayStart(day: string): string {
  const [y = NaN, m = NaN, d = NaN] = day.split('-').map(Number);
  return new Date(y, m - 1, d).toISOString();
}

function localDayEnd(day: string): string {
  const [y = NaN, m = NaN, d = NaN] = day.split('-').map(Number);
  return new Date(y, m - 1, d + 1, 0, 0, 0, -1).toISOString();
}

const near = params.get('near') || null;

function apiQuery(page: number): URLSearchParams {
  const query = new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE) });
  for (const name of ['city', 'category', 'q', 'postalCode']) {
    const value = params.get(name)?.trim();
    if (value) query.set(name, value);
  }
  // A typo still finds something, and the answer says what was probably meant.
  if (query.has('q')) query.set('spellCheck', 'true');
  if (near) {
    query.set('near', near);
    const radiusKm = params.get('radiusKm');
    if (radiusKm) query.set('radiusKm', radiusKm);
  }
  const sort = params.get('sort');
  // Distance needs a place: without one the API refuses it, so the default order stands in.
  if (sort && (near || !sort.startsWith('distance'))) query.set('sort', sort);
  const from = params.get('from');
  const to = params.get('to');
  if (from) query.set('from', localDayStart(from));
  if (to) query.set('to', localDayEnd(to));
  return query;
}

const km = (d: number) => `${d < 10 ? d.toFixed(1) : Math.round(d)} km`;
const statusLabels: Record<string, string> = { available: 'available', almost_full: 'almost full', full: 'full' };

/** One listed show per row: when, where, how far (near me only) and each seat category's price and status. */
function showTable(item: EventItem) {
  if (!item.shows?.length) return null;
  const head = ['When', 'Venue', ...(near ? ['Distance'] : []), 'Seats'];
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'data shows-table' },
      h('caption', { class: 'visually-hidden' }, `Shows of ${item.title}`),
      h('thead', {}, h('tr', {}, ...head.map((text) => h('th', { scope: 'col' }, text)))),
      h(
        'tbody',
        {},
        ...item.shows.map((show: ListedShow) =>
          h(
            'tr',
            {},
            h(
              'td',
              {},
              h(
                'a',
                { href: `/shows/${encodeURIComponent(show.showId)}` },
                showTimeNodes(show.startsAt, show.timeZone),
              ),
            ),
            h('td', {}, show.venue.name),
            near ? h('td', { class: 'num distance' }, show.distanceKm === null ? '' : km(show.distanceKm)) : null,
            h(
              'td',
              {},
              ...show.categories.map((c, i) => [
                i > 0 ? h('br', {}) : null,
                `${c.category} ${money(c.price)}: ${statusLabels[c.status] ?? c.status}`,
              ]),
            ),
          ),
        ),
      ),
    ),
  );
}

function eventCard(item: EventItem) {
  const city = params.get('city');
  const href = `/events/${encodeURIComponent(item.eventId)}${city ? `?city=${encodeURIComponent(city)}` : ''}`;
  const details = [categoryLabels[item.category], item.genre, item.language, item.rating].filter(Boolean).join(' · ');
  return h(
    'li',
    {},
    h(
      'article',
      { class: 'card' },
      h('h3', {}, h('a', { href }, item.title)),
      h('p', { class: 'meta' }, details),
      h('p', {}, item.cities.map((c) => c.name).join(', ')),
      item.nextShowAt ? h('p', {}, 'Next: ', showTimeNodes(item.nextShowAt, item.shows?.[0]?.timeZone)) : null,
      h(
        'p',
        { class: 'meta' },
        `${plural(item.showCount, 'show')} · ${item.availableSeats > 0 ? `${plural(item.availableSeats, 'seat')} left` : 'sold out'}`,
      ),
      item.distanceKm == null ? null : h('p', { class: 'distance' }, `${km(item.distanceKm)} away`),
      showTable(item),
    ),
  );
}

function didYouMean(words: string) {
  const next = new URLSearchParams(params);
  next.set('q', words);
  next.delete('page');
  return h('span', { class: 'did-you-mean' }, ' Did you mean ', h('a', { href: `/?${next}` }, words), '?');
}

const nearStatus = element(homeIds.nearStatus);
const nearClear = element(homeIds.nearClear);
nearClear.hidden = !near;
if (near) nearStatus.textContent = 'Showing what is near you.';

element(homeIds.nearMe).addEventListener('click', () => {
  if (!navigator.geolocation) {
    nearStatus.textContent = 'This browser cannot tell where you are.';
    return;
  }
  nearStatus.textContent = 'Finding where you are…';
  navigator.geolocation.getCurrentPosition(
    ({ coords }) => {
      // Four decimals is about 10 m: close enough for distances, and no more precise than needed.
      field('near').value = `${coords.latitude.toFixed(4)},${coords.longitude.toFixed(4)}`;
      if (!field('sort').value) field('sort').value = 'distance,asc';
      form.requestSubmit();
    },
    () => {
      nearStatus.textContent = 'Your location is not available; allow it in the browser, or use the postal code.';
    },
    { maximumAge: 600_000, timeout: 15_000 },
  );
});

nearClear.addEventListener('click', () => {
  field('near').value = '';
  if (field('sort').value.startsWith('distance')) field('sort').value = '';
  form.requestSubmit();
});

function pageLink(page: number, text: string) {
  const next = new URLSearchParams(params);
  next.set('page', String(page));
  return h('a', { href: `/?${next}` }, text);
}

async function loadCities() {
  const select = element(homeIds.city, HTMLSelectElement);
  try {
    const cities = await api<z.infer<typeof CityList>>('/api/cities');
    for (const c of cities) select.append(h('option', { value: c.cityId }, c.name));
    select.value = params.get('city') ?? '';
  } catch {
    // The search still works without the list; only the city filter is missing.
  }
}

async function search() {
  const page = Math.max(1, Number(params.get('page')) || 1);
  status.textContent = 'Searching…';
  try {
    const result = await api<z.infer<typeof EventList>>(`/api/events?${apiQuery(page)}`);
    fill(element(homeIds.results), result.items.map(eventCard));
    fill(
      status,
      result.total === 0 ? 'No events match. Try fewer filters.' : `${plural(result.total, 'event')} found.`,
      result.didYouMean ? didYouMean(result.didYouMean) : null,
    );
    const pages = Math.ceil(result.total / PAGE_SIZE);
    fill(
      element(homeIds.pager),
      page > 1 ? pageLink(page - 1, '← Previous') : null,
      pages > 1 ? h('span', {}, `Page ${page} of ${pages}`) : null,
      page < pages ? pageLink(page + 1, 'Next →') : null,
    );
  } catch (err) {
    status.textContent = problemMessage(err);
  }
}

loadCities();
search();
setUpAskBox();
