// Admin: find an event to manage, and edit or remove venues.
import type { z } from '@hono/zod-openapi';
import type { EventList, VenueList } from '../../../../schemas/catalog.js';
import { api, ApiProblem } from '../api.js';
import { requireAdmin } from '../admin-gate.js';
import { clearErrors, showProblem } from '../admin-forms.js';
import { confirmDialog } from '../confirm-dialog.js';
import { announce, fill, h, type Attrs } from '../dom.js';
import { adminCatalogIds } from '../element-ids.js';
import { element } from '../elements.js';
import { categoryLabels, dateTime } from '../format.js';
import { problemMessage } from '../problems.js';

type Venue = z.infer<typeof VenueList>[number];

async function loadEvents(q: string) {
  const status = element(adminCatalogIds.eventsStatus);
  const table = element(adminCatalogIds.eventsTable, HTMLTableElement);
  status.textContent = 'Loading…';
  try {
    const query = new URLSearchParams({ pageSize: '100', sort: 'name' });
    if (q) query.set('q', q);
    const { items } = await api<z.infer<typeof EventList>>(`/api/events?${query}`);
    const rows = table.tBodies[0];
    if (!rows) throw new Error('The events table has no body');
    fill(
      rows,
      items.map((ev) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, ev.title),
          h('td', {}, categoryLabels[ev.category] ?? ev.category),
          h('td', {}, ev.nextShowAt ? dateTime(ev.nextShowAt) : 'None'),
          h(
            'td',
            {},
            h(
              'a',
              { href: `/admin/events/${encodeURIComponent(ev.eventId)}` },
              'Manage',
              h('span', { class: 'visually-hidden' }, ` ${ev.title}`),
            ),
          ),
        ),
      ),
    );
    table.hidden = items.length === 0;
    status.textContent = items.length === 0 ? 'No events found.' : '';
  } catch (err) {
    status.textContent = problemMessage(err);
  }
}

function venueEditForm(venue: Venue, onSaved: (message: string) => void) {
  const id = (name: string) => `venue-${venue.venueId}-${name}`;
  const input = (name: string, label: string, value: string, attrs: Attrs = {}) =>
    h(
      'div',
      { class: 'field' },
      h('label', { for: id(name) }, label),
      h('input', { id: id(name), name, value, required: true, maxlength: 200, ...attrs }),
    );
  const place = venue.location ?? { latitude: '', longitude: '' };
  const coordinate = (max: number) => ({ type: 'number', step: 'any', min: -max, max, required: false });
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h(
    'form',
    { class: 'inline-form', novalidate: true },
    input('name', 'Name', venue.name),
    input('city', 'City', venue.city.name),
    input('address', 'Address', venue.address, { required: false, maxlength: 500 }),
    input('postalCode', 'Postal code', venue.postalCode, { required: false, maxlength: 20 }),
    input('latitude', 'Latitude', String(place.latitude), coordinate(90)),
    input('longitude', 'Longitude', String(place.longitude), coordinate(180)),
    h('button', { type: 'submit' }, 'Save venue'),
    error,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    error.textContent = '';
    const value = (name: string) => {
      const field = form.elements.namedItem(name);
      return field instanceof HTMLInputElement ? field.value.trim() : '';
    };
    const body: {
      name?: string;
      city?: string;
      address?: string;
      postalCode?: string;
      location?: { latitude: number; longitude: number } | null;
    } = {};
    if (value('name') !== venue.name) body.name = value('name');
    if (value('city') !== venue.city.name) body.city = value('city');
    if (value('address') !== venue.address) body.address = value('address');
    if (value('postalCode') !== venue.postalCode) body.postalCode = value('postalCode');
    const [lat, lng] = [value('latitude'), value('longitude')];
    if ((lat === '') !== (lng === '')) {
      error.textContent = 'Give both latitude and longitude, or neither.';
      return;
    }
    const location = lat === '' ? null : { latitude: Number(lat), longitude: Number(lng) };
    if (JSON.stringify(location) !== JSON.stringify(venue.location)) body.location = location;
    if (Object.keys(body).length === 0) {
      error.textContent = 'Nothing changed.';
      return;
    }
    try {
      await api(`/api/admin/venues/${encodeURIComponent(venue.venueId)}`, { method: 'PATCH', body });
      onSaved(`${value('name')} is saved.`);
    } catch (err) {
      if (err instanceof ApiProblem) showProblem(form, error, err);
      else error.textContent = problemMessage(err);
    }
  });
  return form;
}

async function removeVenue(venue: Venue, note: HTMLElement) {
  const ok = await confirmDialog({
    title: `Remove ${venue.name}?`,
    message: [
      'The venue leaves the catalog; bookings of past shows keep pointing at it.',
      'A venue with upcoming shows still on cannot be removed: cancel or remove those shows first.',
    ],
    confirmLabel: 'Remove venue',
  });
  if (!ok) return;
  try {
    await api(`/api/admin/venues/${encodeURIComponent(venue.venueId)}`, { method: 'DELETE' });
    await loadVenues(`${venue.name} is removed.`);
  } catch (err) {
    note.className = 'error';
    fill(note, problemMessage(err));
    announce(note.textContent);
  }
}

function venueItem(venue: Venue) {
  const note = h('p', { role: 'status', class: 'status' });
  const editor = h('div', { hidden: true });
  const editButton = h(
    'button',
    { type: 'button', class: 'secondary', 'aria-expanded': 'false' },
    'Edit',
    h('span', { class: 'visually-hidden' }, ` ${venue.name}`),
  );
  editButton.addEventListener('click', () => {
    const open = editor.hidden;
    editor.hidden = !open;
    editButton.setAttribute('aria-expanded', String(open));
    if (open) {
      fill(
        editor,
        venueEditForm(venue, (text) => loadVenues(text)),
      );
      editor.querySelector('input')?.focus();
    }
  });
  const removeButton = h(
    'button',
    { type: 'button', class: 'danger', onclick: () => removeVenue(venue, note) },
    'Remove',
    h('span', { class: 'visually-hidden' }, ` ${venue.name}`),
  );
  return h(
    'article',
    {
      class: 'panel admin-item',
      'aria-labelledby': `venue-${venue.venueId}-title`,
      dataset: { venueId: venue.venueId },
    },
    h('h3', { id: `venue-${venue.venueId}-title` }, venue.name),
    h(
      'p',
      { class: 'meta' },
      `${venue.city.name}${venue.address ? ` · ${venue.address}` : ''} · ${venue.halls.length} hall${venue.halls.length === 1 ? '' : 's'} · ${venue.upcomingShows} upcoming show${venue.upcomingShows === 1 ? '' : 's'}`,
    ),
    h('div', { class: 'row-actions' }, editButton, removeButton),
    editor,
    note,
  );
}

async function loadVenues(message?: string) {
  const status = element(adminCatalogIds.venuesStatus);
  try {
    const venues = await api<z.infer<typeof VenueList>>('/api/venues');
    fill(element(adminCatalogIds.venueList), venues.map(venueItem));
    status.textContent = message ?? (venues.length === 0 ? 'No venues yet.' : '');
    if (message) announce(message);
  } catch (err) {
    status.textContent = problemMessage(err);
  }
}

async function main() {
  await requireAdmin(adminCatalogIds.adminBody);
  const search = element(adminCatalogIds.eventSearch);
  search.addEventListener('submit', (e) => {
    e.preventDefault();
    loadEvents(element(adminCatalogIds.eventQ, HTMLInputElement).value.trim());
  });
  await Promise.all([loadEvents(''), loadVenues()]);
}

main();
