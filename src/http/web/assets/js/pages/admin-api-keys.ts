// Admin: developers' API keys with their use this hour, and each key's hourly quota.
import type { z } from '@hono/zod-openapi';
import type { AdminApiKeyList, AdminApiKeyView } from '../../../../schemas/api-keys.js';
import { api, ApiProblem } from '../api.js';
import { requireAdmin } from '../admin-gate.js';
import { announce, fieldError, fill, h } from '../dom.js';
import { adminApiKeysIds } from '../element-ids.js';
import { element } from '../elements.js';
import { dateTime } from '../format.js';
import { problemMessage } from '../problems.js';

const params = new URLSearchParams(location.search);
const owner = params.get('userId');
type ApiKey = z.infer<typeof AdminApiKeyView>;

const number = (n: number) => new Intl.NumberFormat().format(n);

function quotaForm(key: ApiKey) {
  const id = `quota-${key.apiKeyId}`;
  const input = h('input', {
    id,
    name: 'quotaPerHour',
    type: 'number',
    min: 1,
    max: 10_000_000,
    step: 1,
    required: true,
    value: String(key.quotaPerHour),
  });
  const note = h('span', { class: 'meta', role: 'status' });
  const form = h(
    'form',
    { class: 'quota-form', novalidate: true },
    h('label', { for: id, class: 'visually-hidden' }, `Quota per hour of ${key.name}`),
    input,
    h(
      'button',
      { type: 'submit', class: 'secondary' },
      'Save',
      h('span', { class: 'visually-hidden' }, ` quota of ${key.name}`),
    ),
    note,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    fieldError(input, null);
    note.textContent = '';
    try {
      const saved = await api<ApiKey>(`/api/admin/api-keys/${encodeURIComponent(key.apiKeyId)}`, {
        method: 'PATCH',
        body: { quotaPerHour: Number(input.value) },
      });
      input.value = String(saved.quotaPerHour);
      note.textContent = `Saved: ${number(saved.quotaPerHour)} per hour.`;
      announce(note.textContent);
    } catch (err) {
      fieldError(input, (err instanceof ApiProblem ? err.errors[0]?.message : undefined) ?? problemMessage(err));
      input.focus();
    }
  });
  return form;
}

function row(key: ApiKey) {
  const revoked = key.revokedAt !== null;
  return h(
    'tr',
    { dataset: { keyId: key.apiKeyId } },
    h(
      'th',
      { scope: 'row' },
      key.name,
      ' ',
      h('code', {}, `${key.prefix}…`),
      revoked ? [' ', h('span', { class: 'badge badge--muted' }, 'Revoked')] : null,
    ),
    h(
      'td',
      { class: 'owner' },
      h('code', {}, key.userId),
      owner
        ? null
        : h('a', { href: `/admin/api-keys?userId=${encodeURIComponent(key.userId)}` }, 'Only this owner’s keys'),
    ),
    h('td', {}, h('time', { datetime: key.createdAt }, dateTime(key.createdAt))),
    h('td', { class: 'num used' }, `${number(key.usedThisHour)} of ${number(key.quotaPerHour)}`),
    h('td', {}, revoked ? number(key.quotaPerHour) : quotaForm(key)),
  );
}

async function main() {
  await requireAdmin(adminApiKeysIds.adminBody);
  const status = element(adminApiKeysIds.keysStatus);
  const table = element(adminApiKeysIds.keysTable, HTMLTableElement);
  try {
    const keys = await api<z.infer<typeof AdminApiKeyList>>(
      owner ? `/api/admin/api-keys?userId=${encodeURIComponent(owner)}` : '/api/admin/api-keys',
    );
    const body = table.tBodies[0];
    if (body) fill(body, keys.map(row));
    table.hidden = keys.length === 0;
    if (owner) fill(status, `Keys of owner ${owner}. `, h('a', { href: '/admin/api-keys' }, 'Show every key'));
    else status.textContent = keys.length === 0 ? 'No API keys yet.' : '';
  } catch (err) {
    status.textContent = problemMessage(err);
  }
}

main();
