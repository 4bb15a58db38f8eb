// Admin: a venue with one hall, its layout built from lines (or pasted as JSON), previewed as a seat map.
import type { z } from '@hono/zod-openapi';
import type { VenueCreated } from '../../../../schemas/admin.js';
import type { CityList } from '../../../../schemas/catalog.js';
import type { HallLayout } from '../api-types.js';
import { api } from '../api.js';
import { requireAdmin, showResult } from '../admin-gate.js';
import { fill, h } from '../dom.js';
import { adminVenueIds } from '../element-ids.js';
import { element } from '../elements.js';
import { formKey } from '../form-key.js';
import { plural } from '../format.js';
import { layoutPreview, linesToLayout, type LayoutLine } from '../layout-lines.js';
import { problemMessage } from '../problems.js';
import { categoryColours, renderSeatMap } from '../seat-map.js';

type LineInputs = { [K in keyof LayoutLine]: HTMLInputElement | HTMLSelectElement };

const form = element(adminVenueIds.venueForm, HTMLFormElement);
const linesBox = element(adminVenueIds.layoutLines);
const jsonInput = element(adminVenueIds.layoutJson, HTMLTextAreaElement);
/** Each line's fieldset with its inputs, read in the order the fieldsets stand in the form. */
const lineInputs = new WeakMap<Element, LineInputs>();
let lineCount = 0;
const once = formKey(form);

function field(id: string, label: string, input: HTMLElement) {
  input.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), input);
}

function addLine(values: Partial<Record<keyof LayoutLine, string | number>> = {}): LineInputs {
  const n = ++lineCount;
  const kind = h(
    'select',
    { name: 'kind' },
    h('option', { value: 'reserved' }, 'Seats'),
    h('option', { value: 'general' }, 'Standing'),
  );
  kind.value = String(values.kind ?? 'reserved');
  const inputs: LineInputs = {
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
    [...linesBox.children].forEach((el, i) => {
      const caption = el.querySelector('legend');
      if (caption) caption.textContent = `Line ${i + 1}`;
    });
    updatePreview();
    element(adminVenueIds.addLine).focus();
  });
  lineInputs.set(line, inputs);
  syncKind();
  linesBox.append(line);
  return inputs;
}

function currentLayout(): { layout: HallLayout; error?: undefined } | { layout?: undefined; error: string } {
  const pasted = jsonInput.value.trim();
  if (pasted) {
    try {
      // Only its shape is checked here: the server validates the layout and says what is wrong.
      const layout: HallLayout = JSON.parse(pasted);
      if (!Array.isArray(layout?.sections)) return { error: 'The JSON needs a "sections" list' };
      return { layout };
    } catch (err) {
      return { error: `The JSON is not valid: ${err instanceof Error ? err.message : String(err)}` };
    }
  }
  const lines = [...linesBox.children].flatMap((el): LayoutLine[] => {
    const inputs = lineInputs.get(el);
    if (!inputs) return [];
    return [
      {
        section: inputs.section.value,
        kind: inputs.kind.value,
        rows: inputs.rows.value,
        seats: inputs.seats.value,
        capacity: inputs.capacity.value,
        category: inputs.category.value,
      },
    ];
  });
  return linesToLayout(lines);
}

function updatePreview() {
  const summary = element(adminVenueIds.previewSummary);
  const { layout, error } = currentLayout();
  if (!layout) {
    summary.textContent = error;
    element(adminVenueIds.preview).replaceChildren();
    return;
  }
  try {
    const preview = layoutPreview(layout);
    const categories = [
      ...new Set([...preview.seats.map((s) => s.category), ...preview.sections.map((s) => s.category)]),
    ];
    renderSeatMap(element(adminVenueIds.preview), preview, {
      colours: categoryColours(categories),
      interactive: false,
    });
    const standing = preview.sections.filter((s) => s.kind === 'general').reduce((n, s) => n + s.capacity, 0);
    summary.textContent = `${plural(layout.sections.length, 'section')}, ${plural(preview.seats.length, 'seat')}${
      standing ? `, ${plural(standing, 'standing place')}` : ''
    }; categories: ${categories.join(', ')}.`;
  } catch {
    summary.textContent = 'The layout cannot be drawn; check the JSON.';
  }
}

let previewTimer: ReturnType<typeof setTimeout> | undefined;
form.addEventListener('input', () => {
  clearTimeout(previewTimer);
  previewTimer = setTimeout(updatePreview, 200);
});
form.addEventListener('change', updatePreview);
element(adminVenueIds.addLine).addEventListener('click', () => {
  addLine({ section: '', rows: '', seats: '', category: '' }).section.focus();
  updatePreview();
});

/** Coordinates from two number fields: none, both, or 'half' when only one is filled in. */
function locationOf(latitude: string, longitude: string): { latitude: number; longitude: number } | null | 'half' {
  const lat = latitude.trim();
  const lng = longitude.trim();
  if (lat === '' && lng === '') return null;
  if (lat === '' || lng === '') return 'half';
  return { latitude: Number(lat), longitude: Number(lng) };
}

/** The value of one of the form's text inputs. */
const valueOf = (id: string) => element(id, HTMLInputElement).value;

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const error = element(adminVenueIds.formError);
  error.textContent = '';
  const { layout, error: layoutError } = currentLayout();
  if (!layout) {
    error.textContent = layoutError;
    return;
  }
  const hallName = valueOf(adminVenueIds.hallName).trim();
  const body: {
    name: string;
    city: string;
    halls: { name: string; layout: HallLayout }[];
    address?: string;
    postalCode?: string;
    timeZone?: string;
    location?: { latitude: number; longitude: number };
  } = {
    name: valueOf(adminVenueIds.venueName).trim(),
    city: valueOf(adminVenueIds.venueCity).trim(),
    halls: [{ name: hallName, layout }],
  };
  const address = valueOf(adminVenueIds.venueAddress).trim();
  if (address) body.address = address;
  const postalCode = valueOf(adminVenueIds.venuePostalCode).trim();
  if (postalCode) body.postalCode = postalCode;
  const timeZone = valueOf(adminVenueIds.venueTimeZone).trim();
  if (timeZone) body.timeZone = timeZone;
  const location = locationOf(valueOf(adminVenueIds.venueLatitude), valueOf(adminVenueIds.venueLongitude));
  if (location === 'half') {
    error.textContent = 'Give both latitude and longitude, or neither.';
    return;
  }
  if (location) body.location = location;
  try {
    const venue = await api<z.infer<typeof VenueCreated>>('/api/admin/venues', {
      method: 'POST',
      body,
      idempotencyKey: once.key(),
    });
    // Cleared, so the values left in it cannot make a second venue by another click; the seat
    // layout lines go back to the ones the page started with.
    form.reset();
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
  await requireAdmin(adminVenueIds.venueForm);
  addLine({ section: 'Stalls', rows: 'A-B', seats: 10, category: 'premium' });
  addLine({ section: 'Stalls', rows: 'C-F', seats: 12, category: 'regular' });
  updatePreview();
  fill(
    element(adminVenueIds.timeZoneList),
    Intl.supportedValuesOf('timeZone').map((zone) => h('option', { value: zone })),
  );
  try {
    const cities = await api<z.infer<typeof CityList>>('/api/cities');
    fill(
      element(adminVenueIds.cityList),
      cities.map((c) => h('option', { value: c.name })),
    );
  } catch {
    // Typing a city still works; only the suggestions are missing.
  }
}

main();
