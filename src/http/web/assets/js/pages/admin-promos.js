// Admin: promo codes. The list with uses, one form that creates or edits, deactivate and remove.
import { api } from '../api.js';
import { requireAdmin } from '../admin-gate.js';
import { clearErrors, isoToLocal, localToIso, showProblem } from '../admin-forms.js';
import { confirmDialog } from '../confirm-dialog.js';
import { announce, byId, fill, h } from '../dom.js';
import { dateTime, majorUnits, money, toMinorUnits } from '../format.js';
import { problemMessage } from '../problems.js';

const form = byId('promo-form');
const field = (name) => form.elements.namedItem(name);
let editing = null;

function discountText(p) {
  return p.kind === 'percent' ? `${p.value} % off` : `${money({ amount: p.value, currency: p.currency })} off`;
}

function scopeText(p) {
  if (p.scope === 'event') return `Event ${p.eventId}`;
  if (p.scope === 'category') return `Seat category ${p.category}`;
  return 'Every show';
}

function windowText(p) {
  if (!p.validFrom && !p.validUntil) return 'Always';
  if (!p.validUntil) return `From ${dateTime(p.validFrom)}`;
  if (!p.validFrom) return `Until ${dateTime(p.validUntil)}`;
  return `${dateTime(p.validFrom)} – ${dateTime(p.validUntil)}`;
}

function usesText(p) {
  const total = `${p.used} / ${p.maxUses ?? 'no limit'}`;
  return p.maxUsesPerUser ? `${total} (${p.maxUsesPerUser} per customer)` : total;
}

/** The form follows the kind and scope: only the fields that mean something are shown. */
function syncForm() {
  const fixed = field('kind').value === 'fixed';
  byId('promo-value-label').textContent = fixed ? 'Amount off' : 'Percent (1-100)';
  field('value').step = fixed ? '0.01' : '1';
  const scope = field('scope').value;
  byId('event-field').hidden = scope !== 'event';
  byId('category-field').hidden = scope !== 'category';
}

function optionalNumber(name) {
  const v = field(name).value.trim();
  return v === '' ? null : Number(v);
}

function formBody() {
  const kind = field('kind').value;
  const currency = field('currency').value || null;
  const raw = Number(field('value').value);
  const scope = field('scope').value;
  return {
    code: field('code').value.trim(),
    description: field('description').value.trim(),
    kind,
    // A fixed amount is typed in major units (5.50) and stored in minor units (550).
    value: kind === 'fixed' && currency ? toMinorUnits(raw, currency) : raw,
    currency,
    scope,
    eventId: scope === 'event' ? field('eventId').value.trim() || null : null,
    category: scope === 'category' ? field('category').value.trim() || null : null,
    validFrom: localToIso(field('validFrom').value),
    validUntil: localToIso(field('validUntil').value),
    maxUses: optionalNumber('maxUses'),
    maxUsesPerUser: optionalNumber('maxUsesPerUser'),
  };
}

function startEditing(p) {
  editing = p;
  clearErrors(form);
  byId('form-error').textContent = '';
  field('code').value = p.code;
  field('description').value = p.description;
  field('kind').value = p.kind;
  field('currency').value = p.currency ?? '';
  field('value').value = p.kind === 'fixed' ? String(majorUnits({ amount: p.value, currency: p.currency })) : p.value;
  field('scope').value = p.scope;
  field('eventId').value = p.eventId ?? '';
  field('category').value = p.category ?? '';
  field('validFrom').value = isoToLocal(p.validFrom);
  field('validUntil').value = isoToLocal(p.validUntil);
  field('maxUses').value = p.maxUses ?? '';
  field('maxUsesPerUser').value = p.maxUsesPerUser ?? '';
  syncForm();
  byId('promo-form-heading').textContent = `Edit ${p.code}`;
  byId('promo-submit').textContent = 'Save changes';
  byId('promo-cancel-edit').hidden = false;
  byId('promo-form-heading').focus();
}

function stopEditing() {
  editing = null;
  form.reset();
  clearErrors(form);
  syncForm();
  byId('promo-form-heading').textContent = 'New promo code';
  byId('promo-submit').textContent = 'Create promo code';
  byId('promo-cancel-edit').hidden = true;
}

