// Admin: promo codes. The list with uses, one form that creates or edits, deactivate and remove.
import type { z } from '@hono/zod-openapi';
import type { EventList } from '../../../../schemas/catalog.js';
import type { PromoList, PromoRemoved, PromoView } from '../../../../schemas/promos.js';
import { api, ApiProblem } from '../api.js';
import { requireAdmin } from '../admin-gate.js';
import { clearErrors, isoToLocal, localToIso, showProblem } from '../admin-forms.js';
import { confirmDialog } from '../confirm-dialog.js';
import { announce, fill, h } from '../dom.js';
import { adminPromosIds } from '../element-ids.js';
import { element } from '../elements.js';
import { dateTime, majorUnits, money, toMinorUnits } from '../format.js';
import { problemMessage } from '../problems.js';

type Promo = z.infer<typeof PromoView>;

const form = element(adminPromosIds.promoForm, HTMLFormElement);
let editing: Promo | null = null;

/** A field of the promo form by name (admin-commerce.tsx renders each). */
function field(name: string): HTMLInputElement | HTMLSelectElement {
  const found = form.elements.namedItem(name);
  if (found instanceof HTMLInputElement || found instanceof HTMLSelectElement) return found;
  throw new Error(`The promo form has no field ${name}`);
}

function discountText(p: Promo) {
  return p.kind === 'percent' ? `${p.value} % off` : `${money({ amount: p.value, currency: p.currency ?? '' })} off`;
}

function scopeText(p: Promo) {
  if (p.scope === 'event') return `Event ${p.eventId}`;
  if (p.scope === 'category') return `Seat category ${p.category}`;
  return 'Every show';
}

function windowText(p: Promo) {
  if (!p.validFrom && !p.validUntil) return 'Always';
  if (!p.validUntil) return `From ${dateTime(p.validFrom ?? '')}`;
  if (!p.validFrom) return `Until ${dateTime(p.validUntil)}`;
  return `${dateTime(p.validFrom)} – ${dateTime(p.validUntil)}`;
}

function usesText(p: Promo) {
  const total = `${p.used} / ${p.maxUses ?? 'no limit'}`;
  return p.maxUsesPerUser ? `${total} (${p.maxUsesPerUser} per customer)` : total;
}

/** The form follows the kind and scope: only the fields that mean something are shown. */
function syncForm() {
  const fixed = field('kind').value === 'fixed';
  element(adminPromosIds.promoValueLabel).textContent = fixed ? 'Amount off' : 'Percent (1-100)';
  const value = field('value');
  if (value instanceof HTMLInputElement) value.step = fixed ? '0.01' : '1';
  const scope = field('scope').value;
  element(adminPromosIds.eventField).hidden = scope !== 'event';
  element(adminPromosIds.categoryField).hidden = scope !== 'category';
}

