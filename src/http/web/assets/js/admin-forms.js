// Helpers the admin forms share: problem errors shown beside their fields, and local times.
import { fieldError } from './dom.js';
import { problemMessage } from './problems.js';

/** datetime-local values are the admin's local time; the API wants an instant (or null when empty). */
export function localToIso(value) {
  return value ? new Date(value).toISOString() : null;
}

/** An instant as a datetime-local value in the admin's time zone. */
export function isoToLocal(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function clearErrors(form) {
  for (const el of form.elements) if (el.id) fieldError(el, null);
}

/**
 * Puts each of a problem's `errors` beside the field it names (by `name`, or by the first part of a
 * dotted path such as prices.premium.amount through `fieldFor`), and the rest into the form's error line.
 * Returns the first invalid field so the caller can move focus there.
 */
export function showProblem(form, errorLine, err, fieldFor = (path) => form.elements.namedItem(path)) {
  let first = null;
  const unplaced = [];
  for (const fe of err.errors ?? []) {
    const field = fieldFor(fe.path) ?? fieldFor(fe.path.split('.')[0]);
    if (field instanceof HTMLElement && field.id) {
      fieldError(field, fe.message);
      first ??= field;
    } else {
      unplaced.push(fe);
    }
  }
  errorLine.textContent = first
    ? unplaced.length
      ? problemMessage({ ...err, errors: unplaced })
      : 'Please correct the marked fields.'
    : problemMessage(err);
  first?.focus();
  return first;
}