function said(text) {
  const result = byId('promo-result');
  result.textContent = text;
  announce(text);
}

async function setActive(p, active) {
  try {
    await api(`/api/admin/promos/${encodeURIComponent(p.promoId)}`, { method: 'PATCH', body: { active } });
    said(`${p.code} is ${active ? 'active again' : 'deactivated: it no longer applies to new orders'}.`);
  } catch (err) {
    said(problemMessage(err));
  }
  await loadPromos();
}

async function remove(p) {
  const ok = await confirmDialog({
    title: `Remove ${p.code}?`,
    message: [
      'A code never used is deleted. A used code is deactivated instead, so the payments that used it keep their history.',
      'Customers can no longer apply it.',
    ],
    confirmLabel: `Remove ${p.code}`,
  });
  if (!ok) return;
  try {
    const { outcome } = await api(`/api/admin/promos/${encodeURIComponent(p.promoId)}`, { method: 'DELETE' });
    said(outcome === 'deleted' ? `${p.code} is deleted.` : `${p.code} was used, so it is deactivated instead.`);
    if (editing?.promoId === p.promoId) stopEditing();
  } catch (err) {
    said(problemMessage(err));
  }
  await loadPromos();
}

function row(p) {
  const actions = h(
    'div',
    { class: 'row-actions' },
    h('button', { type: 'button', class: 'secondary', onclick: () => startEditing(p) }, 'Edit', h('span', { class: 'visually-hidden' }, ` ${p.code}`)),
    h(
      'button',
      { type: 'button', class: 'secondary', onclick: () => setActive(p, !p.active) },
      p.active ? 'Deactivate' : 'Activate',
      h('span', { class: 'visually-hidden' }, ` ${p.code}`),
    ),
    h('button', { type: 'button', class: 'danger', onclick: () => remove(p) }, 'Remove', h('span', { class: 'visually-hidden' }, ` ${p.code}`)),
  );
  return h(
    'tr',
    { dataset: { code: p.code } },
    h('th', { scope: 'row' }, h('code', {}, p.code), p.description ? h('div', { class: 'meta' }, p.description) : null),
    h('td', {}, discountText(p)),
    h('td', {}, scopeText(p)),
    h('td', {}, windowText(p)),
    h('td', { class: 'uses' }, usesText(p)),
    h('td', {}, h('span', { class: p.active ? 'badge' : 'badge badge--muted' }, p.active ? 'Active' : 'Inactive')),
    h('td', {}, actions),
  );
}

async function loadPromos() {
  const status = byId('promos-status');
  const table = byId('promos-table');
  try {
    const { items } = await api('/api/admin/promos');
    fill(table.tBodies[0], items.map(row));
    table.hidden = items.length === 0;
    status.textContent = items.length === 0 ? 'No promo codes yet.' : '';
  } catch (err) {
    status.textContent = problemMessage(err);
  }
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  clearErrors(form);
  const errorLine = byId('form-error');
  errorLine.textContent = '';
  const body = formBody();
  try {
    if (editing) {
      const saved = await api(`/api/admin/promos/${encodeURIComponent(editing.promoId)}`, { method: 'PATCH', body });
      said(`${saved.code} is saved.`);
    } else {
      const created = await api('/api/admin/promos', { method: 'POST', body });
      said(`${created.code} is created.`);
    }
    stopEditing();
    await loadPromos();
  } catch (err) {
    showProblem(form, errorLine, err);
  }
});

field('kind').addEventListener('change', syncForm);
field('scope').addEventListener('change', syncForm);
byId('promo-cancel-edit').addEventListener('click', () => {
  stopEditing();
  field('code').focus();
});

async function main() {
  await requireAdmin('admin-body');
  syncForm();
  await loadPromos();
  try {
    const events = await api('/api/events?pageSize=100&sort=name');
    fill(
      byId('promo-event-list'),
      events.items.map((ev) => h('option', { value: ev.eventId }, ev.title)),
    );
  } catch {
    // Suggestions only: the event id can still be typed.
  }
}

main();
