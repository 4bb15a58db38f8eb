import type { Loyalty, Notification, PaymentRecord, Quote } from '../api/types.js';
import type { Colors } from '../output.js';
import { formatMoney, formatTime } from './format.js';
import { renderTable } from './table.js';
import { renderFields } from './views.js';

/** What confirm will charge: each line, the promo, the points, the fees and the total. */
export function renderQuote(quote: Quote, c: Colors): string[] {
  const pairs: [string, string][] = quote.lines.map((l) => [
    `${l.category} × ${l.quantity}`,
    `${formatMoney(l.amount)} (${formatMoney(l.unitPrice)} each)`,
  ]);
  pairs.push(['Subtotal', formatMoney(quote.subtotal)]);
  if (quote.promo) pairs.push([`Promo ${quote.promo.code}`, c.green(`-${formatMoney(quote.promo.discount)}`)]);
  if (quote.points.redeemed > 0) {
    pairs.push([`Points (${quote.points.redeemed})`, c.green(`-${formatMoney(quote.points.discount)}`)]);
  }
  pairs.push(['Fees', formatMoney(quote.fees)], ['To pay', c.bold(formatMoney(quote.total))]);
  return [c.bold('Price'), ...renderFields(pairs, c)];
}

const tierNames: Record<string, string> = { bronze: 'Bronze', silver: 'Silver', gold: 'Gold' };

const kindLabels: Record<string, string> = {
  earn: 'earned',
  earn_reversed: 'earned points taken back',
  redeem: 'spent at checkout',
  redeem_released: 'given back: payment not made',
  redeem_returned: 'given back with a refund',
  adjust: 'adjustment',
};

export function renderLoyalty(l: Loyalty, c: Colors): string[] {
  const tier = tierNames[l.tier] ?? l.tier;
  const lines = renderFields(
    [
      ['Points', `${c.bold(String(l.points))} (1 point = 0.01 off the seats at checkout: book --points)`],
      ['Tier', `${tier} (${l.earnRate} point${l.earnRate === 1 ? '' : 's'} per 1.00 paid)`],
      [
        'Next tier',
        l.nextTier ? `${tierNames[l.nextTier.tier] ?? l.nextTier.tier} in ${l.nextTier.pointsNeeded} points` : 'top tier reached',
      ],
    ],
    c,
  );
  lines.push('');
  if (l.ledger.length === 0) return [...lines, 'No points yet: bookings earn them.'];
  return [
    ...lines,
    ...renderTable(
      [{ header: 'When' }, { header: 'Points', align: 'right' }, { header: 'What for' }, { header: 'Booking' }],
      l.ledger.map((e) => [
        formatTime(e.createdAt),
        e.delta > 0 ? c.green(`+${e.delta}`) : c.red(String(e.delta)),
        e.note ? `${kindLabels[e.kind] ?? e.kind}: ${e.note}` : (kindLabels[e.kind] ?? e.kind),
        e.bookingId ?? '',
      ]),
      c.dim,
    ),
  ];
}

/** Seats waiting for the customer (an offer, a hold about to end): where to act on them. */
const actionable = new Set(['waitlist.offered', 'hold.expiring']);

/** `siteUrl` names the web page to pay or accept on, for notifications that ask for that. */
export function renderNotifications(items: Notification[], unread: number, c: Colors, siteUrl?: string): string[] {
  if (items.length === 0) return ['No notifications.'];
  const lines = [`${unread} unread`, ''];
  for (const n of items) {
    const flag = n.readAt ? '  ' : c.yellow('● ');
    lines.push(`${flag}${c.bold(n.title)} ${c.dim(`· ${formatTime(n.createdAt)} · ${n.notificationId}`)}`);
    lines.push(`  ${n.body}`);
    const showId = typeof n.data.showId === 'string' ? n.data.showId : null;
    if (siteUrl && showId && actionable.has(n.topic)) {
      lines.push(`  → pay at ${siteUrl}/shows/${encodeURIComponent(showId)} (or see: showtime holds)`);
    }
  }
  return lines;
}

export function renderPayments(items: PaymentRecord[], c: Colors, titles = new Map<string, string>()): string[] {
  if (items.length === 0) return ['No payments yet.'];
  const lines = renderTable(
    [
      { header: 'Payment' },
      { header: 'When' },
      { header: 'Show' },
      { header: 'Seats', align: 'right' },
      { header: 'Discount', align: 'right' },
      { header: 'Fees', align: 'right' },
      { header: 'Paid', align: 'right' },
      { header: 'Status' },
      { header: 'Refunded', align: 'right' },
    ],
    items.map((p) => {
      const refunded = p.refunds.reduce((sum, r) => sum + r.amount.amount, 0);
      const from = [p.promoCode, p.pointsRedeemed > 0 ? `${p.pointsRedeemed} pts` : null].filter(Boolean).join(', ');
      return [
        p.paymentId,
        formatTime(p.createdAt),
        titles.get(p.showId) ?? p.showId,
        formatMoney(p.subtotal),
        p.discount.amount > 0 ? `-${formatMoney(p.discount)}${from ? ` (${from})` : ''}` : '',
        formatMoney(p.fees),
        formatMoney(p.amount),
        p.status,
        refunded > 0 ? formatMoney({ amount: refunded, currency: p.currency }) : '',
      ];
    }),
    c.dim,
  );
  return lines;
}