function optionalNumber(name: string): number | null {
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

function startEditing(p: Promo) {
  editing = p;
  clearErrors(form);
  element(adminPromosIds.formError).textContent = '';
  field('code').value = p.code;
  field('description').value = p.description;
  field('kind').value = p.kind;
  field('currency').value = p.currency ?? '';
  field('value').value =
    p.kind === 'fixed' ? String(majorUnits({ amount: p.value, currency: p.currency ?? '' })) : String(p.value);
  field('scope').value = p.scope;
  field('eventId').value = p.eventId ?? '';
  field('category').value = p.category ?? '';
  field('validFrom').value = isoToLocal(p.validFrom);
  field('validUntil').value = isoToLocal(p.validUntil);
  field('maxUses').value = String(p.maxUses ?? '');
  field('maxUsesPerUser').value = String(p.maxUsesPerUser ?? '');
  syncForm();
  const heading = element(adminPromosIds.promoFormHeading);
  heading.textContent = `Edit ${p.code}`;
  element(adminPromosIds.promoSubmit).textContent = 'Save changes';
  element(adminPromosIds.promoCancelEdit).hidden = false;
  heading.focus();
}

function stopEditing() {
  editing = null;
  form.reset();
  clearErrors(form);
  syncForm();
  element(adminPromosIds.promoFormHeading).textContent = 'New promo code';
  element(adminPromosIds.promoSubmit).textContent = 'Create promo code';
  element(adminPromosIds.promoCancelEdit).hidden = true;
}

function said(text: string) {
  const result = element(adminPromosIds.promoResult);
  result.textContent = text;
  announce(text);
}

async function setActive(p: Promo, active: boolean) {
  try {
    await api(`/api/admin/promos/${encodeURIComponent(p.promoId)}`, { method: 'PATCH', body: { active } });
    said(`${p.code} is ${active ? 'active again' : 'deactivated: it no longer applies to new orders'}.`);
  } catch (err) {
    said(problemMessage(err));
  }
  await loadPromos();
}

async function remove(p: Promo) {
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
    const { outcome } = await api<z.infer<typeof PromoRemoved>>(`/api/admin/promos/${encodeURIComponent(p.promoId)}`, {
      method: 'DELETE',
    });
    said(outcome === 'deleted' ? `${p.code} is deleted.` : `${p.code} was used, so it is deactivated instead.`);
    if (editing?.promoId === p.promoId) stopEditing();
  } catch (err) {
    said(problemMessage(err));
  }
  await loadPromos();
}

function row(p: Promo) {
  const actions = h(
    'div',
    { class: 'row-actions' },
    h(
      'button',
      { type: 'button', class: 'secondary', onclick: () => startEditing(p) },
      'Edit',
      h('span', { class: 'visually-hidden' }, ` ${p.code}`),
    ),
    h(
      'button',
      { type: 'button', class: 'secondary', onclick: () => setActive(p, !p.active) },
      p.active ? 'Deactivate' : 'Activate',
      h('span', { class: 'visually-hidden' }, ` ${p.code}`),
    ),
    h(
      'button',
      { type: 'button', class: 'danger', onclick: () => remove(p) },
      'Remove',
      h('span', { class: 'visually-hidden' }, ` ${p.code}`),
    ),
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
  const status = element(adminPromosIds.promosStatus);
  const table = element(adminPromosIds.promosTable, HTMLTableElement);
  try {
    const { items } = await api<z.infer<typeof PromoList>>('/api/admin/promos');
    const rows = table.tBodies[0];
    if (!rows) throw new Error('The promo table has no body');
    fill(rows, items.map(row));
    table.hidden = items.length === 0;
    status.textContent = items.length === 0 ? 'No promo codes yet.' : '';
  } catch (err) {
    status.textContent = problemMessage(err);
  }
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  clearErrors(form);
  const errorLine = element(adminPromosIds.formError);
  errorLine.textContent = '';
  const body = formBody();
  try {
    if (editing) {
      const saved = await api<Promo>(`/api/admin/promos/${encodeURIComponent(editing.promoId)}`, {
        method: 'PATCH',
        body,
      });
      said(`${saved.code} is saved.`);
    } else {
      const created = await api<Promo>('/api/admin/promos', { method: 'POST', body });
      said(`${created.code} is created.`);
    }
    stopEditing();
    await loadPromos();
  } catch (err) {
    if (err instanceof ApiProblem) showProblem(form, errorLine, err);
    else errorLine.textContent = problemMessage(err);
  }
});

field('kind').addEventListener('change', syncForm);
field('scope').addEventListener('change', syncForm);
element(adminPromosIds.promoCancelEdit).addEventListener('click', () => {
  stopEditing();
  field('code').focus();
});

async function main() {
  await requireAdmin(adminPromosIds.adminBody);
  syncForm();
  await loadPromos();
  try {
    const events = await api<z.infer<typeof EventList>>('/api/events?pageSize=100&sort=name');
    fill(
      element(adminPromosIds.promoEventList),
      events.items.map((ev) => h('option', { value: ev.eventId }, ev.title)),
    );
  } catch {
    // Suggestions only: the event id can still be typed.
  }
}

main();
