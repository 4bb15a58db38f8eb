// Admin: organizer webhooks. Add one (its signing secret is shown once), remove, read its deliveries.
import { api } from '../api.js';
import { requireAdmin } from '../admin-gate.js';
import { clearErrors, showProblem } from '../admin-forms.js';
import { confirmDialog } from '../confirm-dialog.js';
import { announce, byId, fill, h } from '../dom.js';
import { dateTime } from '../format.js';
import { problemMessage } from '../problems.js';

const form = byId('hook-form');
let shownDeliveries = null;

function topicsText(topics) {
  return topics.length ? topics.join(', ') : 'Every topic';
}

async function remove(hook) {
  const ok = await confirmDialog({
    title: 'Remove this webhook?',
    message: [`${hook.url} gets no more calls; calls not yet made are dropped.`, 'Its delivery history stays readable.'],
    confirmLabel: 'Remove webhook',
  });
  if (!ok) return;
  const status = byId('hooks-status');
  try {
    await api(`/api/admin/webhooks/${encodeURIComponent(hook.webhookId)}`, { method: 'DELETE' });
    status.textContent = `${hook.url} is removed.`;
    announce(status.textContent);
    if (shownDeliveries?.webhookId === hook.webhookId) byId('deliveries').hidden = true;
  } catch (err) {
    status.textContent = problemMessage(err);
  }
  await loadHooks();
}

function deliveryRow(d) {
  const when = d.status === 'pending' && d.nextAttemptAt ? `next ${dateTime(d.nextAttemptAt)}` : d.sentAt ? `sent ${dateTime(d.sentAt)}` : '—';
  const badge = { sent: 'badge', pending: 'badge badge--warn', failed: 'badge badge--error' }[d.status];
  return h(
    'tr',
    {},
    h('td', {}, h('time', { datetime: d.createdAt }, dateTime(d.createdAt))),
    h('td', {}, d.topic),
    h('td', {}, h('span', { class: badge }, d.status)),
    h('td', { class: 'num' }, String(d.attempts)),
    h('td', { class: 'wrap' }, d.lastError ?? '—'),
    h('td', {}, when),
  );
}

async function loadDeliveries() {
  const hook = shownDeliveries;
  if (!hook) return;
  const status = byId('deliveries-status');
  const table = byId('deliveries-table');
  status.textContent = 'Loading…';
  try {
    const { deliveries } = await api(`/api/admin/webhooks/${encodeURIComponent(hook.webhookId)}/deliveries?limit=50`);
    fill(table.tBodies[0], deliveries.map(deliveryRow));
    table.hidden = deliveries.length === 0;
    status.textContent = deliveries.length === 0 ? 'No calls yet.' : '';
  } catch (err) {
    status.textContent = problemMessage(err);
  }
}

async function showDeliveries(hook) {
  shownDeliveries = hook;
  byId('deliveries-heading').textContent = `Recent deliveries to ${hook.url}`;
  const panel = byId('deliveries');
  panel.hidden = false;
  await loadDeliveries();
  panel.focus();
}

function row(hook) {
  const label = h('span', { class: 'visually-hidden' }, ` to ${hook.url}`);
  return h(
    'tr',
    {},
    h('th', { scope: 'row', class: 'wrap' }, hook.url),
    h('td', { class: 'wrap' }, topicsText(hook.topics)),
    h('td', {}, h('time', { datetime: hook.createdAt }, dateTime(hook.createdAt))),
    h(
      'td',
      {},
      h(
        'div',
        { class: 'row-actions' },
        h('button', { type: 'button', class: 'secondary', onclick: () => showDeliveries(hook) }, 'Deliveries', label.cloneNode(true)),
        h('button', { type: 'button', class: 'danger', onclick: () => remove(hook) }, 'Remove', label),
      ),
    ),
  );
}

async function loadHooks() {
  const status = byId('hooks-status');
  const table = byId('hooks-table');
  try {
    const { webhooks } = await api('/api/admin/webhooks');
    fill(table.tBodies[0], webhooks.map(row));
    table.hidden = webhooks.length === 0;
    if (webhooks.length === 0) status.textContent = 'No webhooks yet.';
    else if (status.textContent === 'No webhooks yet.') status.textContent = '';
  } catch (err) {
    status.textContent = problemMessage(err);
  }
}

/** The secret exists in this page only until the admin says it is stored; it cannot be fetched again. */
function showSecret(created) {
  byId('secret-url').textContent = created.url;
  byId('secret-value').value = created.secret;
  byId('secret-status').textContent = '';
  const panel = byId('secret-panel');
  panel.hidden = false;
  panel.focus();
}

function forgetSecret() {
  byId('secret-value').value = '';
  byId('secret-panel').hidden = true;
  byId('hook-url').focus();
}

async function copySecret() {
  const input = byId('secret-value');
  const status = byId('secret-status');
  try {
    await navigator.clipboard.writeText(input.value);
    status.textContent = 'Copied to the clipboard.';
  } catch {
    // Without clipboard permission the secret is selected, ready for Ctrl+C.
    input.focus();
    input.select();
    status.textContent = 'Selected: press Ctrl+C (or Cmd+C) to copy it.';
  }
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  clearErrors(form);
  const errorLine = byId('form-error');
  errorLine.textContent = '';
  const topics = [...form.querySelectorAll('input[name=topics]:checked')].map((el) => el.value);
  try {
    const created = await api('/api/admin/webhooks', {
      method: 'POST',
      body: { url: byId('hook-url').value.trim(), topics },
    });
    form.reset();
    await loadHooks();
    showSecret(created);
  } catch (err) {
    showProblem(form, errorLine, err, (path) => (path === 'url' ? byId('hook-url') : null));
  }
});

byId('secret-copy').addEventListener('click', copySecret);
byId('secret-done').addEventListener('click', forgetSecret);
byId('deliveries-refresh').addEventListener('click', loadDeliveries);

async function main() {
  await requireAdmin('admin-body');
  await loadHooks();
}

main();
