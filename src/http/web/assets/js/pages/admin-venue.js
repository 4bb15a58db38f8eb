// Admin: a venue with one hall, its layout built from lines (or pasted as JSON), previewed as a seat map.
import { api } from '../api.js';
import { requireAdmin, showResult } from '../admin-gate.js';
import { byId, fill, h } from '../dom.js';
import { formKey } from '../form-key.js';
import { plural } from '../format.js';
import { layoutPreview, linesToLayout } from '../layout-lines.js';
import { problemMessage } from '../problems.js';
import { categoryColours, renderSeatMap } from '../seat-map.js';

const linesBox = byId('layout-lines');
const jsonInput = byId('layout-json');
let lineCount = 0;
const once = formKey(byId('venue-form'));

function field(id, label, input) {
  input.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), input);
}

function addLine(values = {}) {
  const n = ++lineCount;
  const kind = h(
    'select',
    { name: 'kind' },
    h('option', { value: 'reserved' }, 'Seats'),
    h('option', { value: 'general' }, 'Standing'),
  );
  kind.value = values.kind ?? 'reserved';
  const inputs = {
    section: h('input', { name: 'section', value: values.section ?? 'Stalls', required: true }),
    kind,
    rows: h('input', { name: 'rows', value: values.rows ?? '' }),
    seats: h('input', { name: 'seats', type: 'number', min: 1, max: 500, value: values.seats ?? '' }),
    capacity: h('input', { name: 'capacity', type: 'number', min: 1, max: 100000, value: values.capacity ?? '' }),
    category: h('input', { name: 'category', value: values.category ?? 'regular', required: true }),
  };
  const fields = {
    section: field(`line-${n}-section`, 'Section', inputs.section),
    kind: field(`line-${n}-kind`, 'Kind', inputs.kind),
    rows: field(`line-${n}-rows`, 'Rows', inputs.rows),
    seats: field(`line-${n}-seats`, 'Seats per row', inputs.seats),
    capacity: field(`line-${n}-capacity`, 'Capacity', inputs.capacity),
    category: field(`line-${n}-category`, 'Category', inputs.category),
  };
  const legend = h('legend', {}, `Line ${linesBox.children.length + 1}`);
  const remove = h('button', { type: 'button', class: 'secondary' }, 'Remove');
  const line = h('fieldset', { class: 'line' }, legend, Object.values(fields), remove);
  const syncKind = () => {
    const standing = inputs.kind.value === 'general';
    fields.rows.hidden = standing;
    fields.seats.hidden = standing;
    fields.capacity.hidden = !standing;
  };
  inputs.kind.addEventListener('change', syncKind);
  remove.addEventListener('click', () => {
    line.remove();
    [...linesBox.children].forEach((el, i) => (el.querySelector('legend').textContent = `Line ${i + 1}`));
    updatePreview();
    byId('add-line').focus();
  });
  line.lineInputs = inputs;
  syncKind();
  linesBox.append(line);
  return inputs;
}

function currentLayout() {
  const pasted = jsonInput.value.trim();
  if (pasted) {
    try {
      const layout = JSON.parse(pasted);
      if (!Array.isArray(layout?.sections)) return { error: 'The JSON needs a "sections" list' };
      return { layout };
    } catch (err) {
      return { error: `The JSON is not valid: ${err.message}` };
    }
  }
  const lines = [...linesBox.children].map((el) =>
    Object.fromEntries(Object.entries(el.lineInputs).map(([k, input]) => [k, input.value])),
  );
  return linesToLayout(lines);
}

