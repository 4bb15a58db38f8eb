// Admin: a new event (what is performed); shows are added next.
import { api } from '../api.js';
import { requireAdmin, showResult } from '../admin-gate.js';
import { byId, fieldError, h } from '../dom.js';
import { formKey } from '../form-key.js';
import { problemMessage } from '../problems.js';

const form = byId('event-form');
const once = formKey(form);

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const error = byId('form-error');
  error.textContent = '';
  const value = (name) => form.elements[name].value.trim();
  const body = { title: value('title'), category: value('category') };
  for (const name of ['description', 'genre', 'language', 'rating']) if (value(name)) body[name] = value(name);
  if (value('durationMinutes')) body.durationMinutes = Number(value('durationMinutes'));
  const performers = value('performers')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (performers.length) body.performers = performers;
  for (const el of form.elements) if (el.name) fieldError(el, null);
  try {
    const { eventId } = await api('/api/admin/events', { method: 'POST', body, idempotencyKey: once.key() });
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
    for (const fe of err.errors ?? []) if (form.elements[fe.path]) fieldError(form.elements[fe.path], fe.message);
    error.textContent = problemMessage(err);
  }
});

requireAdmin('event-form');
