// Helpers the admin forms share: problem errors shown beside their fields, and local times.
import { fieldError } from './dom.js';
import type { ApiProblem, FieldProblem } from './api.js';
import { problemMessage } from './problems.js';
import { fromLocalInput, localInputValue } from './zoned-time.js';

/** datetime-local values are the admin's local time; the API wants an instant (or null when empty). */
export function localToIso(value: string): string | null {
  return value ? new Date(value).toISOString() : null;
}

/**
 * A show's datetime-local value, typed on the venue's clock, as an instant: `{ iso }`, or `{ error }`
 * for a time that clock skips (the hour lost when summer time starts). Empty is `{ iso: null }`.
 */
export function venueLocalToIso(value: string, timeZone: string): { iso: string | null } | { error: string } {
  if (!value) return { iso: null };
  const parsed = fromLocalInput(value, timeZone);
  if (parsed.ok) return { iso: parsed.at.toISOString() };
  if (parsed.reason === 'skipped') {
    return { error: `${value.replace('T', ' ')} does not exist in ${timeZone}: the clocks go forward then.` };
  }
  return { error: 'Not a date and time.' };
}

/** An instant as a datetime-local value on the venue's clock. */
export function isoToVenueLocal(iso: string | null | undefined, timeZone: string): string {
  return iso ? localInputValue(iso, timeZone) : '';
}

/** An instant as a datetime-local value in the admin's time zone. */
export function isoToLocal(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function clearErrors(form: HTMLFormElement): void {
  for (const el of form.elements) if (el instanceof HTMLElement && el.id) fieldError(el, null);
}

/**
 * Puts each of a problem's `errors` beside the field it names (by `name`, or by the first part of a
 * dotted path such as prices.premium.amount through `fieldFor`), and the rest into the form's error line.
 * Returns the first invalid field so the caller can move focus there.
 */
export function showProblem(
  form: HTMLFormElement,
  errorLine: HTMLElement,
  err: Pick<ApiProblem, 'code' | 'detail' | 'errors'>,
  fieldFor: (path: string) => Element | RadioNodeList | null | undefined = (path) => form.elements.namedItem(path),
): HTMLElement | null {
  let first: HTMLElement | null = null;
  const unplaced: FieldProblem[] = [];
  for (const fe of err.errors ?? []) {
    const path = fe.path ?? '';
    const field = fieldFor(path) ?? fieldFor(path.split('.')[0] ?? '');
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
