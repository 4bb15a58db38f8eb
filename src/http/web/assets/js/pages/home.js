// Browse: the search form drives /api/events; the form's own query string is the state, so results link.
import { api } from '../api.js';
import { setUpAskBox } from '../ask-box.js';
import { byId, fill, h } from '../dom.js';
import { categoryLabels, money, plural } from '../format.js';
import { showTimeNodes } from '../show-time.js';
import { problemMessage } from '../problems.js';
import '../session.js';

const PAGE_SIZE = 12;
const params = new URLSearchParams(location.search);
const form = byId('search');
const status = byId('results-status');

for (const name of ['category', 'from', 'to', 'q', 'sort', 'postalCode', 'radiusKm', 'near']) {
  const value = params.get(name);
  if (value) form.elements[name].value = value;
}

/** A day picked in the form means that day where the user is, so it becomes an instant here. */
function localDayStart(day) {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d).toISOString();
}

function localDayEnd(day) {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d + 1, 0, 0, 0, -1).toISOString();
}

const near = params.get('near') || null;

function apiQuery(page) {
  const query = new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE) });
  for (const name of ['city', 'category', 'q', 'postalCode']) {
    const value = params.get(name)?.trim();
    if (value) query.set(name, value);
  }
  // A typo still finds something, and the answer says what was probably meant.
  if (query.has('q')) query.set('spellCheck', 'true');
  if (near) {
    query.set('near', near);
    if (params.get('radiusKm')) query.set('radiusKm', params.get('radiusKm'));
  }
  const sort = params.get('sort');
  // Distance needs a place: without one the API refuses it, so the default order stands in.
  if (sort && (near || !sort.startsWith('distance'))) query.set('sort', sort);
  if (params.get('from')) query.set('from', localDayStart(params.get('from')));
  if (params.get('to')) query.set('to', localDayEnd(params.get('to')));
  return query;
}

const km = (d) => `${d < 10 ? d.toFixed(1) : Math.round(d)} km`;
const statusLabels = { available: 'available', almost_full: 'almost full', full: 'full' };

/** One listed show per row: when, where, how far (near me only) and each seat category's price and status. */
function showTable(item) {
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
        ...item.shows.map((show) =>
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

function eventCard(item) {
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

function didYouMean(words) {
  const next = new URLSearchParams(params);
  next.set('q', words);
  next.delete('page');
  return h('span', { class: 'did-you-mean' }, ' Did you mean ', h('a', { href: `/?${next}` }, words), '?');
}

const nearStatus = byId('near-status');
byId('near-clear').hidden = !near;
if (near) nearStatus.textContent = 'Showing what is near you.';

byId('near-me').addEventListener('click', () => {
  if (!navigator.geolocation) {
    nearStatus.textContent = 'This browser cannot tell where you are.';
    return;
  }
  nearStatus.textContent = 'Finding where you are…';
  navigator.geolocation.getCurrentPosition(
    ({ coords }) => {
      // Four decimals is about 10 m: close enough for distances, and no more precise than needed.
      form.elements.near.value = `${coords.latitude.toFixed(4)},${coords.longitude.toFixed(4)}`;
      if (!form.elements.sort.value) form.elements.sort.value = 'distance,asc';
      form.requestSubmit();
    },
    () => {
      nearStatus.textContent = 'Your location is not available; allow it in the browser, or use the postal code.';
    },
    { maximumAge: 600_000, timeout: 15_000 },
  );
});

byId('near-clear').addEventListener('click', () => {
  form.elements.near.value = '';
  if (form.elements.sort.value.startsWith('distance')) form.elements.sort.value = '';
  form.requestSubmit();
});

function pageLink(page, text) {
  const next = new URLSearchParams(params);
  next.set('page', String(page));
  return h('a', { href: `/?${next}` }, text);
}

async function loadCities() {
  const select = byId('city');
  try {
    const cities = await api('/api/cities');
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
    const result = await api(`/api/events?${apiQuery(page)}`);
    fill(byId('results'), result.items.map(eventCard));
    fill(
      status,
      result.total === 0 ? 'No events match. Try fewer filters.' : `${plural(result.total, 'event')} found.`,
      result.didYouMean ? didYouMean(result.didYouMean) : null,
    );
    const pages = Math.ceil(result.total / PAGE_SIZE);
    fill(
      byId('pager'),
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