function updatePreview() {
  const summary = byId('preview-summary');
  const { layout, error } = currentLayout();
  if (error) {
    summary.textContent = error;
    byId('preview').replaceChildren();
    return;
  }
  try {
    const preview = layoutPreview(layout);
    const categories = [
      ...new Set([...preview.seats.map((s) => s.category), ...preview.sections.map((s) => s.category)]),
    ];
    renderSeatMap(byId('preview'), preview, { colours: categoryColours(categories), interactive: false });
    const standing = preview.sections.filter((s) => s.kind === 'general').reduce((n, s) => n + s.capacity, 0);
    summary.textContent = `${plural(layout.sections.length, 'section')}, ${plural(preview.seats.length, 'seat')}${
      standing ? `, ${plural(standing, 'standing place')}` : ''
    }; categories: ${categories.join(', ')}.`;
  } catch {
    summary.textContent = 'The layout cannot be drawn; check the JSON.';
  }
}

let previewTimer = null;
byId('venue-form').addEventListener('input', () => {
  clearTimeout(previewTimer);
  previewTimer = setTimeout(updatePreview, 200);
});
byId('venue-form').addEventListener('change', updatePreview);
byId('add-line').addEventListener('click', () => {
  addLine({ section: '', rows: '', seats: '', category: '' }).section.focus();
  updatePreview();
});

/** Coordinates from two number fields: none, both, or 'half' when only one is filled in. */
function locationOf(latitude, longitude) {
  const lat = latitude.trim();
  const lng = longitude.trim();
  if (lat === '' && lng === '') return null;
  if (lat === '' || lng === '') return 'half';
  return { latitude: Number(lat), longitude: Number(lng) };
}

byId('venue-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const error = byId('form-error');
  error.textContent = '';
  const { layout, error: layoutError } = currentLayout();
  if (layoutError) {
    error.textContent = layoutError;
    return;
  }
  const hallName = byId('hall-name').value.trim();
  const body = {
    name: byId('venue-name').value.trim(),
    city: byId('venue-city').value.trim(),
    halls: [{ name: hallName, layout }],
  };
  const address = byId('venue-address').value.trim();
  if (address) body.address = address;
  const postalCode = byId('venue-postal-code').value.trim();
  if (postalCode) body.postalCode = postalCode;
  const timeZone = byId('venue-time-zone').value.trim();
  if (timeZone) body.timeZone = timeZone;
  const location = locationOf(byId('venue-latitude').value, byId('venue-longitude').value);
  if (location === 'half') {
    error.textContent = 'Give both latitude and longitude, or neither.';
    return;
  }
  if (location) body.location = location;
  try {
    const venue = await api('/api/admin/venues', { method: 'POST', body, idempotencyKey: once.key() });
    // Cleared, so the values left in it cannot make a second venue by another click; the seat
    // layout lines go back to the ones the page started with.
    byId('venue-form').reset();
    once.done();
    updatePreview();
    showResult([
      h('p', {}, `${body.name} is created (venue id `, h('code', {}, venue.venueId), ').'),
      h(
        'ul',
        {},
        venue.halls.map((hall) =>
          h(
            'li',
            {},
            `${hall.name}: ${plural(hall.capacity, 'place')}. `,
            h(
              'a',
              {
                href: `/admin/shows/new?venueId=${encodeURIComponent(venue.venueId)}&hallId=${encodeURIComponent(hall.hallId)}`,
              },
              `Create a show in ${hall.name}`,
            ),
          ),
        ),
      ),
    ]);
  } catch (err) {
    error.textContent = problemMessage(err);
  }
});

async function main() {
  await requireAdmin('venue-form');
  addLine({ section: 'Stalls', rows: 'A-B', seats: 10, category: 'premium' });
  addLine({ section: 'Stalls', rows: 'C-F', seats: 12, category: 'regular' });
  updatePreview();
  fill(
    byId('time-zone-list'),
    Intl.supportedValuesOf('timeZone').map((zone) => h('option', { value: zone })),
  );
  try {
    const cities = await api('/api/cities');
    fill(
      byId('city-list'),
      cities.map((c) => h('option', { value: c.name })),
    );
  } catch {
    // Typing a city still works; only the suggestions are missing.
  }
}

main();
