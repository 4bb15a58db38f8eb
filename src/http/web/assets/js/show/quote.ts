// The hold's price summary: the server's quote for the chosen promo code and points, which confirm must match.
import type { z } from '@hono/zod-openapi';
import type { LoyaltyView } from '../../../../schemas/loyalty.js';
import type { QuoteRequest, QuoteView } from '../../../../schemas/quote.js';
import type { Money } from '../api-types.js';
import { api, ApiProblem } from '../api.js';
import { showIds } from '../element-ids.js';
import { element } from '../elements.js';
import { announce, fill, h } from '../dom.js';
import { money, plural } from '../format.js';
import { problemMessage } from '../problems.js';

export type Quote = z.infer<typeof QuoteView>;
type Loyalty = z.infer<typeof LoyaltyView>;
/** The promo code and points a quote is asked for, and confirm sends. */
type Terms = z.infer<typeof QuoteRequest>;

const promoCodes = new Set(['promo_invalid', 'promo_exhausted']);

function negative(m: Money) {
  return `−${money(m)}`;
}

function row(label: string, value: string, { id, cls }: { id?: string; cls?: string } = {}) {
  return h('tr', { id, class: cls }, h('th', { scope: 'row' }, label), h('td', { class: 'num' }, value));
}

function summaryRows(quote: Quote) {
  const rows = quote.lines.map((l) =>
    row(`${l.category} × ${l.quantity} at ${money(l.unitPrice)}`, money(l.amount), { cls: 'price-line' }),
  );
  rows.push(row('Subtotal', money(quote.subtotal), { id: 'price-subtotal' }));
  if (quote.promo) {
    rows.push(row(`Promo ${quote.promo.code}`, negative(quote.promo.discount), { id: 'price-promo', cls: 'saving' }));
  }
  if (quote.points.redeemed > 0) {
    rows.push(
      row(`${plural(quote.points.redeemed, 'point')} used`, negative(quote.points.discount), {
        id: 'price-points',
        cls: 'saving',
      }),
    );
  }
  rows.push(row('Service fees', money(quote.fees), { id: 'price-fees' }));
  return rows;
}

export interface QuotePanel {
  /** A new hold: no code, no points, a fresh quote and balance. */
  start(hold: { holdId: string; total: Money }): Promise<void>;
  stop(): void;
  /** The terms confirm sends, with the total the customer saw. */
  confirmTerms(): Terms & { expectedTotal?: Money };
  current(): Quote | null;
  /** After confirm refused the terms: drop what no longer works and quote again. */
  recover(err: ApiProblem): Promise<Quote | null>;
  note(text: string): void;
}

/**
 * `onQuote(quote)` hears every new quote (the pay button shows its total). The terms (promo code,
 * points) are kept here so confirm sends exactly what was quoted.
 */
