import type { Draft } from './draft.js';
import { emit } from './draft.js';
import type { Phase } from './phase.js';
import type { ShowContext, ShowEvent, ShowSettingsChange, ShowUpdateRejectCode } from './types.js';
import { closeWaitlist } from './waitlist.js';

type UpdateEvent = Extract<ShowEvent, { type: 'UPDATE_SHOW' }>;

export type UpdateCheck =
  | { ok: true; context: ShowContext; changes: ShowSettingsChange; from: Phase; to: Phase }
  | { ok: false; code: ShowUpdateRejectCode; detail: string };

const isTime = (v: unknown): v is number | null => v === null || (typeof v === 'number' && Number.isSafeInteger(v));

/**
 * Decides an UPDATE_SHOW without applying it: the show's settings afterwards and the phase it moves
 * to. The machine's guards and its action both call this, so they can never disagree.
 */
export function checkUpdate(context: ShowContext, event: UpdateEvent, phase: Phase): UpdateCheck {
  const reject = (code: ShowUpdateRejectCode, detail: string): UpdateCheck => ({ ok: false, code, detail });
  if (phase === 'cancelled') return reject('show_cancelled', 'a cancelled show cannot be changed');

  let layout = context.layout;
  let rules = context.rules;
  const changes: ShowSettingsChange = {};
  if (event.prices !== undefined) {
    if (!Array.isArray(event.prices) || event.prices.length === 0)
      return reject('validation_failed', 'prices must list at least one category');
    const given = new Map<string, number>();
    for (const p of event.prices) {
      if (!p || typeof p.category !== 'string' || !Number.isSafeInteger(p.price) || p.price < 0)
        return reject('validation_failed', 'a price is a category and a whole number of minor units >= 0');
      if (given.has(p.category)) return reject('validation_failed', `category ${p.category} is priced twice`);
      given.set(p.category, p.price);
    }
    const known = new Set(layout.categories.map((c) => c.category));
    const unknown = [...given.keys()].filter((c) => !known.has(c));
    if (unknown.length > 0) return reject('unknown_category', `the show has no category ${unknown.join(', ')}`);
    // The order stays: it is the order best available tries, and the per-category counts follow it.
    const categories = layout.categories.map((c) => ({
      category: c.category,
      price: given.get(c.category) ?? c.price,
    }));
    layout = { ...layout, categories };
    changes.prices = categories;
  }
  if (event.holdTtlMs !== undefined) {
    if (!Number.isSafeInteger(event.holdTtlMs) || event.holdTtlMs <= 0)
      return reject('validation_failed', 'holdTtlMs must be a positive whole number');
    rules = { ...rules, holdTtlMs: event.holdTtlMs };
    changes.holdTtlMs = event.holdTtlMs;
  }
  let salesOpenAt = context.salesOpenAt;
  let salesCloseAt = context.salesCloseAt;
  if (event.salesOpenAt !== undefined) {
    if (!isTime(event.salesOpenAt)) return reject('validation_failed', 'salesOpenAt must be a time or null');
    // Taking a show off sale again would strand its holds and waiters in a phase that never expires them.
    if (phase !== 'scheduled' && event.salesOpenAt !== null && event.salesOpenAt > event.now)
      return reject('sales_already_open', 'sales have opened; salesOpenAt can no longer move into the future');
    salesOpenAt = event.salesOpenAt;
    changes.salesOpenAt = salesOpenAt;
  }
  if (event.salesCloseAt !== undefined) {
    if (!isTime(event.salesCloseAt)) return reject('validation_failed', 'salesCloseAt must be a time or null');
    salesCloseAt = event.salesCloseAt;
    changes.salesCloseAt = salesCloseAt;
  }
  if (salesOpenAt !== null && salesCloseAt !== null && salesCloseAt <= salesOpenAt)
    return reject('validation_failed', 'salesCloseAt must be after salesOpenAt');
  if (Object.keys(changes).length === 0) return reject('validation_failed', 'nothing to change');

  const openDue = salesOpenAt === null || salesOpenAt <= event.now;
  const closeDue = salesCloseAt !== null && salesCloseAt <= event.now;
  let to = phase;
  if (to === 'scheduled' && openDue) to = 'onSale';
  if (to === 'onSale' && closeDue) to = 'salesClosed';
  // Only a new closing time reopens a closed show, never an unrelated change such as a price.
  if (phase === 'salesClosed' && event.salesCloseAt !== undefined && !closeDue && openDue) to = 'onSale';

  return { ok: true, context: { ...context, layout, rules, salesOpenAt, salesCloseAt }, changes, from: phase, to };
}

/** Applies a checked update to a draft made from the updated context: answers it and opens or closes sales. */
export function updateShow(d: Draft, check: UpdateCheck): void {
  if (!check.ok) return emit(d, { type: 'show.update_rejected', code: check.code, detail: check.detail });
  emit(d, { type: 'show.updated', changes: check.changes });
  if (check.from === check.to) return;
  if (check.from === 'scheduled' || check.from === 'salesClosed') emit(d, { type: 'sales.opened' });
  if (check.to === 'salesClosed') {
    if (check.from === 'onSale') closeWaitlist(d);
    emit(d, { type: 'sales.closed' });
  }
}
