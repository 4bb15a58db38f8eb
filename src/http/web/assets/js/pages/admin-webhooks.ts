// Admin: organizer webhooks. Add one (its signing secret is shown once), remove, read its deliveries.
import type { z } from '@hono/zod-openapi';
import type {
  CreatedWebhook,
  Webhook as WebhookSchema,
  WebhookDeliveries,
  WebhookDelivery,
  WebhookList,
} from '../../../../schemas/webhooks.js';
import { api, ApiProblem } from '../api.js';
import { requireAdmin } from '../admin-gate.js';
import { clearErrors, showProblem } from '../admin-forms.js';
import { confirmDialog } from '../confirm-dialog.js';
import { announce, fill, h } from '../dom.js';
import { adminWebhooksIds } from '../element-ids.js';
import { element } from '../elements.js';
import { dateTime } from '../format.js';
import { problemMessage } from '../problems.js';

type Webhook = z.infer<typeof WebhookSchema>;
type Delivery = z.infer<typeof WebhookDelivery>;

const form = element(adminWebhooksIds.hookForm, HTMLFormElement);
const secretValue = element(adminWebhooksIds.secretValue, HTMLInputElement);
let shownDeliveries: Webhook | null = null;

/** A table's one body, where its rows go (layout.tsx's DataTable renders it). */
function rowsOf(table: HTMLTableElement): HTMLTableSectionElement {
  const rows = table.tBodies[0];
  if (!rows) throw new Error(`#${table.id} has no body`);
  return rows;
}

function topicsText(topics: readonly string[]) {
  return topics.length ? topics.join(', ') : 'Every topic';
}

async function remove(hook: Webhook) {
  const ok = await confirmDialog({
    title: 'Remove this webhook?',
    message: [
      `${hook.url} gets no more calls; calls not yet made are dropped.`,
      'Its delivery history stays readable.',
    ],
    confirmLabel: 'Remove webhook',
  });
  if (!ok) return;
  const status = element(adminWebhooksIds.hooksStatus);
  try {
    await api(`/api/admin/webhooks/${encodeURIComponent(hook.webhookId)}`, { method: 'DELETE' });
    status.textContent = `${hook.url} is removed.`;
    announce(status.textContent);
    if (shownDeliveries?.webhookId === hook.webhookId) element(adminWebhooksIds.deliveries).hidden = true;
  } catch (err) {
    status.textContent = problemMessage(err);
  }
  await loadHooks();
}

function deliveryRow(d: Delivery) {
  const when =
    d.status === 'pending' && d.nextAttemptAt
      ? `next ${dateTime(d.nextAttemptAt)}`
      : d.sentAt
        ? `sent ${dateTime(d.sentAt)}`
        : '—';
  const badges: Record<string, string> = { sent: 'badge', pending: 'badge badge--warn', failed: 'badge badge--error' };
  const badge = badges[d.status];
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
  const status = element(adminWebhooksIds.deliveriesStatus);
  const table = element(adminWebhooksIds.deliveriesTable, HTMLTableElement);
  status.textContent = 'Loading…';
  try {
    const { deliveries } = await api<z.infer<typeof WebhookDeliveries>>(
      `/api/admin/webhooks/${encodeURIComponent(hook.webhookId)}/deliveries?limit=50`,
    );
    fill(rowsOf(table), deliveries.map(deliveryRow));
    table.hidden = deliveries.length === 0;
    status.textContent = deliveries.length === 0 ? 'No calls yet.' : '';
  } catch (err) {
    status.textContent = problemMessage(err);
  }
}

async function showDeliveries(hook: Webhook) {
  shownDeliveries = hook;
  element(adminWebhooksIds.deliveriesHeading).textContent = `Recent deliveries to ${hook.url}`;
  const panel = element(adminWebhooksIds.deliveries);
  panel.hidden = false;
  await loadDeliveries();
  panel.focus();
}

function row(hook: Webhook) {
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
        h(
          'button',
          { type: 'button', class: 'secondary', onclick: () => showDeliveries(hook) },
          'Deliveries',
          label.cloneNode(true),
        ),
        h('button', { type: 'button', class: 'danger', onclick: () => remove(hook) }, 'Remove', label),
      ),
    ),
  );
}

async function loadHooks() {
  const status = element(adminWebhooksIds.hooksStatus);
  const table = element(adminWebhooksIds.hooksTable, HTMLTableElement);
  try {
    const { webhooks } = await api<z.infer<typeof WebhookList>>('/api/admin/webhooks');
    fill(rowsOf(table), webhooks.map(row));
    table.hidden = webhooks.length === 0;
    if (webhooks.length === 0) status.textContent = 'No webhooks yet.';
    else if (status.textContent === 'No webhooks yet.') status.textContent = '';
  } catch (err) {
    status.textContent = problemMessage(err);
  }
}

/** The secret exists in this page only until the admin says it is stored; it cannot be fetched again. */
function showSecret(created: z.infer<typeof CreatedWebhook>) {
  element(adminWebhooksIds.secretUrl).textContent = created.url;
  secretValue.value = created.secret;
  element(adminWebhooksIds.secretStatus).textContent = '';
  const panel = element(adminWebhooksIds.secretPanel);
  panel.hidden = false;
  panel.focus();
}

function forgetSecret() {
  secretValue.value = '';
  element(adminWebhooksIds.secretPanel).hidden = true;
  element(adminWebhooksIds.hookUrl).focus();
}

async function copySecret() {
  const input = secretValue;
  const status = element(adminWebhooksIds.secretStatus);
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
  const errorLine = element(adminWebhooksIds.formError);
  errorLine.textContent = '';
  const topics = [...form.querySelectorAll<HTMLInputElement>('input[name=topics]:checked')].map((el) => el.value);
  const hookUrl = element(adminWebhooksIds.hookUrl, HTMLInputElement);
  try {
    const created = await api<z.infer<typeof CreatedWebhook>>('/api/admin/webhooks', {
      method: 'POST',
      body: { url: hookUrl.value.trim(), topics },
    });
    form.reset();
    await loadHooks();
    showSecret(created);
  } catch (err) {
    if (err instanceof ApiProblem) showProblem(form, errorLine, err, (path) => (path === 'url' ? hookUrl : null));
    else errorLine.textContent = problemMessage(err);
  }
});

element(adminWebhooksIds.secretCopy).addEventListener('click', copySecret);
element(adminWebhooksIds.secretDone).addEventListener('click', forgetSecret);
element(adminWebhooksIds.deliveriesRefresh).addEventListener('click', loadDeliveries);

async function main() {
  await requireAdmin(adminWebhooksIds.adminBody);
  await loadHooks();
}

main();