export function createQuotePanel({ showId, onQuote }: { showId: string; onQuote(quote: Quote): void }): QuotePanel {
  const table = element(showIds.priceTable);
  const note = element(showIds.quoteNote);
  const promoInput = element(showIds.promoCode, HTMLInputElement);
  const promoMessage = element(showIds.promoMessage);
  const promoRemove = element(showIds.promoRemove);
  const usePoints = element(showIds.usePoints, HTMLInputElement);
  const balanceText = element(showIds.pointsBalance);
  let holdId: string | null = null;
  let terms: Terms = {};
  let quote: Quote | null = null;
  let loyalty: Loyalty | null = null;
  let holdCurrency: string | null = null;
  // Only the answer to the latest request may change the page: an older one may arrive after it.
  let generation = 0;

  const quotePath = (id: string) => `/api/shows/${encodeURIComponent(showId)}/holds/${encodeURIComponent(id)}/quote`;

  function setPromoMessage(text: string, kind?: 'error' | 'success') {
    promoMessage.textContent = text;
    promoMessage.className = `promo-message ${kind ?? ''}`.trim();
    if (kind === 'error') promoInput.setAttribute('aria-invalid', 'true');
    else promoInput.removeAttribute('aria-invalid');
  }

  function render(shown: Quote) {
    table.setAttribute('aria-busy', 'false');
    fill(element(showIds.priceLines), summaryRows(shown));
    element(showIds.holdTotal).textContent = money(shown.total);
    promoRemove.hidden = !shown.promo;
    if (shown.promo) setPromoMessage(`${shown.promo.code} applied: ${negative(shown.promo.discount)}.`, 'success');
    renderPoints();
  }

  function renderPoints() {
    const points = loyalty?.points ?? 0;
    usePoints.disabled = points <= 0;
    usePoints.checked = points > 0 && (terms.points ?? 0) > 0;
    if (!loyalty) {
      balanceText.textContent = '';
      return;
    }
    if (points <= 0) {
      balanceText.textContent = 'You have no points to spend yet. Every booking earns some.';
      return;
    }
    const currency = quote?.currency;
    const worth = loyalty.availableDiscounts.find((d) => d.kind === 'points')?.maxDiscount ?? points;
    const value = currency ? `, worth up to ${money({ amount: worth, currency })} off the seats` : '';
    const used =
      quote && quote.points.redeemed > 0 && quote.points.redeemed < points
        ? ` (${quote.points.redeemed} used here)`
        : '';
    balanceText.textContent = `You have ${plural(points, 'point')}${value}${used}.`;
  }

  /**
   * Asks for a quote with `next` terms (the server keeps them on the hold); keeps the current ones if
   * the server refuses them. Without terms, the ones kept on the hold: a reload pays what was shown.
   */
  async function request(next?: Terms): Promise<Quote | null> {
    if (!holdId) return null;
    const mine = ++generation;
    table.setAttribute('aria-busy', 'true');
    try {
      const fresh = await api<Quote>(quotePath(holdId), next ? { method: 'POST', body: next } : {});
      if (mine !== generation) return null;
      // The terms as the server priced them (the code as it spells it), so confirm sends exactly what was quoted.
      terms = {
        ...(fresh.choice.promoCode ? { promoCode: fresh.choice.promoCode } : {}),
        ...(fresh.choice.points > 0 ? { points: fresh.choice.points } : {}),
      };
      quote = fresh;
      render(fresh);
      onQuote(fresh);
      return fresh;
    } catch (err) {
      if (mine !== generation) return null;
      table.setAttribute('aria-busy', 'false');
      throw err;
    }
  }

  async function loadLoyalty() {
    try {
      // Points are spent in the currency they were earned in: ask for the balance of this show's.
      const currency = quote?.currency ?? holdCurrency;
      loyalty = await api<Loyalty>(
        currency ? `/api/me/loyalty?currency=${encodeURIComponent(currency)}` : '/api/me/loyalty',
      );
    } catch {
      loyalty = null;
    }
    renderPoints();
  }

  /** What the price shown applies, so a refused code is never mistaken for an applied one. */
  function stillApplies() {
    return quote?.promo
      ? `${quote.promo.code} still applies (${negative(quote.promo.discount)}).`
      : 'No code applies to the price below.';
  }

  /** A promo or points refusal explained where the customer made the choice. */
  function explain(err: unknown) {
    if (!(err instanceof ApiProblem)) return false;
    if (promoCodes.has(err.code)) {
      const what = err.code === 'promo_exhausted' ? 'This code has been used up' : 'This code does not work';
      setPromoMessage(`${what}: ${err.detail}. ${stillApplies()}`, 'error');
      return true;
    }
    if (err.code === 'insufficient_points') {
      balanceText.textContent = `Not enough points: ${err.detail}.`;
      return true;
    }
    return false;
  }

  element(showIds.promoForm).addEventListener('submit', async (e) => {
    e.preventDefault();
    const code = promoInput.value.trim();
    if (!code) {
      setPromoMessage('Type a promo code first.', 'error');
      promoInput.focus();
      return;
    }
    setPromoMessage('Checking the code…');
    try {
      const fresh = await request({ ...terms, promoCode: code });
      if (fresh) announce(`Code applied. New total ${money(fresh.total)}.`);
    } catch (err) {
      if (!explain(err)) setPromoMessage(problemMessage(err), 'error');
      announce(promoMessage.textContent);
    }
  });

  promoRemove.addEventListener('click', async () => {
    const { promoCode: _dropped, ...rest } = terms;
    try {
      await request(rest);
      promoInput.value = '';
      setPromoMessage('Code removed.');
      promoInput.focus();
    } catch (err) {
      setPromoMessage(problemMessage(err), 'error');
    }
  });

  usePoints.addEventListener('change', async () => {
    const { points: _dropped, ...rest } = terms;
    const next = usePoints.checked && loyalty ? { ...rest, points: loyalty.points } : rest;
    try {
      const fresh = await request(next);
      if (fresh) announce(`Total ${money(fresh.total)}.`);
    } catch (err) {
      if (err instanceof ApiProblem && err.code === 'insufficient_points') await loadLoyalty();
      if (!explain(err)) note.textContent = problemMessage(err);
      renderPoints();
    }
  });

  return {
    async start(hold) {
      holdId = hold.holdId;
      holdCurrency = hold.total.currency;
      terms = {};
      quote = null;
      promoInput.value = '';
      setPromoMessage('');
      note.textContent = '';
      fill(element(showIds.priceLines));
      element(showIds.holdTotal).textContent = money(hold.total);
      await Promise.all([
        loadLoyalty(),
        request()
          .then((fresh) => {
            if (fresh?.promo) promoInput.value = fresh.promo.code;
            if (fresh?.dropped) {
              const what = fresh.dropped.promoCode ? `Code ${fresh.dropped.promoCode}` : 'Your points';
              note.textContent = `${what} no longer applies (${fresh.dropped.detail}): the total below is without it.`;
              announce(note.textContent);
            }
          })
          .catch((err: unknown) => {
            note.textContent = `The price summary could not be loaded: ${problemMessage(err)}`;
          }),
      ]);
    },
    stop() {
      holdId = null;
      generation++;
    },
    confirmTerms() {
      return { ...terms, ...(quote ? { expectedTotal: quote.total } : {}) };
    },
    current: () => quote,
    async recover(err) {
      let next = terms;
      if (promoCodes.has(err.code)) {
        explain(err);
        const { promoCode: _dropped, ...rest } = terms;
        next = rest;
      } else if (err.code === 'insufficient_points') {
        await loadLoyalty();
        explain(err);
        const { points: _dropped, ...rest } = terms;
        next = rest;
      }
      return request(next);
    },
    note(text) {
      note.textContent = text;
    },
  };
}
