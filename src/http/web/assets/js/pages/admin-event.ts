// Admin: a new event (what is performed); shows are added next.
import type { z } from '@hono/zod-openapi';
import type { EventCreated } from '../../../../schemas/admin.js';
import { api, ApiProblem } from '../api.js';
import { requireAdmin, showResult } from '../admin-gate.js';
import { fieldError, h } from '../dom.js';
import { adminEventIds } from '../element-ids.js';
import { element } from '../elements.js';
import { formKey } from '../form-key.js';
import { problemMessage } from '../problems.js';

const form = element(adminEventIds.eventForm, HTMLFormElement);
const once = formKey(form);

/** A field of the event form by name (EventFields renders each). */
function field(name: string): HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | null {
  const found = form.elements.namedItem(name);
  return found instanceof HTMLInputElement || found instanceof HTMLSelectElement || found instanceof HTMLTextAreaElement
    ? found
    : null;
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const error = element(adminEventIds.formError);
  error.textContent = '';
  const value = (name: string) => field(name)?.value.trim() ?? '';
  // The form's values as typed: the server validates them (the category among them) and says what is wrong.
  const body: Record<string, string | number | string[]> = { title: value('title'), category: value('category') };
  for (const name of ['description', 'genre', 'language', 'rating']) if (value(name)) body[name] = value(name);
  if (value('durationMinutes')) body.durationMinutes = Number(value('durationMinutes'));
  const performers = value('performers')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (performers.length) body.performers = performers;
  for (const el of form.elements) if (el instanceof HTMLElement && el.getAttribute('name')) fieldError(el, null);
  try {
    const { eventId } = await api<z.infer<typeof EventCreated>>('/api/admin/events', {
      method: 'POST',
      body,
      idempotencyKey: once.key(),
    });
    // Cleared, so the values left in it cannot make a second event by another click.
    form.reset();
    once.done();
    showResult([
      h('p', {}, `${body.title} is created (event id `, h('code', {}, eventId), ').'),
      h(
        'p',
        {},
        h('a', { href: `/admin/shows/new?eventId=${encodeURIComponent(eventId)}` }, 'Add a show for this event'),
      ),
    ]);
  } catch (err) {
    for (const fe of err instanceof ApiProblem ? err.errors : []) {
      const invalid = fe.path === undefined ? null : field(fe.path);
      if (invalid) fieldError(invalid, fe.message);
    }
    error.textContent = problemMessage(err);
  }
});

requireAdmin(adminEventIds.eventForm);
