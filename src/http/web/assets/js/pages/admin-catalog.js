// Admin: find an event to manage, and edit or remove venues.
import { api } from '../api.js';
import { requireAdmin } from '../admin-gate.js';
import { clearErrors, showProblem } from '../admin-forms.js';
import { confirmDialog } from '../confirm-dialog.js';
import { announce, byId, fill, h } from '../dom.js';
import { categoryLabels, dateTime } from '../format.js';
import { problemMessage } from '../problems.js';

async function loadEvents(q) {
  const status = byId('events-status');
  const table = byId('events-table');
  status.textContent = 'Loading…';
  try {
    const query = new URLSearchParams({ pageSize: '100', sort: 'name' });
    if (q) query.set('q', q);
    const { items } = await api(`/api/events?${query}`);
    fill(
      table.tBodies[0],
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

function venueEditForm(venue, onSaved) {
  const id = (name) => `venue-${venue.venueId}-${name}`;
  const input = (name, label, value, attrs = {}) =>
    h(
      'div',
      { class: 'field' },
      h('label', { for: id(name) }, label),
      h('input', { id: id(name), name, value, required: true, maxlength: 200, ...attrs }),
    );
  const place = venue.location ?? { latitude: '', longitude: '' };
  const coordinate = (max) => ({ type: 'number', step: 'any', min: -max, max, required: false });
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
    const value = (name) => form.elements.namedItem(name).value.trim();
    const body = {};
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
      showProblem(form, error, err);
    }
  });
  return form;
}

async function removeVenue(venue, note) {
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

function venueItem(venue) {
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
      editor.querySelector('input').focus();
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

async function loadVenues(message) {
  const status = byId('venues-status');
  try {
    const venues = await api('/api/venues');
    fill(byId('venue-list'), venues.map(venueItem));
    status.textContent = message ?? (venues.length === 0 ? 'No venues yet.' : '');
    if (message) announce(message);
  } catch (err) {
    status.textContent = problemMessage(err);
  }
}

async function main() {
  await requireAdmin('admin-body');
  const search = byId('event-search');
  search.addEventListener('submit', (e) => {
    e.preventDefault();
    loadEvents(byId('event-q').value.trim());
  });
  await Promise.all([loadEvents(''), loadVenues()]);
}

main();
