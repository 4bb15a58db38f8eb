// Browse: the search form drives /api/events; the form's own query string is the state, so results link.
import { api } from '../api.js';
import { setUpAskBox } from '../ask-box.js';
import { byId, fill, h } from '../dom.js';
import { categoryLabels, dateTime, plural } from '../format.js';
import { problemMessage } from '../problems.js';
import '../session.js';

const PAGE_SIZE = 12;
const params = new URLSearchParams(location.search);
const form = byId('search');
const status = byId('results-status');

for (const name of ['category', 'from', 'to', 'q', 'sort']) {
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

function apiQuery(page) {
  const query = new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE) });
  for (const name of ['city', 'category', 'q']) {
    const value = params.get(name)?.trim();
    if (value) query.set(name, value);
  }
  const sort = params.get('sort');
  if (sort) query.set('sort', sort);
  if (params.get('from')) query.set('from', localDayStart(params.get('from')));
  if (params.get('to')) query.set('to', localDayEnd(params.get('to')));
  return query;
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
      item.nextShowAt
        ? h('p', {}, 'Next: ', h('time', { datetime: item.nextShowAt }, dateTime(item.nextShowAt)))
        : null,
      h(
        'p',
        { class: 'meta' },
        `${plural(item.showCount, 'show')} · ${item.availableSeats > 0 ? `${plural(item.availableSeats, 'seat')} left` : 'sold out'}`,
      ),
    ),
  );
}

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
    status.textContent =
      result.total === 0 ? 'No events match. Try fewer filters.' : `${plural(result.total, 'event')} found.`;
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
